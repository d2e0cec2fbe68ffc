/* platform.h - PRIVATE contract between src/common and a backend (src/posix, src/win32).
 *
 * Common code validates every argument once and then calls these functions; a backend
 * may assume valid handles, non-NULL pointers and in-range values, and never
 * re-validates. Every function that can fail returns a negative XSOCK_E* code made by
 * xsock__plat_fail() (or a precise code) and so records the native error of the
 * calling thread for xsock_native_error(). */
#ifndef XSOCK_PLATFORM_H
#define XSOCK_PLATFORM_H

#include "xsock.h"

/* C99 compile-time check. */
#define XSOCK__STATIC_ASSERT(cond, name) typedef char xsock__assert_##name[(cond) ? 1 : -1]

/* ---- lifecycle and errors */

/* Take one reference on the socket subsystem (WSAStartup); 0 or a code. Thread-safe. */
int xsock__plat_init(void);
/* Drop one xsock__plat_init reference; never below zero. Thread-safe. */
void xsock__plat_cleanup(void);
/* Start the subsystem once for the whole process if it is not running; 0 or a code. */
int xsock__plat_ensure_init(void);
/* Record the calling thread's current native socket error and return it translated. */
int xsock__plat_fail(void);
/* Record native as the thread's last native error and return it translated. */
int xsock__plat_fail_with(int native);
/* Record a getaddrinfo() failure code and return it translated. */
int xsock__plat_fail_gai(int gai_code);
/* The native code recorded by the last failure on this thread (0 if none). */
int xsock__plat_native_error(void);
/* Translate a native socket error code (errno / WSA*) without recording it. */
int xsock__plat_translate(int native);

/* ---- sockets */

/* socket(): non-inheritable, SIGPIPE suppressed, Windows UDP connreset off. */
int xsock__plat_socket(xsock_t *out, int family, int type, int protocol);
/* close()/closesocket(); EINTR counts as closed. */
int xsock__plat_close(xsock_t s);
int xsock__plat_shutdown(xsock_t s, int how);
/* bind(); Windows maps an exclusive-use conflict (WSAEACCES) to XSOCK_EADDRINUSE. */
int xsock__plat_bind(xsock_t s, const struct sockaddr *sa, socklen_t len);
int xsock__plat_listen(xsock_t s, int backlog);
/* accept(): *len in/out; the new socket is non-inheritable, SIGPIPE suppressed. */
int xsock__plat_accept(xsock_t s, xsock_t *out, struct sockaddr *sa, socklen_t *len);
/* connect(): XSOCK_EINPROGRESS for a non-blocking connect under way; a blocking
 * connect interrupted by a signal is waited for. */
int xsock__plat_connect(xsock_t s, const struct sockaddr *sa, socklen_t len);
int xsock__plat_getsockname(xsock_t s, struct sockaddr *sa, socklen_t *len);
int xsock__plat_getpeername(xsock_t s, struct sockaddr *sa, socklen_t *len);
/* setsockopt() with an int value (BOOL/DWORD on Windows). */
int xsock__plat_setsockopt_int(xsock_t s, int level, int name, int value);
/* getsockopt() of an int value; the variable is zeroed first (Wine writes 1 byte). */
int xsock__plat_getsockopt_int(xsock_t s, int level, int name, int *value);
/* setsockopt()/getsockopt() as the system has them (len checked by common code to fit
 * an int); getsockopt zeroes value first (Wine writes only part of some) and sets *len. */
int xsock__plat_setsockopt(xsock_t s, int level, int name, const void *value, socklen_t len);
int xsock__plat_getsockopt(xsock_t s, int level, int name, void *value, socklen_t *len);
/* The buffer size as the system reports it (SO_RCVBUF/SO_SNDBUF) turned into the size
 * asked for: Linux reports twice the size set (its bookkeeping), the others the size. */
int xsock__plat_buffer_reported(int raw);
int xsock__plat_set_inheritable(xsock_t s, int on);
/* 1 inheritable, 0 not, or a code. */
int xsock__plat_get_inheritable(xsock_t s);

/* The address family of s (AF_INET, AF_INET6, ...), bound or not; or a code. */
int xsock__plat_socket_family(xsock_t s);
/* Join (join 1) or leave the multicast group (IPv4 or IPv6 sockaddr of s's family) on
 * interface ifindex (0: the system's choice). */
int xsock__plat_multicast(xsock_t s, int join, const struct sockaddr *group, unsigned ifindex);

/* ---- I/O: len may be any size_t; the backend clamps what its system cannot take.
 * A blocking call that hits its SO_RCVTIMEO/SO_SNDTIMEO returns XSOCK_ETIMEDOUT.
 * send and recv may be given XSOCK_INVALID (common code leaves that check off the hot
 * path): they must then fail with XSOCK_EBADF, never crash. */
ssize_t xsock__plat_send(xsock_t s, const void *buf, size_t len, int flags);
ssize_t xsock__plat_recv(xsock_t s, void *buf, size_t len, int flags);
ssize_t xsock__plat_sendto(xsock_t s, const void *buf, size_t len, int flags,
                           const struct sockaddr *sa, socklen_t salen);
/* recvfrom(): a truncated datagram gives XSOCK_EMSGSIZE with the data and *salen set. */
ssize_t xsock__plat_recvfrom(xsock_t s, void *buf, size_t len, int flags, struct sockaddr *sa,
                             socklen_t *salen);
/* count is 1..XSOCK_IOV_MAX. */
ssize_t xsock__plat_sendv(xsock_t s, const xsock_buf *bufs, size_t count);
ssize_t xsock__plat_recvv(xsock_t s, xsock_buf *bufs, size_t count);
/* Zero-copy file send of exactly count bytes at offset (count >= 0, already limited to
 * the file size). Returns bytes sent, or XSOCK_ENOTSUP (before sending anything) when
 * the system cannot do it for this file, so that common code falls back to a copy. */
int64_t xsock__plat_sendfile(xsock_t s, FILE *file, int64_t offset, int64_t count);
/* Size in bytes of the file behind the stream, or a code. */
int64_t xsock__plat_file_size(FILE *file);
/* Read up to len bytes at offset from the file behind the stream: count, 0 at EOF, or a code. */
ssize_t xsock__plat_pread(FILE *file, void *buf, size_t len, int64_t offset);

/* ---- options */

int xsock__plat_set_nonblocking(xsock_t s, int on);
/* SO_REUSEADDR (POSIX) or SO_EXCLUSIVEADDRUSE (Windows). */
int xsock__plat_set_reuseaddr(xsock_t s, int on);
/* SO_LINGER (struct linger: ints on POSIX, u_shorts on Windows); seconds 0..65535. */
int xsock__plat_set_linger(xsock_t s, int on, int seconds);
/* SO_RCVTIMEO (is_send 0) or SO_SNDTIMEO (is_send 1) in ms, 0 = none. */
int xsock__plat_set_timeout(xsock_t s, int is_send, int ms);
/* Keepalive switch and tuning; values 0 keep the default; XSOCK_ENOTSUP if a
 * requested value cannot be set (the rest still applied). */
int xsock__plat_set_keepalive(xsock_t s, int on, int idle_s, int interval_s, int count);

/* ---- readiness, time, pairs */

/* One poll over the array (count >= 1): ready count, 0 on timeout, XSOCK_EINTR, or a
 * code. Entries with fd XSOCK_INVALID are ignored. timeout_ms < 0 waits forever. */
int xsock__plat_poll(struct xsock_pollfd *fds, size_t count, int timeout_ms);
/* Monotonic milliseconds. */
int64_t xsock__plat_now_ms(void);
/* Connected pair of type SOCK_STREAM or SOCK_DGRAM. */
int xsock__plat_socketpair(int type, xsock_t out[2]);

/* ---- names */

/* getaddrinfo(); failure translated by xsock__plat_fail_gai. */
int xsock__plat_getaddrinfo(const char *host, const char *service, const struct addrinfo *hints,
                            struct addrinfo **res);
void xsock__plat_freeaddrinfo(struct addrinfo *res);
/* Longest host name text a backend writes for xsock__plat_getnameinfo and
 * xsock__plat_hostname, with the NUL (UTF-8: up to 3 bytes per UTF-16 unit). */
#define XSOCK__NAME_MAX (3 * 1025)
/* getnameinfo() for the host only, as UTF-8 into host[XSOCK__NAME_MAX]; required: fail
 * with XSOCK_ENOTFOUND rather than give the numeric text. Failure translated by
 * xsock__plat_fail_gai. */
int xsock__plat_getnameinfo(const struct sockaddr *sa, socklen_t len, char *host, int required);
/* This machine's host name as UTF-8 into name[XSOCK__NAME_MAX]; 0 or a code. */
int xsock__plat_hostname(char *name);
/* The interfaces' IPv4/IPv6 addresses: the total count (at most INT_MAX), the first max
 * stored in out (out may be NULL when max is 0); or a code. */
int xsock__plat_interfaces(struct xsock_interface *out, size_t max);
/* Helpers common code provides to the backends: copy UTF-8 text into
 * name[XSOCK_IFNAMESIZE], cut at a character boundary; and the prefix length of a
 * netmask of len bytes (its leading one bits). */
void xsock__interface_name(char *name, const char *text);
int xsock__prefix_len(const unsigned char *mask, size_t len);
/* Interface index of name, or 0 if there is none. */
unsigned xsock__plat_if_index(const char *name);

/* ---- information */

const char *xsock__plat_name(void);
/* 1 or 0 for a known capability (common code has validated it). */
int xsock__plat_has(int capability);

/* ---- kernel readiness queues (for xsock_poller; common code keeps the registrations) */

/* Open a kernel readiness queue (epoll, kqueue, AFD poll requests on an I/O completion
 * port), not inherited by child processes, into *out. XSOCK_ENOTSUP where the system
 * has none: common code then polls the whole set. */
int xsock__plat_queue_open(intptr_t *out);
/* Close the queue and free what the backend keeps for its sockets (whatever their
 * tokens say): the registrations are forgotten with it. */
void xsock__plat_queue_close(intptr_t queue);
/* The queue's name for xsock_poller_method ("epoll", "kqueue", "afd"). */
const char *xsock__plat_queue_name(void);
/* The name of the whole-set fallback for xsock_poller_method ("poll", "select"). */
const char *xsock__plat_poll_name(void);
/* s was watched for old_events and is now to be watched for events (each a subset of
 * XSOCK_POLLIN | XSOCK_POLLOUT; 0 = not in the queue): add, change or remove it. The
 * two differ. *token is the registration's own storage for the backend (0 while s is
 * not in the queue; the backend sets it back to 0 when events is 0). Level-triggered.
 * 0 or a code. */
int xsock__plat_queue_watch(intptr_t queue, xsock_t s, int old_events, int events, intptr_t *token);
/* Wait up to timeout_ms (< 0: forever) and store up to max (1..INT_MAX) ready sockets in
 * out as {fd, revents} (XSOCK_POLLIN, XSOCK_POLLOUT, XSOCK_POLLERR, XSOCK_POLLHUP); one
 * socket may be stored twice (kqueue: once per filter). A wakeup is stored as {fd
 * XSOCK_INVALID, revents XSOCK_POLLWAKEUP}. Only sockets in the queue now are stored,
 * never one removed before (even if a new socket has its handle value). Count, 0 on
 * timeout, XSOCK_EINTR, or a code. */
int xsock__plat_queue_wait(intptr_t queue, struct xsock_pollfd *out, size_t max, int timeout_ms);
/* Make the running or the next xsock__plat_queue_wait on queue store a wakeup; several
 * before one wait may be stored once. Safe from any thread while another waits. 0 or a
 * code. */
int xsock__plat_queue_wakeup(intptr_t queue);

#endif /* XSOCK_PLATFORM_H */
