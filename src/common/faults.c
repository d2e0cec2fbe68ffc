/* faults.c - the fault injection layer of the test library (see src/faults.h). Built
 * only with XSOCK_FAULTS; it calls the real backend functions. Thread-safe enough for
 * the tests: the plan is set while no other thread does I/O through xsock. */
#define XSOCK_FAULTS_IMPL
#include "../faults.h"
#include "../platform.h"

#include <string.h>

struct fault {
    int skip, times, error;
    size_t max_len;
};

static struct fault plan[XSOCK__OP_COUNT];
static int active[XSOCK__OP_COUNT];
static int calls[XSOCK__OP_COUNT];
static int hits[XSOCK__OP_COUNT];

void xsock__fault_set(int op, int skip, int times, int error, size_t max_len)
{
    plan[op].skip = skip;
    plan[op].times = times;
    plan[op].error = error;
    plan[op].max_len = max_len;
    active[op] = 1;
}

void xsock__fault_clear(void)
{
    memset(active, 0, sizeof active);
    memset(calls, 0, sizeof calls);
    memset(hits, 0, sizeof hits);
}

int xsock__fault_calls(int op) { return calls[op]; }

int xsock__fault_hits(int op) { return hits[op]; }

/* What the fault plan does to this call of op. */
struct decision {
    int in_window; /* fail with error (or, for a wait, report nothing ready) */
    int error;
    size_t max_len; /* short I/O outside the window; 0: untouched */
};

static struct decision decide(int op)
{
    struct decision d = {0, 0, 0};
    struct fault *f = &plan[op];
    calls[op]++;
    if (!active[op])
        return d;
    if (f->skip > 0) {
        f->skip--;
    } else if (f->times != 0) {
        f->times -= f->times > 0;
        hits[op]++;
        d.in_window = 1;
        d.error = f->error;
        return d;
    }
    d.max_len = f->max_len;
    return d;
}

static size_t cut(struct decision d, size_t len)
{
    return d.max_len > 0 && d.max_len < len ? d.max_len : len;
}

ssize_t xsock__fault_send(xsock_t s, const void *buf, size_t len, int flags)
{
    struct decision d = decide(XSOCK__OP_SEND);
    return d.error < 0 ? d.error : xsock__plat_send(s, buf, cut(d, len), flags);
}

ssize_t xsock__fault_recv(xsock_t s, void *buf, size_t len, int flags)
{
    struct decision d = decide(XSOCK__OP_RECV);
    return d.error < 0 ? d.error : xsock__plat_recv(s, buf, cut(d, len), flags);
}

/* The buffers cut so that their total is at most max_len; how many there are. */
static size_t cut_vector(size_t max_len, const xsock_buf *bufs, size_t count, xsock_buf *out)
{
    size_t i, left = max_len;
    for (i = 0; i < count && left > 0; i++) {
        out[i] = bufs[i];
        if ((size_t)out[i].len > left)
            out[i] = xsock_buf_make(bufs[i].base, left);
        left -= (size_t)out[i].len;
    }
    return i;
}

ssize_t xsock__fault_sendv(xsock_t s, const xsock_buf *bufs, size_t count)
{
    struct decision d = decide(XSOCK__OP_SENDV);
    if (d.error < 0)
        return d.error;
    if (d.max_len > 0) {
        xsock_buf shorter[XSOCK_IOV_MAX];
        return xsock__plat_sendv(s, shorter, cut_vector(d.max_len, bufs, count, shorter));
    }
    return xsock__plat_sendv(s, bufs, count);
}

ssize_t xsock__fault_recvv(xsock_t s, xsock_buf *bufs, size_t count)
{
    struct decision d = decide(XSOCK__OP_RECVV);
    if (d.error < 0)
        return d.error;
    if (d.max_len > 0) {
        xsock_buf shorter[XSOCK_IOV_MAX];
        return xsock__plat_recvv(s, shorter, cut_vector(d.max_len, bufs, count, shorter));
    }
    return xsock__plat_recvv(s, bufs, count);
}

/* A wait on which nothing becomes ready: the time passes, then "timeout". An
 * XSOCK_INVALID entry is ignored by every backend, so the wait is a plain sleep
 * (50 ms for an endless wait, which then reports nothing ready as well). */
static int never_ready(struct xsock_pollfd *fds, size_t count, int timeout_ms)
{
    struct xsock_pollfd nothing;
    size_t i;
    for (i = 0; i < count; i++)
        fds[i].revents = 0;
    nothing.fd = XSOCK_INVALID;
    nothing.events = XSOCK_POLLIN;
    nothing.revents = 0;
    xsock__plat_poll(&nothing, 1, timeout_ms < 0 ? 50 : timeout_ms);
    return 0;
}

int xsock__fault_poll(struct xsock_pollfd *fds, size_t count, int timeout_ms)
{
    struct decision d = decide(XSOCK__OP_POLL);
    if (d.error < 0)
        return d.error;
    if (d.in_window)
        return never_ready(fds, count, timeout_ms);
    return xsock__plat_poll(fds, count, timeout_ms);
}

/* An interrupted connect is one that was started: the system call is made, then the
 * signal is reported. Other errors fail without reaching the system. */
int xsock__fault_connect(xsock_t s, const struct sockaddr *sa, socklen_t len)
{
    struct decision d = decide(XSOCK__OP_CONNECT);
    int rc;
    if (d.error >= 0)
        return xsock__plat_connect(s, sa, len);
    if (d.error != XSOCK_EINTR)
        return d.error;
    rc = xsock__plat_connect(s, sa, len);
    return rc == 0 || rc == XSOCK_EINPROGRESS || rc == XSOCK_EAGAIN ? XSOCK_EINTR : rc;
}

int64_t xsock__fault_sendfile(xsock_t s, FILE *file, int64_t offset, int64_t count)
{
    struct decision d = decide(XSOCK__OP_SENDFILE);
    return d.error < 0 ? d.error : xsock__plat_sendfile(s, file, offset, count);
}

ssize_t xsock__fault_pread(FILE *file, void *buf, size_t len, int64_t offset)
{
    struct decision d = decide(XSOCK__OP_PREAD);
    return d.error < 0 ? d.error : xsock__plat_pread(file, buf, cut(d, len), offset);
}

int xsock__fault_queue_open(intptr_t *out)
{
    struct decision d = decide(XSOCK__OP_QUEUE_OPEN);
    return d.error < 0 ? d.error : xsock__plat_queue_open(out);
}

int xsock__fault_queue_wait(intptr_t queue, struct xsock_pollfd *out, size_t max, int timeout_ms)
{
    struct decision d = decide(XSOCK__OP_QUEUE_WAIT);
    return d.error < 0 ? d.error : xsock__plat_queue_wait(queue, out, max, timeout_ms);
}
