/** @file
 * xsock.h - portable Berkeley sockets for POSIX and Windows.
 *
 * Include this one header instead of <sys/socket.h> / <winsock2.h>. It brings in the
 * right system headers, the portable types (xsock_t, XSOCK_INVALID, ssize_t,
 * socklen_t) and the xsock_* API.
 *
 * Conventions, for every function below unless its comment says otherwise:
 * - failure is a negative XSOCK_E* code, identical on every platform; success is 0 or
 *   a non-negative count. errno / WSAGetLastError() are not the interface.
 * - arguments are validated: a NULL pointer, XSOCK_INVALID, a bad length or an
 *   unknown flag gives XSOCK_EINVAL (XSOCK_EBADF for an invalid socket), never a crash.
 * - on Windows, WinSock is started on first use; xsock_init() is optional.
 * - sockets made by xsock are not inherited by child processes and never raise SIGPIPE.
 */
#ifndef XSOCK_H
#define XSOCK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(_WIN32)
#include "xsock/win32.h"
#else
#include "xsock/posix.h"
#endif

/** @def XSOCK_API
 * XSOCK_API marks the public functions: exported from the shared library, imported by
 * users of the Windows DLL (XSOCK_SHARED, set by the CMake package), default
 * visibility elsewhere. */
#if defined(_WIN32)
#if defined(XSOCK_BUILDING)
#if defined(XSOCK_SHARED)
#define XSOCK_API __declspec(dllexport)
#else
#define XSOCK_API
#endif
#elif defined(XSOCK_SHARED)
#define XSOCK_API __declspec(dllimport)
#else
#define XSOCK_API
#endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#define XSOCK_API __attribute__((visibility("default")))
#else
#define XSOCK_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- version */

/** The library version's major number. XSOCK_VERSION_MAJOR, XSOCK_VERSION_MINOR and
 * XSOCK_VERSION_PATCH are the one place the version is defined (CMake and the
 * documentation read it from here). */
#define XSOCK_VERSION_MAJOR 0
/** The library version's minor number. */
#define XSOCK_VERSION_MINOR 1
/** The library version's patch number. */
#define XSOCK_VERSION_PATCH 0

/** The version as "MAJOR.MINOR.PATCH" (static text, never NULL). */
XSOCK_API const char *xsock_version(void);

/** The backend compiled in: "posix" or "win32" (static text, never NULL). */
XSOCK_API const char *xsock_backend(void);

/** Capabilities that xsock_has() reports. */
enum xsock_capability {
    XSOCK_CAP_IPV6 = 1,         /**< AF_INET6 sockets can be created */
    XSOCK_CAP_DUALSTACK,        /**< one IPv6 socket can also serve IPv4 (V6ONLY off) */
    XSOCK_CAP_AF_UNIX,          /**< AF_UNIX stream sockets can be created */
    XSOCK_CAP_KEEPALIVE_TUNING, /**< keepalive idle time and interval can be set */
    XSOCK_CAP_ZEROCOPY_SENDFILE /**< xsock_sendfile() avoids a user-space copy */
};

/** 1 if the running system has the capability, 0 if not, XSOCK_EINVAL for an
 * unknown capability. Probes the system on first call (may start WinSock). */
XSOCK_API int xsock_has(int capability);

/* ---------------------------------------------------------------- errors */

/** Every error code once: X(name, value, message). The values are part of the ABI.
 * enum xsock_errno, xsock_strerror() and xsock_errname() are generated from it. */
#define XSOCK_ERRNO_MAP(X)                                      \
    X(EAGAIN, -1001, "resource temporarily unavailable")        \
    X(EINTR, -1002, "interrupted system call")                  \
    X(EINPROGRESS, -1003, "operation in progress")              \
    X(EALREADY, -1004, "operation already in progress")         \
    X(EINVAL, -1005, "invalid argument")                        \
    X(EBADF, -1006, "bad socket handle")                        \
    X(ENOTSOCK, -1007, "not a socket")                          \
    X(ENOTCONN, -1008, "socket is not connected")               \
    X(EISCONN, -1009, "socket is already connected")            \
    X(ECONNREFUSED, -1010, "connection refused")                \
    X(ECONNRESET, -1011, "connection reset by peer")            \
    X(ECONNABORTED, -1012, "connection aborted")                \
    X(ETIMEDOUT, -1013, "operation timed out")                  \
    X(EADDRINUSE, -1014, "address already in use")              \
    X(EADDRNOTAVAIL, -1015, "address not available")            \
    X(EAFNOSUPPORT, -1016, "address family not supported")      \
    X(EPROTONOSUPPORT, -1017, "protocol not supported")         \
    X(EPIPE, -1018, "broken pipe")                              \
    X(ENETUNREACH, -1019, "network is unreachable")             \
    X(EHOSTUNREACH, -1020, "host is unreachable")               \
    X(ENETDOWN, -1021, "network is down")                       \
    X(EMSGSIZE, -1022, "message too long")                      \
    X(ENOBUFS, -1023, "no buffer space available")              \
    X(ENOMEM, -1024, "out of memory")                           \
    X(EMFILE, -1025, "too many open files")                     \
    X(EACCES, -1026, "permission denied")                       \
    X(ENOTSUP, -1027, "operation not supported")                \
    X(ESHUTDOWN, -1028, "socket has been shut down")            \
    X(EOF, -1029, "end of file")                                \
    X(ENOTFOUND, -1030, "name not found")                       \
    X(EAI_AGAIN, -1031, "temporary failure in name resolution") \
    X(EPROTOTYPE, -1032, "protocol wrong type for socket")      \
    X(ENOPROTOOPT, -1033, "protocol option not available")      \
    X(ENOTINIT, -1034, "socket subsystem not started")          \
    X(EEXIST, -1035, "socket already registered")               \
    X(ENOENT, -1036, "socket not registered")                   \
    X(EUNKNOWN, -1099, "unknown error")

/** The error codes (XSOCK_EAGAIN, XSOCK_EINVAL, ...): negative, same on every platform.
 * Each is XSOCK_ followed by the name in XSOCK_ERRNO_MAP, which also gives its message;
 * at run time xsock_strerror() and xsock_errname() give the message and the name.
 * XSOCK_ERR_END_ (0) is not an error code; it only ends the list. */
enum xsock_errno {
#define XSOCK_ERR_ENUM_(name, value, text) XSOCK_##name = (value),
    XSOCK_ERRNO_MAP(XSOCK_ERR_ENUM_)
#undef XSOCK_ERR_ENUM_
        XSOCK_ERR_END_ = 0
};

/** Success: every function returns 0 (or a non-negative count) when it works. */
#define XSOCK_OK 0

/** A short message for a code ("connection refused"); static text, never NULL;
 * "success" for 0 or any non-negative value (a count), "unknown error" for a negative
 * code that is not in the table. Thread-safe. */
XSOCK_API const char *xsock_strerror(int code);

/** The code's name ("XSOCK_ECONNREFUSED"); static text, never NULL; "XSOCK_OK" for 0
 * or any non-negative value (a count), "XSOCK_EUNKNOWN" for a negative code that is not
 * in the table. Thread-safe. */
XSOCK_API const char *xsock_errname(int code);

/** The calling thread's current native socket error (errno, or WSAGetLastError() on
 * Windows) as an XSOCK_E* code, for code that calls BSD functions directly.
 * Also records that native code for xsock_native_error(). Reading does not change the
 * native error on any compiler (MinGW's emulated thread-locals reset WinSock's error;
 * xsock saves and restores it), so a second call gives the same code.
 * The translation is literal: after a raw bind() onto a port held with
 * SO_EXCLUSIVEADDRUSE, Windows says WSAEACCES, read here as XSOCK_EACCES (xsock_bind
 * says XSOCK_EADDRINUSE on every system). */
XSOCK_API int xsock_last_error(void);

/** The raw native code (errno value, WSA* code, or getaddrinfo EAI_* code) behind the
 * calling thread's last xsock failure, so an error mapped to XSOCK_EUNKNOWN keeps its
 * cause. 0 if no xsock call has failed on this thread. Reading it changes neither
 * errno nor WSAGetLastError(). */
XSOCK_API int xsock_native_error(void);

/* ---------------------------------------------------------------- lifecycle */

/** Start the socket subsystem (WSAStartup on Windows; nothing on POSIX). Reference
 * counted and thread-safe; optional, since every xsock call starts it on first use.
 * Returns 0 or a code. */
XSOCK_API int xsock_init(void);

/** Release one xsock_init() reference (WSACleanup when the count reaches zero; the
 * implicit first-use reference is kept for the life of the process). Extra calls are
 * harmless. Thread-safe. */
XSOCK_API void xsock_cleanup(void);

/* ---------------------------------------------------------------- addresses */

/** Any IPv4 or IPv6 socket address with its length. The union members may be used
 * with raw BSD calls; xsock_addr_sockaddr() and xsock_addr_len() give the pair. */
typedef struct xsock_addr {
    /** The address, seen as each socket address type. */
    union {
        struct sockaddr sa;              /**< the generic view, for the family */
        struct sockaddr_in v4;           /**< the IPv4 view (AF_INET) */
        struct sockaddr_in6 v6;          /**< the IPv6 view (AF_INET6) */
        struct sockaddr_storage storage; /**< room for any family */
    } u;
    socklen_t len; /**< the length of the address in u, in bytes */
} xsock_addr;

/** A buffer size that fits the text of any address from xsock_addr_format(),
 * with its terminating NUL ("[ffff:...:255.255.255.255%4294967295]:65535"). */
#define XSOCK_ADDRSTRLEN 68

/** Parse a numeric address: "1.2.3.4", "1.2.3.4:80", "::1", "[::1]:80",
 * "[fe80::1%eth0]:80" (zone by interface name or number). Text without a port gets
 * default_port. Names ("localhost") are not resolved: use xsock_resolve().
 * Returns 0, or XSOCK_EINVAL for NULL, empty text, junk, a port above 65535,
 * trailing characters or an unknown zone; *out is unchanged on failure. */
XSOCK_API int xsock_addr_parse(xsock_addr *out, const char *text, uint16_t default_port);

/** Write "1.2.3.4:80" or "[::1]:80" (IPv6 text as RFC 5952, the zone as its number,
 * "[fe80::1%2]:80") into buf, NUL-terminated. Returns the text length, XSOCK_ENOBUFS if
 * it does not fit (buf then holds ""; never a truncated address), XSOCK_EINVAL for
 * NULL arguments or len 0, XSOCK_EAFNOSUPPORT for a family other than IPv4/IPv6.
 * The output parses back to an equal address. */
XSOCK_API int xsock_addr_format(const xsock_addr *addr, char *buf, size_t len);

/** Write the bare address, without port or brackets: "1.2.3.4", "::1", "fe80::1%2"
 * (RFC 5952, the zone as its number), NUL-terminated; the same text on every system.
 * Returns the length, or the codes of xsock_addr_format. It parses back with
 * xsock_addr_parse (and is accepted by xsock_resolve and xsock_dial). */
XSOCK_API int xsock_addr_format_host(const xsock_addr *addr, char *buf, size_t len);

/** Fill *out with the wildcard address (0.0.0.0 or ::) of AF_INET or AF_INET6 and
 * the port. Returns 0, XSOCK_EINVAL or XSOCK_EAFNOSUPPORT. */
XSOCK_API int xsock_addr_any(xsock_addr *out, int family, uint16_t port);

/** Fill *out with the loopback address (127.0.0.1 or ::1) and the port.
 * Returns 0, XSOCK_EINVAL or XSOCK_EAFNOSUPPORT. */
XSOCK_API int xsock_addr_loopback(xsock_addr *out, int family, uint16_t port);

/** Copy a system socket address (as filled by accept, recvfrom, getaddrinfo...) into
 * *out. Returns 0, XSOCK_EINVAL if len is too short for its family or larger than a
 * sockaddr_storage. Families other than IPv4/IPv6 are kept as bytes. */
XSOCK_API int xsock_addr_from_sockaddr(xsock_addr *out, const struct sockaddr *sa, socklen_t len);

/** The family (AF_INET, AF_INET6, ...) or XSOCK_EINVAL for NULL. */
XSOCK_API int xsock_addr_family(const xsock_addr *a);

/** The port in host byte order (0-65535), XSOCK_EINVAL for NULL,
 * XSOCK_EAFNOSUPPORT for a family without ports. */
XSOCK_API int xsock_addr_port(const xsock_addr *a);

/** Set the port (host byte order). Returns 0, XSOCK_EINVAL or XSOCK_EAFNOSUPPORT. */
XSOCK_API int xsock_addr_set_port(xsock_addr *a, uint16_t port);

/** 1 if both hold the same family, address, port (and IPv6 zone), 0 if not,
 * XSOCK_EINVAL if either is NULL. */
XSOCK_API int xsock_addr_equal(const xsock_addr *a, const xsock_addr *b);

/** The address as a struct sockaddr pointer for raw BSD calls; NULL for NULL. */
XSOCK_API const struct sockaddr *xsock_addr_sockaddr(const xsock_addr *a);

/** The address length for raw BSD calls; 0 for NULL. */
XSOCK_API socklen_t xsock_addr_len(const xsock_addr *a);

/* ---------------------------------------------------------------- sockets */

/** Create a socket (family AF_INET/AF_INET6/AF_UNIX, type SOCK_STREAM/SOCK_DGRAM,
 * protocol usually 0) into *out. The socket is blocking, not inherited by child
 * processes (SOCK_CLOEXEC / WSA_FLAG_NO_HANDLE_INHERIT, atomic) and never raises
 * SIGPIPE (MSG_NOSIGNAL per call on Linux, SO_NOSIGPIPE on BSD/macOS). An AF_INET6
 * socket is IPv6-only (IPV6_V6ONLY set to 1 on every system, whose defaults differ:
 * Linux 0, Windows and the BSDs 1); xsock_set_v6only(s, 0) before bind makes it dual
 * stack. On Windows, UDP sockets ignore ICMP port-unreachable (no spurious
 * WSAECONNRESET from recvfrom). Returns 0 or a code; *out is XSOCK_INVALID on
 * failure. */
XSOCK_API int xsock_socket(xsock_t *out, int family, int type, int protocol);

/** Close the socket (close / closesocket). Returns 0, XSOCK_EBADF for XSOCK_INVALID,
 * or a code. An EINTR from close() is reported as success (the descriptor is gone on
 * Linux). Using a handle after closing it gives XSOCK_EBADF on POSIX but
 * XSOCK_ENOTSOCK on Windows, where a stale SOCKET is indistinguishable from a
 * non-socket handle. */
XSOCK_API int xsock_close(xsock_t s);

/** Shut down one or both directions: how is XSOCK_SHUT_RD, XSOCK_SHUT_WR or
 * XSOCK_SHUT_RDWR. Returns 0 or a code (XSOCK_ENOTCONN if not connected). */
XSOCK_API int xsock_shutdown(xsock_t s, int how);

/** Bind to addr. Returns 0 or a code. A port in use is XSOCK_EADDRINUSE on every
 * system: on Windows a port held exclusively by another socket makes WinSock say
 * WSAEACCES, which xsock_bind reports as XSOCK_EADDRINUSE (xsock_native_error keeps
 * WSAEACCES; a raw bind() read with xsock_last_error() says XSOCK_EACCES). A port
 * below 1024 without the right to bind it is XSOCK_EACCES on POSIX; Windows has no
 * privileged ports. */
XSOCK_API int xsock_bind(xsock_t s, const xsock_addr *addr);

/** Listen with the given backlog (negative or 0: the system default, SOMAXCONN).
 * Returns 0 or a code. */
XSOCK_API int xsock_listen(xsock_t s, int backlog);

/** Accept a connection into *out, storing the peer address in *peer unless it is
 * NULL. The accepted socket is blocking on every system, also from a non-blocking
 * listener (Windows and macOS would inherit the listener's mode; xsock clears it),
 * never raises SIGPIPE and is not inherited by child processes. Returns 0 or a code
 * (XSOCK_EAGAIN on a non-blocking listener with nothing pending); *out is
 * XSOCK_INVALID on failure. Non-inheritance is atomic on Linux and the BSDs (accept4
 * with SOCK_CLOEXEC). Caveat on Windows and macOS, which have no such call: the
 * accepted handle is inheritable for the instant between accept() and clearing the
 * flag, so a child process created with inheritance on another thread at that moment
 * could inherit it. */
XSOCK_API int xsock_accept(xsock_t s, xsock_t *out, xsock_addr *peer);

/** Connect to addr. Returns 0; on a non-blocking socket XSOCK_EINPROGRESS on every
 * platform (Windows says WSAEWOULDBLOCK) - wait for XSOCK_POLLOUT, then read the result
 * with xsock_socket_error(). A blocking connect interrupted by a signal is waited for,
 * not abandoned. */
XSOCK_API int xsock_connect(xsock_t s, const xsock_addr *addr);

/** Connect within timeout_ms milliseconds (negative: no limit, as xsock_connect).
 * Returns 0, XSOCK_ETIMEDOUT, or the connect error (XSOCK_ECONNREFUSED, ...). A refused
 * connect is reported when it happens, on every Windows version (xsock_poll, not
 * WSAPoll). The socket is left in blocking mode; after a failure, close it. */
XSOCK_API int xsock_connect_timeout(xsock_t s, const xsock_addr *addr, int timeout_ms);

/** The local address of the socket into *out (the real port after binding port 0).
 * Returns 0 or a code; an unbound socket gives XSOCK_EINVAL on Windows (POSIX reports
 * the wildcard address with port 0). */
XSOCK_API int xsock_local_addr(xsock_t s, xsock_addr *out);

/** The peer address of a connected socket into *out. Returns 0 or a code
 * (XSOCK_ENOTCONN). */
XSOCK_API int xsock_peer_addr(xsock_t s, xsock_addr *out);

/** The socket's pending error (SO_ERROR, cleared by reading it) as a code, 0 if none;
 * or a code if the query itself fails. */
XSOCK_API int xsock_socket_error(xsock_t s);

/** Make the socket inheritable by child processes (on = 1) or not (on = 0, the
 * default for xsock sockets). Returns 0 or a code. */
XSOCK_API int xsock_set_inheritable(xsock_t s, int on);

/** 1 if the socket would be inherited by a child process, 0 if not, or a code. */
XSOCK_API int xsock_get_inheritable(xsock_t s);

/* ---------------------------------------------------------------- I/O */

/** Send up to len bytes once. Returns the count sent (possibly less than len), or a
 * code: XSOCK_EAGAIN (non-blocking, full), XSOCK_ETIMEDOUT (blocking, send timeout),
 * XSOCK_EPIPE / XSOCK_ECONNRESET (peer gone; never SIGPIPE), XSOCK_EINTR.
 * flags, the same meaning on every system (others: XSOCK_EINVAL):
 * - XSOCK_MSG_OOB: one byte of urgent data (the last byte sent; the peer reads it with
 *   xsock_recv(..., XSOCK_MSG_OOB) after XSOCK_POLLPRI).
 * - XSOCK_MSG_DONTWAIT: this call does not block; XSOCK_EAGAIN instead (never
 *   XSOCK_ETIMEDOUT). Native on POSIX. Emulated on Windows: a socket not made
 *   non-blocking with xsock_set_nonblocking is switched to non-blocking for the call
 *   and back (two ioctlsocket calls, under one process-wide lock, so such calls are
 *   serialized and xsock_set_nonblocking on another thread waits for them; a blocking
 *   call another thread starts on the same socket during it may get XSOCK_EAGAIN; a
 *   socket made non-blocking by a raw ioctlsocket is made blocking by it).
 * - XSOCK_MSG_NOSIGNAL: accepted and ignored: xsock never raises SIGPIPE.
 * On Windows len is clamped to INT_MAX per call, so the count is always exact. */
XSOCK_API ssize_t xsock_send(xsock_t s, const void *buf, size_t len, int flags);

/** Receive up to len bytes once. Returns the count (0 on orderly shutdown by the peer,
 * or when len is 0) or a code as xsock_send. flags (others: XSOCK_EINVAL):
 * - XSOCK_MSG_PEEK: look without consuming.
 * - XSOCK_MSG_OOB: read the urgent byte (see xsock_send).
 * - XSOCK_MSG_DONTWAIT: this call does not block (see xsock_send for the Windows
 *   emulation and its cost).
 * - XSOCK_MSG_WAITALL: on a stream socket, xsock loops (the systems differ: WinSock
 *   refuses the flag on non-blocking sockets, Wine ignores it) until len bytes came,
 *   the peer shut down, or an error: the count received, or the error if nothing came
 *   first (the next call reports it again). A non-blocking socket (or with
 *   XSOCK_MSG_DONTWAIT) never waits: it returns what is there, or XSOCK_EAGAIN. No
 *   effect on datagram sockets (a datagram is whole). With XSOCK_MSG_PEEK: XSOCK_EINVAL.
 * On Windows len is clamped to INT_MAX per call. For datagrams use xsock_recvfrom,
 * which reports truncation on every platform. */
XSOCK_API ssize_t xsock_recv(xsock_t s, void *buf, size_t len, int flags);

/** Send one datagram (or stream data) to *to. Returns the count sent or a code
 * (XSOCK_EMSGSIZE if the datagram is too large). Flags and clamping as xsock_send. */
XSOCK_API ssize_t xsock_sendto(xsock_t s, const void *buf, size_t len, int flags,
                               const xsock_addr *to);

/** Receive one datagram, storing the sender in *from unless it is NULL. Returns its
 * size. A datagram larger than len is reported the same way on every platform:
 * XSOCK_EMSGSIZE, with buf holding its first len bytes, *from filled in, and the
 * datagram consumed. flags and clamping as xsock_recv, except that XSOCK_MSG_WAITALL has
 * no effect here (use xsock_recv on a stream). */
XSOCK_API ssize_t xsock_recvfrom(xsock_t s, void *buf, size_t len, int flags, xsock_addr *from);

/** Send all len bytes, looping over partial sends and XSOCK_EINTR. Returns 0 or the
 * first error. *sent (unless NULL) gets the count handed to the system either way, so
 * after a failure the caller knows which prefix went out (the same shape as
 * xsock_recv_all; changed in 0.1: there was no count). On a blocking socket a send
 * timeout gives XSOCK_ETIMEDOUT; on a non-blocking one it waits for writability with
 * no time limit (use xsock_send and xsock_wait for a deadline). */
XSOCK_API int xsock_send_all(xsock_t s, const void *buf, size_t len, size_t *sent);

/** Receive exactly len bytes, looping over partial reads and XSOCK_EINTR. Returns 0;
 * XSOCK_EOF if the peer shut down first; or another code (XSOCK_ETIMEDOUT from a
 * blocking socket's receive timeout). *received (unless NULL) gets the count received
 * either way. On a non-blocking socket it waits for readability with no time limit. */
XSOCK_API int xsock_recv_all(xsock_t s, void *buf, size_t len, size_t *received);

/** A scatter/gather buffer: struct iovec on POSIX, WSABUF on Windows (same layout,
 * so an array can be passed to the system unchanged). Fields: base, len. */
typedef struct xsock_buf {
    XSOCK_BUF_FIELDS_
} xsock_buf;
/** @var xsock_buf::base
 * The start of the buffer. */
/** @var xsock_buf::len
 * The buffer's length in bytes (size_t on POSIX, unsigned long on Windows). */

/** A buffer descriptor for base/len. On Windows one buffer holds at most 4 GiB - 1
 * (WSABUF's length is 32 bits): a longer len is clamped, which the I/O functions then
 * report as a partial count. */
XSOCK_API xsock_buf xsock_buf_make(void *base, size_t len);

/** The most buffers that xsock_sendv/xsock_recvv pass to one system call; a longer
 * array is handled as a partial operation. */
#define XSOCK_IOV_MAX 1024

/** Gather-send from count buffers in one call. Returns the total count sent (maybe
 * partial) or a code, as xsock_send. count 0 returns 0. */
XSOCK_API ssize_t xsock_sendv(xsock_t s, const xsock_buf *bufs, size_t count);

/** Scatter-receive into count buffers in one call. Returns the total count received
 * (0 on orderly shutdown, or at once when the buffers hold no room) or a code, as
 * xsock_recv. */
XSOCK_API ssize_t xsock_recvv(xsock_t s, xsock_buf *bufs, size_t count);

/** Send count bytes of file, starting at offset (count < 0: to end of file), over the
 * connected stream socket s. Zero-copy where the system has it (sendfile on Linux,
 * TransmitFile on Windows), a read/send loop elsewhere. Reads the file descriptor
 * directly: flush pending writes to the stream first; the stream's read position is
 * not used and, on Windows, may move. Returns the bytes sent (less than count only if
 * the file ends first; 0 for an offset at or past the end) or a code (XSOCK_EINVAL for
 * a negative offset or a NULL file). */
XSOCK_API int64_t xsock_sendfile(xsock_t s, FILE *file, int64_t offset, int64_t count);

/* ---------------------------------------------------------------- options */

/** Make the socket non-blocking (on = 1) or blocking (on = 0). Returns 0 or a code. */
XSOCK_API int xsock_set_nonblocking(xsock_t s, int on);

/** Let a restarted server bind its port while old connections sit in TIME_WAIT,
 * without ever letting a second live socket take a bound port: SO_REUSEADDR on POSIX
 * stream sockets; SO_EXCLUSIVEADDRUSE on Windows (never SO_REUSEADDR, which there
 * allows port stealing; a plain Windows bind already passes TIME_WAIT). On a POSIX
 * datagram socket it sets nothing: UDP has no TIME_WAIT, and SO_REUSEADDR there lets
 * a second socket bind the port and take the datagrams (Linux). Sharing a port is a
 * separate, explicit opt-in: xsock_setsockopt(s, SOL_SOCKET, SO_REUSEADDR, ...) (or
 * SO_REUSEPORT), with the system's own semantics. BSD/macOS caveat (not testable on
 * this project's machines): SO_REUSEADDR there also lets a socket bind a specific
 * address on a port another socket holds on the wildcard address. Call before
 * xsock_bind.
 * Returns 0 or a code. Windows caveat (documented by Microsoft, not reproducible under
 * Wine): with exclusive use, the port may stay unbindable while connections accepted
 * by the previous instance are still closing (not yet in TIME_WAIT). */
XSOCK_API int xsock_set_reuseaddr(xsock_t s, int on);

/** Receive timeout in milliseconds (0: none) for blocking calls; a blocking receive
 * that times out returns XSOCK_ETIMEDOUT on every platform. Returns 0 or a code
 * (XSOCK_EINVAL for a negative ms).
 * Windows caveat: after a timeout the connection state is undefined; close it. */
XSOCK_API int xsock_set_recv_timeout(xsock_t s, int ms);

/** Send timeout in milliseconds (0: none), as xsock_set_recv_timeout. */
XSOCK_API int xsock_set_send_timeout(xsock_t s, int ms);

/** TCP_NODELAY on or off. Returns 0 or a code. */
XSOCK_API int xsock_set_nodelay(xsock_t s, int on);

/** SO_BROADCAST on or off (UDP). Returns 0 or a code. */
XSOCK_API int xsock_set_broadcast(xsock_t s, int on);

/** IPV6_V6ONLY on or off, before bind (off: the socket also serves IPv4 as
 * \::ffff:a.b.c.d). Sockets made by xsock start with it on, on every system (the
 * systems' own defaults differ). Returns 0 or a code (some systems, OpenBSD, cannot
 * turn it off: see XSOCK_CAP_DUALSTACK). */
XSOCK_API int xsock_set_v6only(xsock_t s, int on);

/** TCP keepalive on or off, with the idle time before the first probe, the interval
 * between probes (seconds, 1-32767) and the probe count (1-127); 0 keeps the system
 * default for that value (on Windows, idle and interval are set together, so a 0 there
 * means Windows' documented default: 2 hours idle, 1 second interval). Returns 0;
 * XSOCK_ENOTSUP if this system cannot set a requested value, keepalive then still
 * being on with what it could set (Windows sets the count only on Windows 10 1703+;
 * systems without TCP_KEEPIDLE/KEEPINTVL/KEEPCNT can only switch keepalive on); or the
 * error of the first value the system refuses, the values before it being set. */
XSOCK_API int xsock_set_keepalive(xsock_t s, int on, int idle_s, int interval_s, int count);

/** The receive buffer size (SO_RCVBUF) in bytes, 1 to INT_MAX / 2; before connect or
 * listen for TCP's window to use it. Returns 0 or a code. The system may clamp it (to
 * its limits, such as Linux's net.core.rmem_max) and xsock_get_recv_buffer tells. */
XSOCK_API int xsock_set_recv_buffer(xsock_t s, int bytes);

/** The send buffer size (SO_SNDBUF), as xsock_set_recv_buffer. */
XSOCK_API int xsock_set_send_buffer(xsock_t s, int bytes);

/** The receive buffer size in bytes, in the unit xsock_set_recv_buffer takes, or a code.
 * The same number on every system: Linux reports twice the size set (the kernel
 * doubles it for its bookkeeping), which xsock halves, so setting n and reading back
 * gives n wherever the system did not clamp it. Windows' default is 64 KiB. */
XSOCK_API int xsock_get_recv_buffer(xsock_t s);

/** The send buffer size, as xsock_get_recv_buffer. */
XSOCK_API int xsock_get_send_buffer(xsock_t s);

/** SO_LINGER: what xsock_close does with unsent data. on 0: the default (close returns
 * at once, the system sends what is queued). on 1 with seconds 0: an abortive close,
 * the connection is reset (the peer reads XSOCK_ECONNRESET), on every system. on 1
 * with seconds 1-65535: close waits up to that long for the data to go (Windows keeps
 * the time in 16 bits; on a non-blocking socket Windows' closesocket may then fail
 * with XSOCK_EAGAIN instead of waiting: set it only on blocking sockets). Returns 0 or
 * a code (XSOCK_EINVAL for seconds outside 0-65535). */
XSOCK_API int xsock_set_linger(xsock_t s, int on, int seconds);

/** setsockopt for options xsock does not wrap: value and len as the system defines the
 * option (they differ between systems: SO_RCVTIMEO is a timeval on POSIX and a DWORD
 * on Windows; prefer the xsock_set_* calls). Returns 0, XSOCK_EINVAL for a NULL value
 * with a length or a length above INT_MAX, or the system's error (XSOCK_ENOPROTOOPT for
 * an unknown option). */
XSOCK_API int xsock_setsockopt(xsock_t s, int level, int name, const void *value, size_t len);

/** getsockopt for options xsock does not wrap: *len is the room at value on entry and
 * the length written on return. value is zeroed first (Wine writes only one byte of
 * BOOL options). Returns 0, XSOCK_EINVAL for a NULL len, a NULL value with room or a
 * length above INT_MAX, or the system's error. */
XSOCK_API int xsock_getsockopt(xsock_t s, int level, int name, void *value, size_t *len);

/** Join the multicast group (an IPv4 or IPv6 address of the socket's family; its port
 * is ignored) on the interface with index ifindex (0: the system's choice, by its
 * routes). Datagrams to the group then reach the socket if it is bound to the group's
 * port (bind the wildcard address, or the group on POSIX). Returns 0, XSOCK_EINVAL,
 * XSOCK_EAFNOSUPPORT (the group's family differs from the socket's), or the system's
 * error (a second join of the same group fails; Linux says XSOCK_EADDRINUSE, and the
 * code is not the same on every system). POSIX uses
 * MCAST_JOIN_GROUP; Windows IP_ADD_MEMBERSHIP (the interface as 0.0.0.index) and
 * IPV6_ADD_MEMBERSHIP. Systems without MCAST_JOIN_GROUP (OpenBSD) take an IPv4 group
 * only with ifindex 0 (else XSOCK_ENOTSUP). */
XSOCK_API int xsock_multicast_join(xsock_t s, const xsock_addr *group, unsigned ifindex);

/** Leave a group joined with xsock_multicast_join (same group and ifindex). Returns 0 or
 * a code as xsock_multicast_join. */
XSOCK_API int xsock_multicast_leave(xsock_t s, const xsock_addr *group, unsigned ifindex);

/** The hop limit of the multicast datagrams this socket sends: IP_MULTICAST_TTL for an
 * IPv4 socket, IPV6_MULTICAST_HOPS for IPv6 (0-255; the default is 1: the local
 * network; 0 stays on this host). Returns 0, XSOCK_EINVAL, XSOCK_EAFNOSUPPORT (not an
 * IP socket) or a code. */
XSOCK_API int xsock_set_multicast_ttl(xsock_t s, int hops);

/** Multicast loopback: whether datagrams sent to a group reach the group's members on
 * this host (on by default). IP_MULTICAST_LOOP / IPV6_MULTICAST_LOOP, by the socket's
 * family. Caveat: POSIX applies it to the sending socket, Windows to the receiving one;
 * to keep this host out, set it off on both. Returns 0 or a code as
 * xsock_set_multicast_ttl. */
XSOCK_API int xsock_set_multicast_loop(xsock_t s, int on);

/* ---------------------------------------------------------------- readiness */

/* Readiness events, for xsock_poll/xsock_wait (the BSD poll() values). */
/** Data to read, the peer's shutdown to read, or a connection to accept. */
#define XSOCK_POLLIN 0x001
/** Urgent (out-of-band) data to read. */
#define XSOCK_POLLPRI 0x002
/** Writable; or a non-blocking connect has finished (read the result with
 * xsock_socket_error()). */
#define XSOCK_POLLOUT 0x004
/** An error is pending, such as a failed non-blocking connect (reported in revents
 * whether asked for or not). */
#define XSOCK_POLLERR 0x008
/** The peer hung up (revents only; POSIX only: Windows never reports it). */
#define XSOCK_POLLHUP 0x010
/** The entry is not an open socket (revents only). */
#define XSOCK_POLLNVAL 0x020

/** One socket to watch: same layout as struct pollfd / WSAPOLLFD. An fd of
 * XSOCK_INVALID is ignored (revents 0). */
struct xsock_pollfd {
    xsock_t fd;    /**< the socket to watch, or XSOCK_INVALID to skip this entry */
    short events;  /**< the events to wait for (XSOCK_POLLIN, XSOCK_POLLOUT, ...) */
    short revents; /**< set by xsock_poll(): the events that occurred */
};

/** Wait until one of the sockets is ready or timeout_ms passes (negative: forever).
 * Returns the number of entries with revents set, 0 on timeout, or a code
 * (XSOCK_EINVAL for count 0: there would be nothing to wait for). Retries
 * EINTR with the remaining time. On Windows it is built on select() with arrays sized
 * to count, so there is no 64-socket limit and a failed non-blocking connect is
 * reported as XSOCK_POLLERR on every version (WSAPoll misses it); XSOCK_POLLHUP is
 * not reported there: a readable socket whose recv returns 0 is the portable sign. */
XSOCK_API int xsock_poll(struct xsock_pollfd *fds, size_t count, int timeout_ms);

/** Wait for events (XSOCK_POLLIN, XSOCK_POLLOUT and/or XSOCK_POLLPRI) on one socket.
 * Returns the revents, 0 on timeout, or a code (XSOCK_EINVAL for other events). */
XSOCK_API int xsock_wait(xsock_t s, int events, int timeout_ms);

/** A connected pair of sockets of type SOCK_STREAM or SOCK_DGRAM into out[0], out[1].
 * POSIX: socketpair(AF_UNIX). Windows: two loopback sockets; the listener is bound
 * exclusively to 127.0.0.1 and the accepted peer is checked to be the one that
 * connected, so no other process can get in between. Returns 0 or a code. */
XSOCK_API int xsock_socketpair(int type, xsock_t out[2]);

/* ---------------------------------------------------------------- pollers */

/** A set of sockets kept registered between waits, so that a wait costs the number of
 * ready sockets and not the number registered: epoll on Linux, kqueue on macOS and the
 * BSDs, AFD poll requests completed on an I/O completion port on Windows (the interface
 * wepoll and libuv use); elsewhere, or where that cannot be opened, one xsock_poll()
 * over the whole set per wait, the same results at O(n) cost. Readiness is
 * level-triggered, as with xsock_poll(). Threads: xsock_poller_wakeup() may be called
 * from any thread at any time between xsock_poller_open() and xsock_poller_close();
 * every other call on one poller must come from one thread at a time (serialize them
 * yourself to share a poller). It is not inherited by child processes. */
typedef struct xsock_poller xsock_poller;

/** In xsock_event.events: not a socket's readiness but xsock_poller_wakeup() (the entry's
 * fd is XSOCK_INVALID and its data NULL). */
#define XSOCK_POLLWAKEUP 0x040

/** One ready socket, filled in by xsock_poller_wait(). */
struct xsock_event {
    xsock_t fd; /**< the socket */
    int events; /**< what is ready: XSOCK_POLLIN, XSOCK_POLLOUT, XSOCK_POLLERR, XSOCK_POLLHUP */
    void *data; /**< the pointer last given for this socket to xsock_poller_add/modify */
};

/** Create an empty poller into *out. Returns 0, or XSOCK_EINVAL (out NULL),
 * XSOCK_ENOMEM, XSOCK_EMFILE; *out is NULL on failure. Thread-safe (each call makes its
 * own poller). */
XSOCK_API int xsock_poller_open(xsock_poller **out);

/** Destroy a poller (NULL is allowed and does nothing). The registered sockets stay
 * open: they belong to the caller. No other call on p may run meanwhile or after. */
XSOCK_API void xsock_poller_close(xsock_poller *p);

/** How the poller waits: "epoll", "kqueue", "afd" (Windows) or the whole-set
 * fallback "poll" (POSIX) / "select" (Windows) (static text; "" for NULL). Safe from any
 * thread: it reads only what xsock_poller_open() set. */
XSOCK_API const char *xsock_poller_method(const xsock_poller *p);

/** Register socket s for events (XSOCK_POLLIN and/or XSOCK_POLLOUT; 0 registers it
 * paused: nothing is reported, not even errors, until xsock_poller_modify), with data
 * returned by each event. XSOCK_POLLERR and XSOCK_POLLHUP are reported whenever any
 * event is asked for. Returns 0, or XSOCK_EEXIST (already registered), XSOCK_EINVAL,
 * XSOCK_EBADF / XSOCK_ENOTSOCK (s is not an open socket), XSOCK_ENOMEM. Remove a socket
 * before closing it: the handle may be reused by the next socket opened. Until it is
 * removed, a socket closed while registered is reported as nothing (epoll, kqueue), as
 * nothing or once more with what it showed before the close (afd), or as XSOCK_POLLERR
 * | XSOCK_POLLHUP at every wait (the whole-set fallback). Not while another thread
 * uses p (xsock_poller_wakeup excepted). */
XSOCK_API int xsock_poller_add(xsock_poller *p, xsock_t s, int events, void *data);

/** Change what a registered socket is watched for, and its data. Returns 0, or
 * XSOCK_ENOENT (not registered), XSOCK_EINVAL, or the system's error. Not while another
 * thread uses p (xsock_poller_wakeup excepted). */
XSOCK_API int xsock_poller_modify(xsock_poller *p, xsock_t s, int events, void *data);

/** Stop watching s. Returns 0, or XSOCK_ENOENT (not registered), XSOCK_EINVAL. It
 * succeeds even if s has been closed already, and nothing from the old socket is ever
 * reported for a new one that gets its handle value. Not while another thread uses p
 * (xsock_poller_wakeup excepted). */
XSOCK_API int xsock_poller_remove(xsock_poller *p, xsock_t s);

/** Wait until a registered socket is ready or timeout_ms passes (negative: forever),
 * and store up to max ready sockets in out, one entry per socket. Returns the count
 * stored, 0 on timeout or with nothing registered, or a code (XSOCK_EINVAL for a NULL
 * poller or out, max 0). Retries EINTR with the remaining time. When more than max
 * sockets are ready, the next waits report the others (none is starved). Sockets may be
 * added, modified and removed at any time between waits, also while handling the
 * events of the last one; each wait reports only sockets registered when it runs. A
 * pending xsock_poller_wakeup() ends the wait with one entry {XSOCK_INVALID,
 * XSOCK_POLLWAKEUP, NULL} among the count (however many wakeups came since the last
 * report); with nothing registered the wait returns 0 at once and the wakeup stays
 * pending. Not while another thread uses p (xsock_poller_wakeup excepted). */
XSOCK_API int xsock_poller_wait(xsock_poller *p, struct xsock_event *out, size_t max,
                                int timeout_ms);

/** Wake the thread blocked in xsock_poller_wait() on p, or the next wait if none is
 * blocked (a wakeup is never lost; several before one wait are reported once). Safe from
 * any thread, also while another thread waits, adds or removes. Uses an eventfd (Linux),
 * an EVFILT_USER event (kqueue), PostQueuedCompletionStatus (afd) or a socket pair that
 * the poller owns (the whole-set fallback). Returns 0, or XSOCK_EINVAL (p NULL), or the
 * system's error. For xsock_poll() users: keep an xsock_socketpair(), watch its first
 * end for XSOCK_POLLIN, send a byte on the other end to wake the poll, and read it back. */
XSOCK_API int xsock_poller_wakeup(xsock_poller *p);

/* ---------------------------------------------------------------- names */

/** Resolve host and service (either may be NULL, not both) into up to max addresses,
 * in the system's preferred order, without duplicates. family: AF_UNSPEC, AF_INET or
 * AF_INET6; type: 0, SOCK_STREAM or SOCK_DGRAM. Returns the count stored (>= 1), or
 * XSOCK_ENOTFOUND, XSOCK_EAI_AGAIN, XSOCK_EINVAL, ... Thread-safe, including the error
 * text on Windows (xsock_strerror, never gai_strerror). Blocks while resolving.
 * A host in brackets, as xsock_addr_format writes it ("[::1]", "[fe80::1%eth0]"), is
 * taken without them (also by xsock_dial and xsock_serve).
 * host and service are UTF-8 on every system (text that is not UTF-8: XSOCK_EINVAL);
 * Windows gets them through the wide GetAddrInfoW, never the code-page getaddrinfo.
 * Caveat for non-ASCII names: Windows looks up their IDNA form ("xn--..."), POSIX
 * getaddrinfo the UTF-8 bytes as given. */
XSOCK_API int xsock_resolve(const char *host, const char *service, int family, int type,
                            xsock_addr *out, size_t max);

/** Resolve host/service and connect to each address in turn until one succeeds,
 * within timeout_ms overall (negative: no limit). Each address gets an equal share of
 * the time left, but at least 2 s when the total allows. host and service are both
 * required; type 0 means SOCK_STREAM. The connected socket (blocking) goes to *out.
 * Returns 0; XSOCK_ETIMEDOUT when the time runs out; else the last address's error. */
XSOCK_API int xsock_dial(xsock_t *out, const char *host, const char *service, int type,
                         int timeout_ms);

/** A socket bound to host/service (host NULL: every interface, IPv6 and IPv4 together
 * where the system allows, else IPv4), with xsock_set_reuseaddr semantics, listening
 * with backlog for SOCK_STREAM. An IPv6 host ("::", "::1") serves IPv6 only, as every
 * xsock IPv6 socket: pass NULL for both families. Returns 0 or a code; *out is
 * XSOCK_INVALID on failure. */
XSOCK_API int xsock_serve(xsock_t *out, const char *host, const char *service, int type,
                          int backlog);

/** Room for an interface name in struct xsock_interface, with its NUL. */
#define XSOCK_IFNAMESIZE 256

/** For struct xsock_interface's flags: the interface is up (POSIX IFF_UP; Windows'
 * operational status "up"). */
#define XSOCK_IF_UP 0x1
/** For struct xsock_interface's flags: a loopback interface. */
#define XSOCK_IF_LOOPBACK 0x2
/** For struct xsock_interface's flags: the interface can do multicast. */
#define XSOCK_IF_MULTICAST 0x4

/** One IPv4 or IPv6 address of a local network interface, from xsock_interfaces(). */
struct xsock_interface {
    /** The interface's name as UTF-8: "eth0", "lo" on POSIX; Windows' friendly name
     * ("Ethernet"), as xsock_addr_parse takes it in a zone ("fe80::1%Ethernet"). A name
     * longer than XSOCK_IFNAMESIZE - 1 bytes is cut at a character boundary. */
    char name[XSOCK_IFNAMESIZE];
    unsigned index;  /**< the interface index (for multicast and IPv6 zones), 0 if none */
    int flags;       /**< XSOCK_IF_UP, XSOCK_IF_LOOPBACK, XSOCK_IF_MULTICAST */
    xsock_addr addr; /**< the address (port 0; IPv6 link-local ones with their zone) */
    int prefix_len;  /**< the network prefix length in bits (24 for a /24), or -1 */
};

/** The local interfaces' IPv4 and IPv6 addresses, one entry per address (getifaddrs on
 * POSIX, GetAdaptersAddresses on Windows), up to max into out. Returns the number of
 * addresses the system has, which may be more than max (call with max 0 to size the
 * array: out may then be NULL), or a code (XSOCK_EINVAL for a NULL out with max > 0,
 * XSOCK_ENOMEM). Interfaces without an IP address are not listed. */
XSOCK_API int xsock_interfaces(struct xsock_interface *out, size_t max);

/** Flag for xsock_addr_name(): fail with XSOCK_ENOTFOUND when the address has no name,
 * instead of giving its numeric text. */
#define XSOCK_NAME_REQUIRED 1

/** The host name of an IPv4/IPv6 address (reverse lookup, getnameinfo), as UTF-8 into
 * buf, NUL-terminated. Without a name: the numeric text (as xsock_addr_format_host), or
 * with XSOCK_NAME_REQUIRED XSOCK_ENOTFOUND. Returns the length, or XSOCK_ENOBUFS (buf
 * then holds ""), XSOCK_EINVAL (NULL arguments, len 0, unknown flags),
 * XSOCK_EAFNOSUPPORT (another family), XSOCK_ENOTFOUND, XSOCK_EAI_AGAIN: the same codes
 * on every system (Windows uses the wide GetNameInfoW). Blocks while resolving. */
XSOCK_API int xsock_addr_name(const xsock_addr *addr, char *buf, size_t len, int flags);

/** This machine's host name (gethostname; GetHostNameW on Windows 8 and later) as UTF-8
 * into buf, NUL-terminated. Returns the length, XSOCK_ENOBUFS if it does not fit (buf
 * then holds "", never a truncated name; the same on every system, where gethostname
 * truncates or fails depending on the system), or XSOCK_EINVAL for NULL or len 0. */
XSOCK_API int xsock_hostname(char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* XSOCK_H */
