/* sendfile.c - sendfile(2) where the kernel has it (Linux), pread for the copy loop. */
#include "internal.h"

#include <errno.h>
#include <sys/stat.h>
#if defined(XSOCK_HAVE_LINUX_SENDFILE)
#include <pthread.h>
#include <signal.h>
#include <sys/sendfile.h>
#include <time.h>
#endif

/* The most one sendfile(2) call moves on Linux (MAX_RW_COUNT). */
#define XSOCK__SENDFILE_CHUNK 0x7ffff000

int64_t xsock__plat_file_size(FILE *file)
{
    struct stat st;
    if (fstat(fileno(file), &st) != 0)
        return xsock__plat_fail();
    if (!S_ISREG(st.st_mode))
        return xsock__plat_fail_with(EINVAL); /* a pipe or device has no size to send */
    return (int64_t)st.st_size;
}

ssize_t xsock__plat_pread(FILE *file, void *buf, size_t len, int64_t offset)
{
    ssize_t n;
    do {
        n = pread(fileno(file), buf, len, (off_t)offset);
    } while (n < 0 && errno == EINTR);
    return n >= 0 ? n : xsock__plat_fail();
}

#if defined(XSOCK_HAVE_LINUX_SENDFILE)
/* One sendfile(2) step: bytes moved (0: the file ended), or a code. Waits when a
 * non-blocking socket is full; a blocking one reports its send timeout. */
static int64_t send_chunk(xsock_t s, int fd, off_t *pos, int64_t want)
{
    for (;;) {
        ssize_t n = sendfile(s, fd, pos, (size_t)want);
        int code, ready;
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        code = xsock__posix_io_fail(s, 0);
        if (code != XSOCK_EAGAIN)
            return code;
        ready = xsock_wait(s, XSOCK_POLLOUT, -1);
        if (ready < 0)
            return ready;
    }
}

/* sendfile(2) has no MSG_NOSIGNAL: while it runs, SIGPIPE is blocked for this thread
 * only, and one that it raised is consumed before the old mask returns. A SIGPIPE
 * already pending before the call is left for its owner. */
struct sigpipe_guard {
    sigset_t old_mask;
    int was_pending;
};

static void sigpipe_block(struct sigpipe_guard *g)
{
    sigset_t pipe_set, pending;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &g->old_mask);
    sigpending(&pending);
    g->was_pending = sigismember(&pending, SIGPIPE) == 1;
}

static void sigpipe_restore(const struct sigpipe_guard *g, int raised)
{
    if (raised && !g->was_pending) {
        sigset_t pipe_set;
        struct timespec zero = {0, 0};
        sigemptyset(&pipe_set);
        sigaddset(&pipe_set, SIGPIPE);
        while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR) {
        }
    }
    pthread_sigmask(SIG_SETMASK, &g->old_mask, NULL);
}

static int64_t sendfile_all(xsock_t s, FILE *file, int64_t offset, int64_t count)
{
    off_t pos = (off_t)offset;
    int64_t sent = 0;
    while (sent < count) {
        int64_t want = count - sent, n;
        if (want > XSOCK__SENDFILE_CHUNK)
            want = XSOCK__SENDFILE_CHUNK;
        n = send_chunk(s, fileno(file), &pos, want);
        if (n == XSOCK_EINVAL && sent == 0)
            return XSOCK_ENOTSUP; /* e.g. a file system without splice support */
        if (n <= 0)
            return n == 0 ? sent : n;
        sent += n;
    }
    return sent;
}

int64_t xsock__plat_sendfile(xsock_t s, FILE *file, int64_t offset, int64_t count)
{
    struct sigpipe_guard guard;
    int64_t sent;
    int saved_errno;
    sigpipe_block(&guard);
    sent = sendfile_all(s, file, offset, count);
    saved_errno = errno;
    sigpipe_restore(&guard, sent == XSOCK_EPIPE);
    errno = saved_errno;
    return sent;
}
#else
int64_t xsock__plat_sendfile(xsock_t s, FILE *file, int64_t offset, int64_t count)
{
    (void)s, (void)file, (void)offset, (void)count;
    return XSOCK_ENOTSUP;
}
#endif
