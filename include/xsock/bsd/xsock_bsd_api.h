/* xsock_bsd_api.h - types, constants and functions of xsock's BSD layer, without the
 * macros that map the BSD names onto them (those are in xsock_bsd.h). Windows only. */
#ifndef XSOCK_BSD_API_H
#define XSOCK_BSD_API_H
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC system_header
#endif

#ifndef _WIN32
#error \
    "include/xsock/bsd is xsock's BSD layer for Windows builds; on POSIX use the system headers (xsock::bsd adds nothing there)"
#endif

/* Before <winsock2.h>: the set size that select() programs expect (Linux: 1024). The
 * layer's fd_set below is a bitmap of FD_SETSIZE int descriptors. */
#ifndef FD_SETSIZE
#define FD_SETSIZE 1024
#endif
#if !defined(_WIN32_WINNT)
#define _WIN32_WINNT 0x0600
#elif _WIN32_WINNT < 0x0600
#error "xsock's BSD layer needs _WIN32_WINNT >= 0x0600 (Windows Vista)"
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif

#include <winsock2.h>
#include <ws2tcpip.h>
#if defined(__has_include)
#if __has_include(<afunix.h>)
#include <afunix.h>
#define XSOCK_BSD_HAVE_AFUNIX_H 1
#endif
#endif
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#if defined(__MINGW32__)
#include <unistd.h>
#endif

#if defined(_MSC_VER) && !defined(XSOCK_HAVE_SSIZE_T) && !defined(_SSIZE_T_DEFINED)
#include <basetsd.h>
typedef SSIZE_T ssize_t;
#define _SSIZE_T_DEFINED
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ types */

/** IPv4 address as a number (network byte order). */
typedef uint32_t in_addr_t;
/** Port number (network byte order). */
typedef uint16_t in_port_t;
/** Address family of a socket address. */
typedef unsigned short sa_family_t;
/** Count of entries for poll(). */
typedef unsigned long nfds_t;

#if !defined(XSOCK_BSD_HAVE_AFUNIX_H)
/** Path length of a struct sockaddr_un (as Windows' <afunix.h>). */
#define UNIX_PATH_MAX 108
/** A Unix domain socket address (Windows 10 1803+ has AF_UNIX stream sockets). */
struct sockaddr_un {
    ADDRESS_FAMILY sun_family;    /**< AF_UNIX */
    char sun_path[UNIX_PATH_MAX]; /**< the path, NUL-terminated */
};
#endif
#ifndef AF_LOCAL
/** Another name of AF_UNIX. */
#define AF_LOCAL AF_UNIX
#endif
#ifndef PF_LOCAL
/** Another name of PF_UNIX. */
#define PF_LOCAL AF_UNIX
#endif

/** A set of int descriptors for select(): a bitmap of FD_SETSIZE bits, with a flag that
 * FD_SET raises for a descriptor outside [0, FD_SETSIZE) so that select() fails with
 * EINVAL instead of silently leaving it out (WinSock's own fd_set stops at 64). */
typedef struct xsock_bsd_fd_set {
    int xsock_overflow;                              /**< FD_SET saw an out-of-range fd */
    unsigned int xsock_bits[(FD_SETSIZE + 31) / 32]; /**< bit fd % 32 of word fd / 32 */
} xsock_bsd_fd_set;

/** One entry for poll(), with POSIX layout (an int descriptor) and POSIX event values. */
struct xsock_bsd_pollfd {
    int fd;        /**< the descriptor; a negative one is ignored */
    short events;  /**< POLLIN, POLLOUT, POLLPRI */
    short revents; /**< what happened, plus POLLERR, POLLHUP, POLLNVAL */
};

/* ------------------------------------------------------------------ constants */

#undef POLLIN
#undef POLLPRI
#undef POLLOUT
#undef POLLERR
#undef POLLHUP
#undef POLLNVAL
#undef POLLRDNORM
#undef POLLRDBAND
#undef POLLWRNORM
#undef POLLWRBAND
/** poll(): data to read (the Linux values, which xsock uses too). */
#define POLLIN 0x001
/** poll(): urgent data to read. */
#define POLLPRI 0x002
/** poll(): writable, or a non-blocking connect has finished. */
#define POLLOUT 0x004
/** poll(): an error is pending (a failed non-blocking connect). */
#define POLLERR 0x008
/** poll(): hung up (with POLLERR for a failed connect). */
#define POLLHUP 0x010
/** poll(): the descriptor is not an open socket. */
#define POLLNVAL 0x020
/** poll(): as POLLIN. */
#define POLLRDNORM 0x040
/** poll(): as POLLPRI. */
#define POLLRDBAND 0x080
/** poll(): as POLLOUT. */
#define POLLWRNORM 0x100
/** poll(): as POLLOUT. */
#define POLLWRBAND 0x200

/** shutdown(): stop receiving. */
#define SHUT_RD SD_RECEIVE
/** shutdown(): stop sending (the peer reads end of stream). */
#define SHUT_WR SD_SEND
/** shutdown(): both directions. */
#define SHUT_RDWR SD_BOTH

/** socket()/socketpair() type flag: the new socket is non-blocking (Linux's value). */
#define SOCK_NONBLOCK 0x800
/** socket()/socketpair() type flag: not inherited by child processes (the default for
 * the layer's sockets; accepted and kept). */
#define SOCK_CLOEXEC 0x80000
/** Send flag: never raise SIGPIPE (there is none on Windows; accepted and dropped). */
#define MSG_NOSIGNAL 0x4000
/** Send/receive flag: do not block for this one call (emulated). */
#define MSG_DONTWAIT 0x40

/** fcntl(): get the descriptor flags (FD_CLOEXEC). */
#define F_GETFD 1
/** fcntl(): set the descriptor flags. */
#define F_SETFD 2
/** fcntl(): get the status flags (O_NONBLOCK). */
#define F_GETFL 3
/** fcntl(): set the status flags. */
#define F_SETFL 4
/** fcntl() F_GETFD flag: not inherited by child processes (the default for sockets). */
#define FD_CLOEXEC 1
#ifndef O_NONBLOCK
/** fcntl() F_GETFL/F_SETFL flag: non-blocking socket. */
#define O_NONBLOCK 0x0800
#endif
#ifndef O_NDELAY
/** Old name of O_NONBLOCK. */
#define O_NDELAY O_NONBLOCK
#endif

#ifndef EAI_SYSTEM
/** getaddrinfo(): a system error (in errno). WinSock never returns it; defined so that
 * Linux programs that test for it compile. */
#define EAI_SYSTEM (-11)
#endif
#ifndef INADDR_NONE
/** inet_addr()'s failure value. */
#define INADDR_NONE 0xffffffffu
#endif

/* ------------------------------------------------------------------ functions */
/* Each behaves as its POSIX namesake: -1 (NULL for pointers) and errno on failure. */

/** socket(): a new descriptor, or -1 (EAFNOSUPPORT, EMFILE, ...). AF_INET6 sockets
 * start dual stack (IPV6_V6ONLY 0), as on Linux. type may carry SOCK_NONBLOCK and
 * SOCK_CLOEXEC. */
int xsock_bsd_socket(int domain, int type, int protocol);
/** socketpair(): AF_UNIX (AF_LOCAL) SOCK_STREAM or SOCK_DGRAM pair, made of two loopback
 * sockets (xsock_socketpair's hardened pair). 0 or -1. */
int xsock_bsd_socketpair(int domain, int type, int protocol, int sv[2]);
/** bind(): 0 or -1 (EADDRINUSE also for a port held exclusively). */
int xsock_bsd_bind(int fd, const struct sockaddr *addr, socklen_t len);
/** listen(): 0 or -1. */
int xsock_bsd_listen(int fd, int backlog);
/** accept(): the new descriptor (blocking, whatever the listener's mode), or -1
 * (EAGAIN on a non-blocking listener with nothing pending). addr/len may be NULL; the
 * address is truncated to *len and *len set to its full size, as on Linux. */
int xsock_bsd_accept(int fd, struct sockaddr *addr, socklen_t *len);
/** connect(): 0, or -1 with EINPROGRESS on a non-blocking socket (WinSock says
 * WSAEWOULDBLOCK), ECONNREFUSED, ETIMEDOUT, ... */
int xsock_bsd_connect(int fd, const struct sockaddr *addr, socklen_t len);
/** shutdown(): SHUT_RD, SHUT_WR or SHUT_RDWR. 0 or -1. */
int xsock_bsd_shutdown(int fd, int how);
/** getsockname(): 0 or -1. */
int xsock_bsd_getsockname(int fd, struct sockaddr *addr, socklen_t *len);
/** getpeername(): 0 or -1 (ENOTCONN). */
int xsock_bsd_getpeername(int fd, struct sockaddr *addr, socklen_t *len);
/** close(): a socket or a C runtime descriptor (file, pipe, stdin...). 0 or -1 (EBADF). */
int xsock_bsd_close(int fd);
/** read(): recv() on a socket, the C runtime's read() otherwise. */
ssize_t xsock_bsd_read(int fd, void *buf, size_t len);
/** write(): send() on a socket, the C runtime's write() otherwise. */
ssize_t xsock_bsd_write(int fd, const void *buf, size_t len);
/** send(): flags MSG_OOB, MSG_NOSIGNAL (ignored), MSG_DONTWAIT. A socket with
 * SO_SNDTIMEO gives EAGAIN when it expires. */
ssize_t xsock_bsd_send(int fd, const void *buf, size_t len, int flags);
/** recv(): flags MSG_PEEK, MSG_OOB, MSG_WAITALL, MSG_DONTWAIT. A socket with
 * SO_RCVTIMEO gives EAGAIN when it expires. */
ssize_t xsock_bsd_recv(int fd, void *buf, size_t len, int flags);
/** sendto(): as send, to addr (NULL on a connected socket). */
ssize_t xsock_bsd_sendto(int fd, const void *buf, size_t len, int flags,
                         const struct sockaddr *addr, socklen_t addrlen);
/** recvfrom(): as recv; a datagram longer than len is truncated to len (no error), as
 * on Linux. */
ssize_t xsock_bsd_recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *addr,
                           socklen_t *addrlen);
/** setsockopt(): any option, value by void pointer. SO_RCVTIMEO/SO_SNDTIMEO take a
 * struct timeval; SO_REUSEADDR has the BSD meaning (SO_EXCLUSIVEADDRUSE underneath). */
int xsock_bsd_setsockopt(int fd, int level, int name, const void *value, socklen_t len);
/** getsockopt(): SO_ERROR gives an errno value; SO_RCVTIMEO/SO_SNDTIMEO a struct
 * timeval; int options are zeroed before the system writes them. */
int xsock_bsd_getsockopt(int fd, int level, int name, void *value, socklen_t *len);
/** fcntl(): F_GETFL/F_SETFL (O_NONBLOCK), F_GETFD/F_SETFD (FD_CLOEXEC) on sockets;
 * on other descriptors F_GETFL returns 0 and F_SETFL accepts 0; else -1 EINVAL. */
int xsock_bsd_fcntl(int fd, int cmd, ...);
/** ioctl(): FIONBIO and FIONREAD with an int (or u_long) argument on sockets. */
int xsock_bsd_ioctl(int fd, unsigned long request, ...);
/** select(): any socket descriptors below FD_SETSIZE; the timeout is updated with the
 * time left. Non-socket descriptors give EBADF (Windows cannot wait on them). The sets
 * are read up to nfds bits: use xsock_bsd_select_sized to bound that by their size. */
int xsock_bsd_select(int nfds, xsock_bsd_fd_set *readfds, xsock_bsd_fd_set *writefds,
                     xsock_bsd_fd_set *exceptfds, struct timeval *timeout);
/** select() as the BSD name maps it: as xsock_bsd_select, with nfds lowered to setsize
 * (the program's FD_SETSIZE: no descriptor at or above it can be in a set), so that a
 * large nfds never reads past the sets. */
int xsock_bsd_select_sized(int nfds, xsock_bsd_fd_set *readfds, xsock_bsd_fd_set *writefds,
                           xsock_bsd_fd_set *exceptfds, struct timeval *timeout, int setsize);
/** poll(): POSIX conventions; a failed non-blocking connect gives POLLERR | POLLHUP on
 * every Windows version; a non-socket descriptor POLLNVAL. */
int xsock_bsd_poll(struct xsock_bsd_pollfd *fds, nfds_t nfds, int timeout);
/** getaddrinfo(): starts WinSock; returns 0 or an EAI_* code. */
int xsock_bsd_getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                          struct addrinfo **res);
/** freeaddrinfo(): NULL is allowed. */
void xsock_bsd_freeaddrinfo(struct addrinfo *res);
/** getnameinfo(): starts WinSock; returns 0 or an EAI_* code. */
int xsock_bsd_getnameinfo(const struct sockaddr *addr, socklen_t addrlen, char *host,
                          socklen_t hostlen, char *serv, socklen_t servlen, int flags);
/** gai_strerror(): the POSIX (glibc) text of an EAI_* code; static, thread-safe. */
const char *xsock_bsd_gai_strerror(int code);
/** inet_pton(): 1, 0 for malformed text, -1 EAFNOSUPPORT. Strict, as Linux. */
int xsock_bsd_inet_pton(int af, const char *src, void *dst);
/** inet_ntop(): dst, or NULL with ENOSPC (too small), EAFNOSUPPORT, EFAULT. */
const char *xsock_bsd_inet_ntop(int af, const void *src, char *dst, socklen_t size);
/** inet_addr(): the address, or INADDR_NONE. */
in_addr_t xsock_bsd_inet_addr(const char *cp);
/** inet_aton(): 1, or 0 for malformed text. */
int xsock_bsd_inet_aton(const char *cp, struct in_addr *out);
/** inet_ntoa(): dotted text in a per-thread buffer. */
char *xsock_bsd_inet_ntoa(struct in_addr in);
/** gethostbyname(): starts WinSock; NULL with h_errno set on failure. */
struct hostent *xsock_bsd_gethostbyname(const char *name);
/** gethostbyaddr(): starts WinSock; NULL with h_errno set on failure. */
struct hostent *xsock_bsd_gethostbyaddr(const void *addr, socklen_t len, int type);
/** getservbyname(): starts WinSock. */
struct servent *xsock_bsd_getservbyname(const char *name, const char *proto);
/** getprotobyname(): starts WinSock. */
struct protoent *xsock_bsd_getprotobyname(const char *name);
/** gethostname(): starts WinSock; 0 or -1 (ENAMETOOLONG, EFAULT). */
int xsock_bsd_gethostname(char *name, size_t len);
/** The calling thread's h_errno (HOST_NOT_FOUND, TRY_AGAIN, NO_RECOVERY, NO_DATA). */
int *xsock_bsd_h_errno_location(void);
/** hstrerror(): text for an h_errno value; static. */
const char *xsock_bsd_hstrerror(int err);
/** herror(): print "s: text" of h_errno on stderr. */
void xsock_bsd_herror(const char *s);
/** strerror(): the C runtime's text, or the socket text the runtime lacks. */
char *xsock_bsd_strerror(int errnum);
/** perror(): "s: text\n" on stderr with xsock_bsd_strerror's text. */
void xsock_bsd_perror(const char *s);
/** open(): the C runtime's, in binary mode unless O_TEXT is given (POSIX has no text
 * mode: a file read or written through a descriptor keeps its bytes). */
int xsock_bsd_open(const char *path, int flags, ...);
/** dup(): a C runtime descriptor; a socket gives -1 ENOSYS (not emulated). */
int xsock_bsd_dup(int fd);
/** dup2(): as dup. */
int xsock_bsd_dup2(int fd, int fd2);
/** fdopen(): a C runtime descriptor; a socket gives NULL ENOSYS (FILE streams cannot
 * read sockets on Windows). */
FILE *xsock_bsd_fdopen(int fd, const char *mode);

#ifdef __cplusplus
}
#endif

#endif /* XSOCK_BSD_API_H */
