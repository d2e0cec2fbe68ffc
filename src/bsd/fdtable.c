/* fdtable.c - int descriptors for sockets.
 *
 * Why not gnulib's way (the socket handle itself made a C runtime descriptor with
 * _open_osfhandle): the runtime's table holds 2048 descriptors (msvcrt; 8192 with UCRT),
 * short of the 10,000 sockets the layer promises, and its close() would CloseHandle a
 * socket, racing another thread's new handle. Here the layer keeps its own table, indexed
 * by the descriptor, and numbers sockets so that they never collide with files:
 * - while the runtime has room, a socket's number is a runtime descriptor reserved for
 *   it (on a private handle to the NUL device, see sys.c): the lowest free number,
 *   shared with files, exactly as POSIX numbers descriptors;
 * - when the runtime is full, numbers continue from the first one the runtime can never
 *   hand out (xsock_bsd__crt_limit()), up to XSOCK_BSD__FD_LIMIT.
 * Lookups take no lock: the table is chunks of fixed size that never move, published
 * once; adding and removing take one lock. A lookup costs the same at any size. */
#include "internal.h"

#include <stdlib.h>

/* Descriptors per chunk, and chunks for XSOCK_BSD__FD_LIMIT descriptors. */
#define CHUNK_BITS 8
#define CHUNK_SIZE (1 << CHUNK_BITS)
#define CHUNK_COUNT (XSOCK_BSD__FD_LIMIT / CHUNK_SIZE)

static struct xsock_bsd__sock *volatile chunks[CHUNK_COUNT];
static SRWLOCK table_lock = SRWLOCK_INIT;
/* Lowest number past the runtime's range that may be free. */
static int overflow_hint = -1;

/* The slot of fd, or NULL if its chunk does not exist (fd in range). */
static struct xsock_bsd__sock *slot(int fd)
{
    struct xsock_bsd__sock *chunk = chunks[fd >> CHUNK_BITS];

    MemoryBarrier(); /* the chunk's contents were written before it was published */
    return chunk == NULL ? NULL : &chunk[fd & (CHUNK_SIZE - 1)];
}

/* The slot of fd, making its chunk if needed (under table_lock); NULL if out of memory. */
static struct xsock_bsd__sock *slot_make(int fd)
{
    struct xsock_bsd__sock *chunk = chunks[fd >> CHUNK_BITS];
    int i;

    if (chunk == NULL) {
        chunk = (struct xsock_bsd__sock *)calloc(CHUNK_SIZE, sizeof *chunk);
        if (chunk == NULL)
            return NULL;
        for (i = 0; i < CHUNK_SIZE; i++)
            chunk[i].s = XSOCK_INVALID;
        MemoryBarrier();
        chunks[fd >> CHUNK_BITS] = chunk;
    }
    return &chunk[fd & (CHUNK_SIZE - 1)];
}

struct xsock_bsd__sock *xsock_bsd__fd_get(int fd)
{
    struct xsock_bsd__sock *e;

    if (fd < 0 || fd >= XSOCK_BSD__FD_LIMIT)
        return NULL;
    e = slot(fd);
    return e != NULL && e->s != XSOCK_INVALID ? e : NULL;
}

struct xsock_bsd__sock *xsock_bsd__sock_of(int fd)
{
    struct xsock_bsd__sock *e = xsock_bsd__fd_get(fd);

    if (e == NULL)
        errno = xsock_bsd__crt_is_open(fd) ? ENOTSOCK : EBADF;
    return e;
}

/* A free number past the runtime's range (under table_lock), or -1. */
static int overflow_number(void)
{
    int fd;

    if (overflow_hint < 0)
        overflow_hint = xsock_bsd__crt_limit();
    for (fd = overflow_hint; fd < XSOCK_BSD__FD_LIMIT; fd++) {
        const struct xsock_bsd__sock *e = slot(fd);
        if (e == NULL || e->s == XSOCK_INVALID) {
            overflow_hint = fd + 1;
            return fd;
        }
    }
    return -1;
}

static void fill(struct xsock_bsd__sock *e, xsock_t s, int reserved)
{
    e->nonblocking = 0;
    e->reuseaddr = 0;
    e->rcvtimeo_ms = 0;
    e->sndtimeo_ms = 0;
    e->crt_reserved = reserved;
    MemoryBarrier();
    e->s = s;
}

int xsock_bsd__fd_add(xsock_t s)
{
    int fd = xsock_bsd__crt_reserve();
    int reserved = fd >= 0;
    struct xsock_bsd__sock *e = NULL;
    xsock_t stale = XSOCK_INVALID;

    AcquireSRWLockExclusive(&table_lock);
    if (fd < 0)
        fd = overflow_number();
    if (fd >= 0)
        e = slot_make(fd);
    if (e != NULL) {
        /* a reserved number in use means the program closed it with the runtime's
         * _close(): that socket is gone for the program; close it too */
        stale = e->s;
        fill(e, s, reserved);
    }
    ReleaseSRWLockExclusive(&table_lock);
    if (stale != XSOCK_INVALID)
        (void)xsock__plat_close(stale);
    if (e != NULL)
        return fd;
    if (reserved)
        xsock_bsd__crt_release(fd);
    (void)xsock__plat_close(s);
    return xsock_bsd__fail_errno(fd < 0 ? EMFILE : ENOMEM);
}

xsock_t xsock_bsd__fd_remove(int fd)
{
    struct xsock_bsd__sock *e;
    xsock_t s = XSOCK_INVALID;
    int reserved = 0;

    if (fd < 0 || fd >= XSOCK_BSD__FD_LIMIT)
        return XSOCK_INVALID;
    AcquireSRWLockExclusive(&table_lock);
    e = slot(fd);
    if (e != NULL && e->s != XSOCK_INVALID) {
        s = e->s;
        reserved = e->crt_reserved;
        e->s = XSOCK_INVALID;
        if (!reserved && fd < overflow_hint)
            overflow_hint = fd;
    }
    ReleaseSRWLockExclusive(&table_lock);
    if (reserved)
        xsock_bsd__crt_release(fd);
    return s;
}
