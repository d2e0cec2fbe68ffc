/* socket.c - creating, connecting, naming and closing sockets; int options; inheritance. */
#include "internal.h"

#include <string.h>

/* xsock's shutdown directions are the SD_* values, so they pass through unchanged. */
XSOCK__STATIC_ASSERT(XSOCK_SHUT_RD == SD_RECEIVE && XSOCK_SHUT_WR == SD_SEND &&
                         XSOCK_SHUT_RDWR == SD_BOTH,
                     shutdown_values_are_sd);

int xsock__win_disable_inherit(xsock_t s)
{
    if (!SetHandleInformation(XSOCK__WIN_HANDLE(s), HANDLE_FLAG_INHERIT, 0))
        return xsock__plat_fail_with((int)GetLastError());
    return 0;
}

/* WSA_FLAG_NO_HANDLE_INHERIT needs Windows 7 SP1; older systems reject it with
 * WSAEINVAL, and then the flag is cleared right after creation instead. */
static int create_uninheritable(xsock_t *out, int family, int type, int protocol)
{
    const DWORD flags = WSA_FLAG_OVERLAPPED; /* overlapped, as socket() makes them */
    SOCKET s = WSASocketW(family, type, protocol, NULL, 0, flags | WSA_FLAG_NO_HANDLE_INHERIT);
    int rc;

    if (s == INVALID_SOCKET && WSAGetLastError() == WSAEINVAL) {
        s = WSASocketW(family, type, protocol, NULL, 0, flags);
        if (s != INVALID_SOCKET && (rc = xsock__win_disable_inherit(s)) != 0) {
            closesocket(s);
            return rc;
        }
    }
    if (s == INVALID_SOCKET)
        return xsock__plat_fail();
    *out = s;
    return 0;
}

/* Without this, an ICMP port-unreachable makes the next recvfrom fail with
 * WSAECONNRESET. Best effort: a provider without the ioctl has no such reports. */
static void ignore_udp_connreset(xsock_t s)
{
    BOOL report = FALSE;
    DWORD bytes = 0;

    (void)WSAIoctl(s, SIO_UDP_CONNRESET, &report, sizeof report, NULL, 0, &bytes, NULL, NULL);
}

int xsock__plat_socket(xsock_t *out, int family, int type, int protocol)
{
    int rc;

    *out = XSOCK_INVALID;
    rc = xsock__plat_ensure_init();
    if (rc == 0)
        rc = create_uninheritable(out, family, type, protocol);
    if (rc == 0 && type == SOCK_DGRAM)
        ignore_udp_connreset(*out);
    if (rc == 0)
        xsock__win_forget_mode(*out); /* a handle value reused from a closed socket */
    return rc;
}

int xsock__plat_close(xsock_t s)
{
    xsock__win_forget_mode(s);
    return closesocket(s) == 0 ? 0 : xsock__plat_fail();
}

int xsock__plat_shutdown(xsock_t s, int how)
{
    return shutdown(s, how) == 0 ? 0 : xsock__plat_fail();
}

int xsock__plat_bind(xsock_t s, const struct sockaddr *sa, socklen_t len)
{
    int err;

    if (bind(s, sa, len) == 0)
        return 0;
    err = WSAGetLastError();
    /* A port held with SO_EXCLUSIVEADDRUSE gives WSAEACCES: the portable meaning is
     * "in use"; the native code stays recorded. */
    if (err == WSAEACCES) {
        xsock__plat_fail_with(err);
        return XSOCK_EADDRINUSE;
    }
    return xsock__plat_fail_with(err);
}

int xsock__plat_listen(xsock_t s, int backlog)
{
    return listen(s, backlog) == 0 ? 0 : xsock__plat_fail();
}

int xsock__plat_accept(xsock_t s, xsock_t *out, struct sockaddr *sa, socklen_t *len)
{
    SOCKET c = accept(s, sa, len);
    int rc;

    *out = XSOCK_INVALID;
    if (c == INVALID_SOCKET)
        return xsock__plat_fail();
    /* accept() has no flag for it: clear inheritance at once (a CreateProcess on
     * another thread just in between could still inherit the handle). */
    rc = xsock__win_disable_inherit(c);
    /* An accepted socket inherits the listener's non-blocking mode on Windows: it is
     * blocking on every system (as on Linux). */
    if (rc == 0)
        rc = xsock__plat_set_nonblocking(c, 0);
    if (rc != 0) {
        closesocket(c);
        return rc;
    }
    *out = c;
    return 0;
}

int xsock__plat_connect(xsock_t s, const struct sockaddr *sa, socklen_t len)
{
    int err;

    if (connect(s, sa, len) == 0)
        return 0;
    err = WSAGetLastError();
    /* A non-blocking connect under way: WinSock says WSAEWOULDBLOCK, POSIX EINPROGRESS. */
    if (err == WSAEWOULDBLOCK) {
        xsock__plat_fail_with(err);
        return XSOCK_EINPROGRESS;
    }
    return xsock__plat_fail_with(err);
}

int xsock__plat_getsockname(xsock_t s, struct sockaddr *sa, socklen_t *len)
{
    return getsockname(s, sa, len) == 0 ? 0 : xsock__plat_fail();
}

int xsock__plat_getpeername(xsock_t s, struct sockaddr *sa, socklen_t *len)
{
    return getpeername(s, sa, len) == 0 ? 0 : xsock__plat_fail();
}

int xsock__plat_setsockopt_int(xsock_t s, int level, int name, int value)
{
    if (setsockopt(s, level, name, (const char *)&value, (int)sizeof value) == 0)
        return 0;
    return xsock__plat_fail();
}

int xsock__plat_getsockopt_int(xsock_t s, int level, int name, int *value)
{
    int len = (int)sizeof *value;

    *value = 0; /* some options (BOOL-like ones on Wine) write only one byte */
    if (getsockopt(s, level, name, (char *)value, &len) != 0)
        return xsock__plat_fail();
    return 0;
}

int xsock__plat_setsockopt(xsock_t s, int level, int name, const void *value, socklen_t len)
{
    return setsockopt(s, level, name, (const char *)value, len) == 0 ? 0 : xsock__plat_fail();
}

int xsock__plat_getsockopt(xsock_t s, int level, int name, void *value, socklen_t *len)
{
    if (*len > 0)
        memset(value, 0, (size_t)*len); /* Wine writes one byte of BOOL options */
    return getsockopt(s, level, name, (char *)value, len) == 0 ? 0 : xsock__plat_fail();
}

int xsock__plat_buffer_reported(int raw) { return raw; }

int xsock__plat_set_inheritable(xsock_t s, int on)
{
    DWORD flags = on ? HANDLE_FLAG_INHERIT : 0;

    if (!SetHandleInformation(XSOCK__WIN_HANDLE(s), HANDLE_FLAG_INHERIT, flags))
        return xsock__plat_fail_with((int)GetLastError());
    return 0;
}

int xsock__plat_get_inheritable(xsock_t s)
{
    DWORD flags = 0;

    if (!GetHandleInformation(XSOCK__WIN_HANDLE(s), &flags))
        return xsock__plat_fail_with((int)GetLastError());
    return (flags & HANDLE_FLAG_INHERIT) ? 1 : 0;
}

int xsock__plat_socket_family(xsock_t s)
{
    WSAPROTOCOL_INFOW info;
    int len = (int)sizeof info;

    memset(&info, 0, sizeof info);
    if (getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOW, (char *)&info, &len) != 0)
        return xsock__plat_fail();
    return info.iAddressFamily;
}

/* ip_mreq takes the interface index as the address 0.0.0.index (documented by
 * Microsoft); ipv6_mreq takes the index. */
int xsock__plat_multicast(xsock_t s, int join, const struct sockaddr *group, unsigned ifindex)
{
    int rc;

    if (group->sa_family == AF_INET6) {
        struct ipv6_mreq req;
        memset(&req, 0, sizeof req);
        req.ipv6mr_multiaddr = ((const struct sockaddr_in6 *)(const void *)group)->sin6_addr;
        req.ipv6mr_interface = ifindex;
        rc = setsockopt(s, IPPROTO_IPV6, join ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP,
                        (const char *)&req, (int)sizeof req);
    } else {
        struct ip_mreq req;
        memset(&req, 0, sizeof req);
        req.imr_multiaddr = ((const struct sockaddr_in *)(const void *)group)->sin_addr;
        req.imr_interface.s_addr = htonl(ifindex);
        rc = setsockopt(s, IPPROTO_IP, join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP,
                        (const char *)&req, (int)sizeof req);
    }
    return rc == 0 ? 0 : xsock__plat_fail();
}
