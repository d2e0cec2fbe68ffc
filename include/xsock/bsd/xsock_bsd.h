/* xsock_bsd.h - the BSD face of xsock: classic socket programs built unchanged for Windows.
 *
 * This folder (include/xsock/bsd) is put on the include path of Windows builds only, by
 * the CMake target xsock::bsd or by `pkg-config --cflags xsock-bsd`. Its <sys/socket.h>,
 * <netinet/in.h>, <arpa/inet.h>, <netdb.h>, <poll.h>, <sys/select.h>, <sys/ioctl.h>,
 * <sys/un.h>, <unistd.h>, <fcntl.h>, ... all include this header, which:
 * - includes the WinSock and C runtime headers first (so their declarations are seen
 *   before the names below become macros);
 * - declares the layer's functions (xsock_bsd_*), implemented in src/bsd on top of xsock;
 * - maps the BSD names onto them with object-like macros (close -> xsock_bsd_close, ...).
 *
 * The contract, in short (README "Porting an existing BSD program" has the table):
 * - sockets are small non-negative int descriptors, numbered with the C runtime's files
 *   (the lowest free number), -1 is failure; close/read/write work on sockets, files,
 *   stdin and stdout; a closed or unknown descriptor gives EBADF.
 * - WinSock is started by the first call that needs it, thread-safely.
 * - errno gets POSIX values (EWOULDBLOCK is EAGAIN, see errno.h); strerror and perror
 *   know the socket errors.
 * - select takes int descriptors below FD_SETSIZE (1024 unless defined before the first
 *   include); poll uses POSIX values and layout.
 * On POSIX systems this folder must not be on the include path (xsock::bsd adds
 * nothing there), hence the #error below. */
#ifndef XSOCK_BSD_H
#define XSOCK_BSD_H
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC system_header
#endif

#include "xsock_bsd_api.h"

/* ------------------------------------------------------------------ the BSD names */

#undef FD_SET
#undef FD_CLR
#undef FD_ISSET
#undef FD_ZERO
#undef h_errno
#undef gai_strerror
#undef inet_ntop
#undef inet_pton
#define fd_set xsock_bsd_fd_set
#define pollfd xsock_bsd_pollfd
/** 1 if fd can be in an fd_set. */
#define XSOCK_BSD_FD_OK(fd) ((fd) >= 0 && (fd) < FD_SETSIZE)
#define FD_ZERO(set) ((void)memset((set), 0, sizeof(xsock_bsd_fd_set)))
#define FD_SET(fd, set)                                                                    \
    (XSOCK_BSD_FD_OK(fd)                                                                   \
         ? (void)((set)->xsock_bits[(unsigned)(fd) / 32u] |= 1u << ((unsigned)(fd) % 32u)) \
         : (void)((set)->xsock_overflow = 1))
#define FD_CLR(fd, set)                                                                       \
    (XSOCK_BSD_FD_OK(fd)                                                                      \
         ? (void)((set)->xsock_bits[(unsigned)(fd) / 32u] &= ~(1u << ((unsigned)(fd) % 32u))) \
         : (void)0)
#define FD_ISSET(fd, set)   \
    (XSOCK_BSD_FD_OK(fd) && \
     (((set)->xsock_bits[(unsigned)(fd) / 32u] >> ((unsigned)(fd) % 32u)) & 1u) != 0u)

#define h_errno (*xsock_bsd_h_errno_location())
/* The calls that take an address length by value are function-like macros that cast
 * it: getaddrinfo's ai_addrlen is a size_t on Windows (a socklen_t on POSIX), and
 * bind(fd, ai->ai_addr, ai->ai_addrlen) must compile cleanly with -Wconversion. The
 * layer checks the length's range itself. */
#define bind(fd, addr, len) xsock_bsd_bind((fd), (addr), (socklen_t)(len))
#define connect(fd, addr, len) xsock_bsd_connect((fd), (addr), (socklen_t)(len))
#define sendto(fd, buf, n, flags, addr, len) \
    xsock_bsd_sendto((fd), (buf), (n), (flags), (addr), (socklen_t)(len))
/* select() passes the program's FD_SETSIZE, so that nfds never reaches past its sets. */
#define select(nfds, readfds, writefds, exceptfds, timeout) \
    xsock_bsd_select_sized((nfds), (readfds), (writefds), (exceptfds), (timeout), FD_SETSIZE)
#define getnameinfo(addr, len, host, hostlen, serv, servlen, flags)                       \
    xsock_bsd_getnameinfo((addr), (socklen_t)(len), (host), (socklen_t)(hostlen), (serv), \
                          (socklen_t)(servlen), (flags))
#define socket xsock_bsd_socket
#define socketpair xsock_bsd_socketpair
#define listen xsock_bsd_listen
#define accept xsock_bsd_accept
#define shutdown xsock_bsd_shutdown
#define getsockname xsock_bsd_getsockname
#define getpeername xsock_bsd_getpeername
#define close xsock_bsd_close
#define read xsock_bsd_read
#define write xsock_bsd_write
#define send xsock_bsd_send
#define recv xsock_bsd_recv
#define recvfrom xsock_bsd_recvfrom
#define setsockopt xsock_bsd_setsockopt
#define getsockopt xsock_bsd_getsockopt
#define fcntl xsock_bsd_fcntl
#define ioctl xsock_bsd_ioctl
#define poll xsock_bsd_poll
#define getaddrinfo xsock_bsd_getaddrinfo
#define freeaddrinfo xsock_bsd_freeaddrinfo
#define gai_strerror xsock_bsd_gai_strerror
#define inet_pton xsock_bsd_inet_pton
#define inet_ntop xsock_bsd_inet_ntop
#define inet_addr xsock_bsd_inet_addr
#define inet_aton xsock_bsd_inet_aton
#define inet_ntoa xsock_bsd_inet_ntoa
#define gethostbyname xsock_bsd_gethostbyname
#define gethostbyaddr xsock_bsd_gethostbyaddr
#define getservbyname xsock_bsd_getservbyname
#define getprotobyname xsock_bsd_getprotobyname
#define gethostname xsock_bsd_gethostname
#define hstrerror xsock_bsd_hstrerror
#define herror xsock_bsd_herror
#define strerror xsock_bsd_strerror
#define perror xsock_bsd_perror
#define open xsock_bsd_open
#define dup xsock_bsd_dup
#define dup2 xsock_bsd_dup2
#define fdopen xsock_bsd_fdopen

#endif /* XSOCK_BSD_H */
