/* internal.h - PRIVATE helpers of the BSD layer (src/bsd), Windows builds only.
 *
 * The layer turns int descriptors into xsock_t sockets (fdtable.c), calls the backend
 * contract (src/platform.h) and the common address code, and turns XSOCK_E* codes into
 * errno values (errno.c, derived from XSOCK_ERRNO_MAP). What the contract has no
 * function for is called directly in two files only: sys.c (the C runtime's
 * descriptors and I/O, raw socket options, FIONREAD) and names.c (WinSock's host and
 * service database). The other files use the contract and Win32 primitives (locks,
 * Sleep) alone.
 *
 * This folder never includes include/xsock/bsd: the BSD names are not macros here. */
#ifndef XSOCK_BSD_INTERNAL_H
#define XSOCK_BSD_INTERNAL_H

#include "../platform.h"

#include <errno.h>
#include <stddef.h>

/* The public declarations (xsock_bsd_*), without the macros of the BSD names. */
#include "../../include/xsock/bsd/xsock_bsd_api.h"

/* Thread-local storage class (as src/win32 spells it). MinGW emulates it through
 * TlsGetValue, which resets the thread's last error: read WSAGetLastError() first. */
#if defined(_MSC_VER)
#define XSOCK_BSD__THREAD __declspec(thread)
#else
#define XSOCK_BSD__THREAD __thread
#endif

/* ---- errors (errno.c) */

/* The errno value for an XSOCK_E* code (0 for 0). */
int xsock_bsd__errno_of(int code);
/* Set errno for code and return -1. */
int xsock_bsd__fail(int code);
/* Set errno to e and return -1. */
int xsock_bsd__fail_errno(int e);

/* ---- the descriptor table (fdtable.c) */

/* Per-socket state that Windows cannot be asked for. */
struct xsock_bsd__sock {
    xsock_t s;        /* XSOCK_INVALID: the slot is free */
    int nonblocking;  /* FIONBIO state (F_GETFL) */
    int reuseaddr;    /* SO_REUSEADDR as the program set it */
    int rcvtimeo_ms;  /* SO_RCVTIMEO (0 none) */
    int sndtimeo_ms;  /* SO_SNDTIMEO (0 none) */
    int crt_reserved; /* the number is held as a C runtime descriptor */
};

/* Largest descriptor number + 1 the table can hold. */
#define XSOCK_BSD__FD_LIMIT 65536

/* Register socket s; returns its new descriptor, or -1 with errno (s is then closed). */
int xsock_bsd__fd_add(xsock_t s);
/* The state of descriptor fd if it is a socket, else NULL (fd may be any int). */
struct xsock_bsd__sock *xsock_bsd__fd_get(int fd);
/* Forget descriptor fd (a socket): returns its socket (XSOCK_INVALID if none). */
xsock_t xsock_bsd__fd_remove(int fd);
/* The socket of fd, or XSOCK_INVALID with errno EBADF (or ENOTSOCK for a C runtime
 * descriptor that is not a socket). */
struct xsock_bsd__sock *xsock_bsd__sock_of(int fd);

/* ---- system calls the contract does not cover (sys.c) */

/* A C runtime descriptor slot held for a socket (the lowest free number), or -1 when
 * the runtime has no free slot (errno untouched). */
int xsock_bsd__crt_reserve(void);
/* Release a slot from xsock_bsd__crt_reserve. */
void xsock_bsd__crt_release(int fd);
/* 1 if fd is an open C runtime descriptor. */
int xsock_bsd__crt_is_open(int fd);
/* The first descriptor number the C runtime can never hand out. */
int xsock_bsd__crt_limit(void);
/* C runtime close/read/write (-1 and errno). */
int xsock_bsd__crt_close(int fd);
ssize_t xsock_bsd__crt_read(int fd, void *buf, size_t len);
ssize_t xsock_bsd__crt_write(int fd, const void *buf, size_t len);
/* setsockopt/getsockopt of any value; 0 or an XSOCK code. */
int xsock_bsd__sys_setsockopt(xsock_t s, int level, int name, const void *value, int len);
int xsock_bsd__sys_getsockopt(xsock_t s, int level, int name, void *value, int *len);
/* FIONREAD; 0 or a code. */
int xsock_bsd__sys_nread(xsock_t s, unsigned long *out);

/* ---- shared by the layer's files */

/* errno for a failed call on socket e: an expired SO_RCVTIMEO (is_send 0) or
 * SO_SNDTIMEO (is_send 1) is EAGAIN, as on Linux; -1. */
int xsock_bsd__io_fail(const struct xsock_bsd__sock *e, int code, int is_send);
/* Declared by include/xsock/bsd/signal.h for programs. */
void (*xsock_bsd_signal(int sig, void (*handler)(int)))(int);

#endif /* XSOCK_BSD_INTERNAL_H */
