/* queue.c - the kernel readiness queue behind xsock_poller on Windows: readiness
 * requests to the AFD driver (IOCTL_AFD_POLL) completed on an I/O completion port, so
 * a wait costs the sockets that became ready, not the sockets registered.
 *
 * The interface is undocumented by Microsoft. Where each fact comes from:
 *  [wepoll]  piscisaureus/wepoll, src/afd.c, src/afd.h, src/sock.c (read, not copied):
 *            the AFD_POLL_* bits, the AFD_POLL_INFO layout, IOCTL_AFD_POLL = 0x00012024,
 *            polling through a handle to \Device\Afd opened with NtCreateFile (a handle
 *            to the driver that is not a socket), the IO_STATUS_BLOCK passed as the APC
 *            context so that it comes back as the completion's OVERLAPPED pointer,
 *            NtCancelIoFileEx answering STATUS_NOT_FOUND when the request has just
 *            completed, a closed socket's request completing with AFD_POLL_LOCAL_CLOSE,
 *            STATUS_INVALID_HANDLE when the socket was closed before the request, and a
 *            request's memory staying the kernel's until its completion arrives.
 *  [libuv]   libuv src/win/poll.c: poll the base handle (SIO_BASE_HANDLE), not the
 *            socket a layered service provider (LSP) hands out.
 *  [trio]    python-trio src/trio/_core/_io_windows.py, mio issue 1314: an LSP
 *            (Komodia) fails SIO_BASE_HANDLE but answers SIO_BSP_HANDLE_POLL.
 *  [wine]    Wine server/sock.c (poll_socket, sock_close_handle, sock_cancel_async) and
 *            measurements here under Wine 8.0 with a probe: the \Device\Afd handle
 *            works; an already-ready request returns STATUS_SUCCESS and still queues its
 *            completion (the port is not told to skip it); a cancelled request completes
 *            with STATUS_CANCELLED (0xC0000120); closing the socket completes its request
 *            with status 0 and AFD_POLL_LOCAL_CLOSE (0x20); polling a closed handle fails
 *            at once with STATUS_INVALID_HANDLE (0xC0000008), or with
 *            STATUS_OBJECT_TYPE_MISMATCH (0xC0000024) once the value names another
 *            object, and queues nothing; a
 *            refused connect completes with AFD_POLL_CONNECT_FAIL (0x100) and leaves
 *            SO_ERROR (10061) for xsock_socket_error().
 *  [msdn]    Microsoft's documentation: IO_STATUS_BLOCK, UNICODE_STRING,
 *            OBJECT_ATTRIBUTES, NtCreateFile, NtDeviceIoControlFile, CancelIoEx,
 *            GetQueuedCompletionStatusEx, PostQueuedCompletionStatus,
 *            SetFileCompletionNotificationModes, SIO_BASE_HANDLE, SIO_BSP_HANDLE_POLL.
 *
 * One request per watched socket is outstanding at a time. Level-triggered like epoll:
 * a socket that was reported (and one whose events changed) is queued for a new request
 * at the start of the next wait, all others keep theirs, so a wait re-arms only what it
 * has to. Each socket's state is its own allocation, found from a completion by its
 * OVERLAPPED pointer, never by the handle value: a handle value reused by a new socket
 * never receives the old socket's completion. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- the driver interface [wepoll afd.h, wine include/wine/afd.h: same bits] */

#define AFD_POLL_RECEIVE 0x0001
#define AFD_POLL_SEND 0x0004
#define AFD_POLL_DISCONNECT 0x0008 /* graceful close by the peer */
#define AFD_POLL_ABORT 0x0010      /* reset */
#define AFD_POLL_LOCAL_CLOSE 0x0020
#define AFD_POLL_ACCEPT 0x0080
#define AFD_POLL_CONNECT_FAIL 0x0100
#define IOCTL_AFD_POLL 0x00012024UL /* [wepoll afd.c], [wine] */

#define STATUS_SUCCESS_ 0x00000000L
#define STATUS_PENDING_ 0x00000103L
#define STATUS_CANCELLED_ ((LONG)0xC0000120UL)
#define STATUS_NOT_FOUND_ ((LONG)0xC0000225UL)
#define STATUS_INVALID_HANDLE_ ((LONG)0xC0000008UL)
#define STATUS_OBJECT_TYPE_MISMATCH_ ((LONG)0xC0000024UL)
#define NT_SUCCESS_(status) ((status) >= 0)

#ifndef SIO_BASE_HANDLE
#define SIO_BASE_HANDLE _WSAIOR(IOC_WS2, 34)
#endif
#ifndef SIO_BSP_HANDLE_POLL
#define SIO_BSP_HANDLE_POLL _WSAIOR(IOC_WS2, 29)
#endif

/* [msdn] IO_STATUS_BLOCK: a union of NTSTATUS and a pointer, then the byte count. The
 * status then padding to a pointer's size is the same layout. */
struct io_status {
    LONG status;
    ULONG_PTR information;
};
XSOCK__STATIC_ASSERT(sizeof(struct io_status) == 2 * sizeof(void *), io_status_layout);

struct unicode_string { /* [msdn] UNICODE_STRING */
    USHORT length, maximum_length;
    WCHAR *buffer;
};

struct object_attributes { /* [msdn] OBJECT_ATTRIBUTES */
    ULONG length;
    HANDLE root_directory;
    struct unicode_string *object_name;
    ULONG attributes;
    /* cppcheck-suppress unusedStructMember ; zeroed, part of the layout */
    void *security_descriptor;
    /* cppcheck-suppress unusedStructMember ; zeroed, part of the layout */
    void *security_quality_of_service;
};

/* [wepoll afd.h] AFD_POLL_HANDLE_INFO and AFD_POLL_INFO with one handle. */
struct afd_poll_handle {
    HANDLE handle;
    ULONG events;
    LONG status;
};

struct afd_poll_info {
    LARGE_INTEGER timeout; /* INT64_MAX: none */
    ULONG count;
    ULONG exclusive;
    struct afd_poll_handle handles[1];
};

typedef LONG(WINAPI *nt_create_file_fn)(HANDLE *, ACCESS_MASK, struct object_attributes *,
                                        struct io_status *, LARGE_INTEGER *, ULONG, ULONG, ULONG,
                                        ULONG, void *, ULONG);
typedef LONG(WINAPI *nt_ioctl_fn)(HANDLE, HANDLE, void *, void *, struct io_status *, ULONG, void *,
                                  ULONG, void *, ULONG);
typedef LONG(WINAPI *nt_cancel_fn)(HANDLE, struct io_status *, struct io_status *);
typedef ULONG(WINAPI *nt_status_to_error_fn)(LONG);

struct nt_api {
    nt_create_file_fn create_file;
    nt_ioctl_fn ioctl;
    nt_cancel_fn cancel;
    nt_status_to_error_fn status_to_error;
};

/* The four ntdll functions, looked up once (a race only looks them up twice). */
static const struct nt_api *nt_api(void)
{
    static struct nt_api api;
    static volatile LONG state; /* 0 not looked up, 1 missing, 2 ready */
    HMODULE ntdll;
    if (state != 0)
        return state == 2 ? &api : NULL;
    ntdll = GetModuleHandleW(L"ntdll.dll");
    if (ntdll != NULL) {
        /* The detour through a plain function pointer type keeps -Wcast-function-type
         * quiet; the real types are the ones declared above [msdn]. */
        api.create_file = (nt_create_file_fn)(void (*)(void))GetProcAddress(ntdll, "NtCreateFile");
        api.ioctl = (nt_ioctl_fn)(void (*)(void))GetProcAddress(ntdll, "NtDeviceIoControlFile");
        api.cancel = (nt_cancel_fn)(void (*)(void))GetProcAddress(ntdll, "NtCancelIoFileEx");
        api.status_to_error =
            (nt_status_to_error_fn)(void (*)(void))GetProcAddress(ntdll, "RtlNtStatusToDosError");
    }
    InterlockedExchange(
        &state,
        ntdll != NULL && api.create_file && api.ioctl && api.cancel && api.status_to_error ? 2 : 1);
    return state == 2 ? &api : NULL;
}

static int fail_status(LONG status)
{
    const struct nt_api *api = nt_api();
    return xsock__plat_fail_with(api != NULL ? (int)api->status_to_error(status)
                                             : ERROR_NOT_SUPPORTED);
}

/* ---- per-socket state */

struct afd_sock {
    struct io_status iosb; /* first: the completion's OVERLAPPED pointer is its address */
    struct afd_poll_info info;
    struct afd_sock *prev, *next;               /* every state of the queue */
    struct afd_sock *update_prev, *update_next; /* queued for a (new) request */
    xsock_t s;
    SOCKET base;
    int events;  /* what the caller watches for (XSOCK_POLLIN | XSOCK_POLLOUT) */
    ULONG armed; /* the AFD events of the outstanding request */
    unsigned pending : 1, queued : 1, deleted : 1, closed : 1;
};

struct afd_queue {
    HANDLE port, afd;
    struct afd_sock *all;
    struct afd_sock *updates;
    size_t pending; /* requests whose completion has not been dequeued */
    volatile LONG wake_posted;
};

/* The completion key of a wakeup packet (requests carry 0). */
#define WAKE_KEY ((ULONG_PTR)1)

static struct afd_queue *queue_of(intptr_t queue) { return (struct afd_queue *)queue; }

static void queue_update(struct afd_queue *q, struct afd_sock *st)
{
    if (st->queued || st->deleted || st->closed || st->events == 0)
        return;
    st->queued = 1;
    st->update_prev = NULL;
    st->update_next = q->updates;
    if (q->updates != NULL)
        q->updates->update_prev = st;
    q->updates = st;
}

static void unqueue_update(struct afd_queue *q, struct afd_sock *st)
{
    if (!st->queued)
        return;
    if (st->update_prev != NULL)
        st->update_prev->update_next = st->update_next;
    else
        q->updates = st->update_next;
    if (st->update_next != NULL)
        st->update_next->update_prev = st->update_prev;
    st->queued = 0;
}

static void free_state(struct afd_queue *q, struct afd_sock *st)
{
    unqueue_update(q, st);
    if (st->prev != NULL)
        st->prev->next = st->next;
    else
        q->all = st->next;
    if (st->next != NULL)
        st->next->prev = st->prev;
    free(st);
}

/* Ask the driver to give up st's request; its completion (STATUS_CANCELLED, or the
 * result if it won the race) still arrives on the port [wepoll afd.c]. */
static void cancel_request(struct afd_queue *q, struct afd_sock *st)
{
    struct io_status cancel_iosb;
    if (st->pending && st->iosb.status == STATUS_PENDING_)
        (void)nt_api()->cancel(q->afd, &st->iosb, &cancel_iosb); /* NOT_FOUND: done */
    st->armed = 0;
}

/* What to ask the driver for: the caller's events, and always a reset, a failed
 * connect and the socket's own close [wepoll sock.c]. */
static ULONG afd_events_of(int events)
{
    ULONG afd = AFD_POLL_ABORT | AFD_POLL_CONNECT_FAIL | AFD_POLL_LOCAL_CLOSE;
    if (events & XSOCK_POLLIN)
        afd |= AFD_POLL_RECEIVE | AFD_POLL_ACCEPT | AFD_POLL_DISCONNECT;
    if (events & XSOCK_POLLOUT)
        afd |= AFD_POLL_SEND;
    return afd;
}

/* The poller's events for what the driver reported, as the select() fallback says
 * them: the peer's close and a reset are readable (recv then gives 0 or
 * XSOCK_ECONNRESET), a reset is an error too, a failed connect is XSOCK_POLLERR alone. */
static int revents_of(ULONG afd)
{
    int r = 0;
    if (afd & (AFD_POLL_RECEIVE | AFD_POLL_ACCEPT | AFD_POLL_DISCONNECT | AFD_POLL_ABORT))
        r |= XSOCK_POLLIN;
    if (afd & AFD_POLL_SEND)
        r |= XSOCK_POLLOUT;
    if (afd & (AFD_POLL_ABORT | AFD_POLL_CONNECT_FAIL))
        r |= XSOCK_POLLERR;
    return r;
}

/* Start st's request; 0, or a code (recorded) the wait reports. */
static int submit(struct afd_queue *q, struct afd_sock *st)
{
    LONG status;
    memset(&st->iosb, 0, sizeof st->iosb);
    memset(&st->info, 0, sizeof st->info);
    st->iosb.status = STATUS_PENDING_;
    st->info.timeout.QuadPart = INT64_MAX; /* [wepoll sock.c] no timeout */
    st->info.count = 1;
    st->info.exclusive = FALSE;
    st->info.handles[0].handle = (HANDLE)st->base;
    st->info.handles[0].events = afd_events_of(st->events);
    status = nt_api()->ioctl(q->afd, NULL, NULL, &st->iosb, &st->iosb, IOCTL_AFD_POLL, &st->info,
                             sizeof st->info, &st->info, sizeof st->info);
    if (status == STATUS_SUCCESS_ || status == STATUS_PENDING_) {
        /* Either way the completion comes through the port [wine]. */
        st->pending = 1;
        st->armed = st->info.handles[0].events;
        q->pending++;
        return 0;
    }
    if (status == STATUS_INVALID_HANDLE_ || status == STATUS_OBJECT_TYPE_MISMATCH_) {
        /* Closed while registered [wepoll sock.c]; the second when the handle value
         * already names another kind of object (measured under Wine 8 in the churn
         * test: Wine reuses handle values at once). */
        st->closed = 1;
        return 0;
    }
    return fail_status(status);
}

/* Give every queued state the request it needs; 0 or the first failure (those not
 * started stay queued). */
static int submit_updates(struct afd_queue *q)
{
    while (q->updates != NULL) {
        struct afd_sock *st = q->updates;
        int rc = 0;
        if (st->pending && (afd_events_of(st->events) & ~st->armed) != 0)
            cancel_request(q, st); /* it watches too little: ask again when it is back */
        else if (!st->pending)
            rc = submit(q, st);
        if (rc != 0)
            return rc;
        unqueue_update(q, st);
    }
    return 0;
}

/* ---- the contract */

static int open_driver(struct afd_queue *q)
{
    static WCHAR name[] = L"\\Device\\Afd\\xsock"; /* [wepoll afd.c]: any name below Afd */
    struct unicode_string us;
    struct object_attributes oa;
    struct io_status iosb;
    LONG status;
    us.length = (USHORT)(sizeof name - sizeof name[0]);
    us.maximum_length = (USHORT)sizeof name;
    us.buffer = name;
    memset(&oa, 0, sizeof oa);
    oa.length = (ULONG)sizeof oa;
    oa.object_name = &us;
    status =
        nt_api()->create_file(&q->afd, SYNCHRONIZE, &oa, &iosb, NULL, 0,
                              FILE_SHARE_READ | FILE_SHARE_WRITE, 1 /* FILE_OPEN */, 0, NULL, 0);
    if (status != STATUS_SUCCESS_) {
        q->afd = NULL;
        return fail_status(status);
    }
    if (CreateIoCompletionPort(q->afd, q->port, 0, 0) == NULL)
        return xsock__plat_fail_with((int)GetLastError());
    /* The handle's event is never waited on [wepoll afd.c]; failure is harmless. */
    (void)SetFileCompletionNotificationModes(q->afd, FILE_SKIP_SET_EVENT_ON_HANDLE);
    return 0;
}

int xsock__plat_queue_open(intptr_t *out)
{
    struct afd_queue *q;
    int rc;
    if (nt_api() == NULL)
        return XSOCK_ENOTSUP; /* no ntdll interface: the select() fallback */
    q = (struct afd_queue *)calloc(1, sizeof *q);
    if (q == NULL)
        return xsock__plat_fail_with(ERROR_NOT_ENOUGH_MEMORY);
    q->port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    if (q->port == NULL) {
        rc = xsock__plat_fail_with((int)GetLastError());
        free(q);
        return rc;
    }
    rc = open_driver(q);
    if (rc != 0) {
        if (q->afd != NULL)
            CloseHandle(q->afd);
        CloseHandle(q->port);
        free(q);
        return rc == XSOCK_ENOMEM || rc == XSOCK_EMFILE ? rc : XSOCK_ENOTSUP;
    }
    *out = (intptr_t)q;
    return 0;
}

/* Take the completions of cancelled requests off the port; stop after limit_ms. */
static void drain(struct afd_queue *q, DWORD limit_ms)
{
    DWORD start = GetTickCount();
    while (q->pending > 0) {
        OVERLAPPED_ENTRY e[64];
        ULONG n = 0, i;
        DWORD spent = GetTickCount() - start;
        if (spent >= limit_ms ||
            !GetQueuedCompletionStatusEx(q->port, e, 64, &n, limit_ms - spent, FALSE))
            return;
        for (i = 0; i < n; i++) {
            if (e[i].lpOverlapped == NULL)
                continue; /* a wakeup */
            q->pending--;
            free_state(q, (struct afd_sock *)(void *)e[i].lpOverlapped);
        }
    }
}

void xsock__plat_queue_close(intptr_t queue)
{
    struct afd_queue *q = queue_of(queue);
    struct afd_sock *st, *next;
    for (st = q->all; st != NULL; st = st->next)
        cancel_request(q, st);
    /* The kernel writes each request's IO_STATUS_BLOCK until its completion is
     * dequeued: free a state only then. Closing the driver handle cancels whatever
     * is left. A state whose completion never comes within 5 s is leaked, not freed. */
    drain(q, 5000);
    CloseHandle(q->afd);
    drain(q, 1000);
    for (st = q->all; st != NULL; st = next) {
        next = st->next;
        if (!st->pending)
            free_state(q, st);
    }
    CloseHandle(q->port);
    if (q->all == NULL)
        free(q);
}

const char *xsock__plat_queue_name(void) { return "afd"; }

/* The handle the driver knows the socket by [libuv poll.c], [trio]. */
static int base_handle(xsock_t s, SOCKET *base)
{
    DWORD bytes = 0;
    *base = INVALID_SOCKET;
    if (WSAIoctl(s, SIO_BASE_HANDLE, NULL, 0, base, sizeof *base, &bytes, NULL, NULL) == 0)
        return 0;
    if (WSAIoctl(s, SIO_BSP_HANDLE_POLL, NULL, 0, base, sizeof *base, &bytes, NULL, NULL) == 0 &&
        *base != INVALID_SOCKET)
        return 0;
    return xsock__plat_fail();
}

static int add_state(struct afd_queue *q, xsock_t s, int events, intptr_t *token)
{
    struct afd_sock *st = (struct afd_sock *)calloc(1, sizeof *st);
    int rc;
    if (st == NULL)
        return xsock__plat_fail_with(ERROR_NOT_ENOUGH_MEMORY);
    rc = base_handle(s, &st->base);
    if (rc != 0) {
        free(st);
        return rc;
    }
    st->s = s;
    st->events = events;
    st->next = q->all;
    if (q->all != NULL)
        q->all->prev = st;
    q->all = st;
    queue_update(q, st);
    *token = (intptr_t)st;
    return 0;
}

/* Forget st: at once, or when its outstanding request has come back. */
static void delete_state(struct afd_queue *q, struct afd_sock *st)
{
    unqueue_update(q, st);
    st->deleted = 1;
    if (!st->pending) {
        free_state(q, st);
        return;
    }
    cancel_request(q, st);
}

int xsock__plat_queue_watch(intptr_t queue, xsock_t s, int old_events, int events, intptr_t *token)
{
    struct afd_queue *q = queue_of(queue);
    struct afd_sock *st = (struct afd_sock *)*token;
    (void)old_events;
    if (st == NULL)
        return events != 0 ? add_state(q, s, events, token) : 0;
    if (events == 0) {
        delete_state(q, st);
        *token = 0;
        return 0;
    }
    st->events = events; /* the next wait asks again if the request watches too little */
    queue_update(q, st);
    return 0;
}

/* Add the event of one dequeued request to out; returns the new count. */
static size_t take(struct afd_queue *q, struct afd_sock *st, struct xsock_pollfd *out, size_t n)
{
    LONG status = st->iosb.status;
    int revents = 0;
    st->pending = 0;
    st->armed = 0;
    q->pending--;
    if (st->deleted) {
        free_state(q, st);
        return n;
    }
    if (status == STATUS_CANCELLED_) {
        queue_update(q, st); /* cancelled to watch more: ask again */
        return n;
    }
    if (!NT_SUCCESS_(status))
        revents = XSOCK_POLLERR;
    else if (st->info.count >= 1 && (st->info.handles[0].events & AFD_POLL_LOCAL_CLOSE)) {
        st->closed = 1; /* closed while registered: nothing more to report [wepoll] */
        return n;
    } else if (st->info.count >= 1)
        revents = revents_of(st->info.handles[0].events);
    queue_update(q, st); /* level-triggered: the next wait asks again */
    revents &= st->events | XSOCK_POLLERR;
    if (revents == 0)
        return n;
    out[n].fd = st->s;
    out[n].events = 0;
    out[n].revents = (short)revents;
    return n + 1;
}

#define CHUNK 256

/* One look at the port: the events into out, *consumed set when a packet was taken. */
static int dequeue(struct afd_queue *q, struct xsock_pollfd *out, size_t max, DWORD ms,
                   int *consumed)
{
    OVERLAPPED_ENTRY e[CHUNK];
    ULONG got = 0, i;
    size_t n = 0;
    *consumed = 0;
    if (!GetQueuedCompletionStatusEx(q->port, e, max < CHUNK ? (ULONG)max : CHUNK, &got, ms, FALSE))
        return GetLastError() == WAIT_TIMEOUT ? 0 : xsock__plat_fail_with((int)GetLastError());
    *consumed = got > 0;
    for (i = 0; i < got; i++) {
        if (e[i].lpOverlapped != NULL) {
            n = take(q, (struct afd_sock *)(void *)e[i].lpOverlapped, out, n);
        } else if (e[i].lpCompletionKey == WAKE_KEY) {
            InterlockedExchange(&q->wake_posted, 0);
            out[n].fd = XSOCK_INVALID;
            out[n].events = 0;
            out[n++].revents = XSOCK_POLLWAKEUP;
        }
    }
    return (int)n;
}

/* Passes over the port with nothing to report (only cancellations or events nobody
 * asked for any more) before a wait of 0 ms gives up. */
#define IDLE_PASSES 4

int xsock__plat_queue_wait(intptr_t queue, struct xsock_pollfd *out, size_t max, int timeout_ms)
{
    struct afd_queue *q = queue_of(queue);
    int64_t deadline = timeout_ms < 0 ? -1 : xsock__plat_now_ms() + timeout_ms;
    int pass;
    for (pass = 0;; pass++) {
        int64_t left = deadline < 0 ? -1 : deadline - xsock__plat_now_ms();
        int consumed, n, rc = submit_updates(q);
        if (rc != 0)
            return rc;
        if (left < 0 && deadline >= 0)
            left = 0;
        n = dequeue(q, out, max, left < 0 ? INFINITE : (DWORD)left, &consumed);
        if (n != 0 || !consumed)
            return n; /* events, a failure, or the time is up */
        /* Only requests to start again: start them and look once more. */
        if (deadline >= 0 && left == 0 && pass >= IDLE_PASSES)
            return 0;
    }
}

int xsock__plat_queue_wakeup(intptr_t queue)
{
    struct afd_queue *q = queue_of(queue);
    if (InterlockedExchange(&q->wake_posted, 1) != 0)
        return 0; /* one is on its way: wakeups before a wait merge into one */
    if (PostQueuedCompletionStatus(q->port, 0, WAKE_KEY, NULL))
        return 0;
    InterlockedExchange(&q->wake_posted, 0);
    return xsock__plat_fail_with((int)GetLastError());
}
