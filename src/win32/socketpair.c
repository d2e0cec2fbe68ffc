/* socketpair.c - a connected pair over loopback (Windows has no socketpair()).
 *
 * Stream: a listener bound exclusively to 127.0.0.1:0 accepts the connection of its
 * own client, and the accepted peer is checked to be that client, so another local
 * process that connects in between cannot become one end of the pair. The accepted end
 * comes from AcceptEx into a socket made non-inheritable, so (unlike accept()) it is
 * never inheritable, not even for an instant. */
#include "internal.h"

#include <string.h>

/* Accepts of strangers tolerated before giving up on the pair. */
#define MAX_ACCEPT_ATTEMPTS 4

/* The longest wait for the pair's own connection, already queued on the listener. */
#define ACCEPT_WAIT_MS 10000

static void close_if_valid(xsock_t s)
{
    if (s != XSOCK_INVALID)
        closesocket(s);
}

static int same_endpoint(const struct sockaddr_in *a, const struct sockaddr_in *b)
{
    return a->sin_family == b->sin_family && a->sin_port == b->sin_port &&
           a->sin_addr.s_addr == b->sin_addr.s_addr;
}

/* A socket of type bound to 127.0.0.1:0, exclusively (no other socket can share the
 * port, even with SO_REUSEADDR); its real address into *addr. */
static int bound_loopback_socket(xsock_t *out, int type, struct sockaddr_in *addr)
{
    socklen_t len = (socklen_t)sizeof *addr;
    int rc = xsock__plat_socket(out, AF_INET, type, 0);

    if (rc == 0)
        rc = xsock__plat_setsockopt_int(*out, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, 1);
    memset(addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (rc == 0)
        rc = xsock__plat_bind(*out, (const struct sockaddr *)addr, len);
    if (rc == 0)
        rc = xsock__plat_getsockname(*out, (struct sockaddr *)addr, &len);
    return rc;
}

/* 0 if the client is connected to the listener's address, else a code. */
static int check_client_reached(xsock_t client, const struct sockaddr_in *listener_addr)
{
    struct sockaddr_in peer;
    socklen_t len = (socklen_t)sizeof peer;
    int rc = xsock__plat_getpeername(client, (struct sockaddr *)&peer, &len);

    if (rc != 0)
        return rc;
    return same_endpoint(&peer, listener_addr) ? 0 : xsock__plat_fail_with(WSAECONNABORTED);
}

/* The AcceptEx extension of the listener's provider, or NULL. */
static LPFN_ACCEPTEX acceptex_of(xsock_t listener)
{
    GUID id = WSAID_ACCEPTEX;
    LPFN_ACCEPTEX fn = NULL;
    DWORD bytes = 0;

    if (WSAIoctl(listener, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof id, &fn, sizeof fn,
                 &bytes, NULL, NULL) != 0)
        return NULL;
    return fn;
}

/* Wait for the AcceptEx under way on listener (the pair's own connection is already
 * queued: at most ACCEPT_WAIT_MS), then its result; 0 or a code. */
static int finish_acceptex(xsock_t listener, OVERLAPPED *ov)
{
    DWORD bytes = 0;
    DWORD flags = 0;

    if (WaitForSingleObject(ov->hEvent, ACCEPT_WAIT_MS) != WAIT_OBJECT_0) {
        (void)CancelIoEx(XSOCK__WIN_HANDLE(listener), ov);
        (void)WSAGetOverlappedResult(listener, ov, &bytes, TRUE, &flags);
        return xsock__plat_fail_with(WSAETIMEDOUT);
    }
    if (!WSAGetOverlappedResult(listener, ov, &bytes, FALSE, &flags))
        return xsock__plat_fail();
    return 0;
}

/* Accept into a socket created non-inheritable (AcceptEx takes it ready-made), so there
 * is no instant at which the accepted handle could be inherited, as after accept(). */
static int accept_uninheritable(LPFN_ACCEPTEX acceptex, xsock_t listener, xsock_t *out,
                                struct sockaddr_in *peer)
{
    char addresses[2 * (sizeof(struct sockaddr_in) + 16)];
    const DWORD room = (DWORD)(sizeof(struct sockaddr_in) + 16);
    OVERLAPPED ov;
    DWORD bytes = 0;
    socklen_t len = (socklen_t)sizeof *peer;
    int rc = xsock__plat_socket(out, AF_INET, SOCK_STREAM, 0);

    if (rc != 0)
        return rc;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (ov.hEvent == NULL)
        rc = xsock__plat_fail_with((int)GetLastError());
    else if (!acceptex(listener, *out, addresses, 0, room, room, &bytes, &ov))
        rc = WSAGetLastError() == ERROR_IO_PENDING ? finish_acceptex(listener, &ov)
                                                   : xsock__plat_fail();
    if (ov.hEvent != NULL)
        CloseHandle(ov.hEvent);
    if (rc == 0 && setsockopt(*out, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (const char *)&listener,
                              (int)sizeof listener) != 0)
        rc = xsock__plat_fail();
    if (rc == 0)
        rc = xsock__plat_getpeername(*out, (struct sockaddr *)peer, &len);
    if (rc != 0) {
        closesocket(*out);
        *out = XSOCK_INVALID;
    }
    return rc;
}

/* One accept: through AcceptEx where the provider has it, else accept() (whose handle is
 * inheritable until its flag is cleared). */
static int accept_one(LPFN_ACCEPTEX acceptex, xsock_t listener, xsock_t *out,
                      struct sockaddr_in *peer)
{
    socklen_t len = (socklen_t)sizeof *peer;

    if (acceptex != NULL)
        return accept_uninheritable(acceptex, listener, out, peer);
    return xsock__plat_accept(listener, out, (struct sockaddr *)peer, &len);
}

/* Accept until the connection that comes from client_addr, closing any other. */
static int accept_client(xsock_t listener, const struct sockaddr_in *client_addr, xsock_t *out)
{
    LPFN_ACCEPTEX acceptex = acceptex_of(listener);
    int attempt;

    for (attempt = 0; attempt < MAX_ACCEPT_ATTEMPTS; attempt++) {
        struct sockaddr_in peer;
        int rc = accept_one(acceptex, listener, out, &peer);

        if (rc != 0)
            return rc;
        if (same_endpoint(&peer, client_addr))
            return 0;
        closesocket(*out); /* a stranger got in first */
        *out = XSOCK_INVALID;
    }
    return xsock__plat_fail_with(WSAECONNABORTED);
}

/* Connect client to the listener, check both ends, and accept into *server. */
static int connect_through(xsock_t listener, const struct sockaddr_in *listener_addr,
                           xsock_t client, xsock_t *server)
{
    struct sockaddr_in client_addr;
    socklen_t len = (socklen_t)sizeof client_addr;
    int rc = xsock__plat_connect(client, (const struct sockaddr *)listener_addr,
                                 (socklen_t)sizeof *listener_addr);

    if (rc == 0)
        rc = xsock__plat_getsockname(client, (struct sockaddr *)&client_addr, &len);
    if (rc == 0)
        rc = check_client_reached(client, listener_addr);
    if (rc == 0)
        rc = accept_client(listener, &client_addr, server);
    return rc;
}

static int stream_pair(xsock_t out[2])
{
    struct sockaddr_in listener_addr;
    xsock_t listener = XSOCK_INVALID;
    int rc = bound_loopback_socket(&listener, SOCK_STREAM, &listener_addr);

    if (rc == 0)
        rc = xsock__plat_listen(listener, 1);
    if (rc == 0)
        rc = xsock__plat_socket(&out[0], AF_INET, SOCK_STREAM, 0);
    if (rc == 0)
        rc = connect_through(listener, &listener_addr, out[0], &out[1]);
    close_if_valid(listener);
    if (rc == 0)
        rc = xsock__plat_setsockopt_int(out[0], IPPROTO_TCP, TCP_NODELAY, 1);
    if (rc == 0)
        rc = xsock__plat_setsockopt_int(out[1], IPPROTO_TCP, TCP_NODELAY, 1);
    return rc;
}

static int dgram_pair(xsock_t out[2])
{
    struct sockaddr_in addr0;
    struct sockaddr_in addr1;
    int rc = bound_loopback_socket(&out[0], SOCK_DGRAM, &addr0);

    if (rc == 0)
        rc = bound_loopback_socket(&out[1], SOCK_DGRAM, &addr1);
    if (rc == 0)
        rc = xsock__plat_connect(out[0], (const struct sockaddr *)&addr1, (socklen_t)sizeof addr1);
    if (rc == 0)
        rc = xsock__plat_connect(out[1], (const struct sockaddr *)&addr0, (socklen_t)sizeof addr0);
    return rc;
}

int xsock__plat_socketpair(int type, xsock_t out[2])
{
    int rc;

    out[0] = out[1] = XSOCK_INVALID;
    rc = type == SOCK_STREAM ? stream_pair(out) : dgram_pair(out);
    if (rc != 0) {
        close_if_valid(out[0]);
        close_if_valid(out[1]);
        out[0] = out[1] = XSOCK_INVALID;
    }
    return rc;
}
