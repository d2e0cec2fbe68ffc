/* socket.c - socket creation, naming, connecting and closing on POSIX. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>

int xsock__posix_set_cloexec(int fd, int cloexec)
{
    int flags = fcntl(fd, F_GETFD);
    if (flags < 0)
        return xsock__plat_fail();
    flags = cloexec ? (flags | FD_CLOEXEC) : (flags & ~FD_CLOEXEC);
    return fcntl(fd, F_SETFD, flags) < 0 ? xsock__plat_fail() : 0;
}

int xsock__posix_prepare(int fd, int cloexec_done)
{
    int rc = cloexec_done ? 0 : xsock__posix_set_cloexec(fd, 1);
#if defined(XSOCK_HAVE_SO_NOSIGPIPE)
    if (rc == 0)
        rc = xsock__plat_setsockopt_int(fd, SOL_SOCKET, SO_NOSIGPIPE, 1);
#endif
    return rc;
}

/* Close fd after a failure without losing the failure's code. */
static int close_after(int fd, int code)
{
    int saved = errno;
    close(fd);
    errno = saved;
    return code;
}

int xsock__plat_socket(xsock_t *out, int family, int type, int protocol)
{
    int rc, fd = socket(family, type | XSOCK_SOCK_CLOEXEC, protocol);
    if (fd < 0)
        return xsock__plat_fail();
    rc = xsock__posix_prepare(fd, XSOCK_SOCK_CLOEXEC != 0);
    if (rc != 0)
        return close_after(fd, rc);
    *out = fd;
    return 0;
}

int xsock__plat_close(xsock_t s)
{
    if (close(s) == 0 || errno == EINTR)
        return 0; /* after EINTR Linux has released the descriptor: never retry */
    return xsock__plat_fail();
}

int xsock__plat_shutdown(xsock_t s, int how)
{
    return shutdown(s, how) == 0 ? 0 : xsock__plat_fail();
}

int xsock__plat_bind(xsock_t s, const struct sockaddr *sa, socklen_t len)
{
    return bind(s, sa, len) == 0 ? 0 : xsock__plat_fail();
}

int xsock__plat_listen(xsock_t s, int backlog)
{
    return listen(s, backlog) == 0 ? 0 : xsock__plat_fail();
}

int xsock__plat_accept(xsock_t s, xsock_t *out, struct sockaddr *sa, socklen_t *len)
{
    int rc, fd = XSOCK_ACCEPT(s, sa, len);
    if (fd < 0)
        return xsock__plat_fail();
    rc = xsock__posix_prepare(fd, XSOCK_ACCEPT_CLOEXEC);
    if (rc == 0 && !XSOCK_ACCEPT_BLOCKING)
        rc = xsock__plat_set_nonblocking(fd, 0); /* accepted sockets are blocking */
    if (rc != 0)
        return close_after(fd, rc);
    *out = fd;
    return 0;
}

/* A blocking connect interrupted by a signal goes on in the kernel: wait for it. */
static int wait_interrupted_connect(int s)
{
    struct pollfd pfd;
    int rc, err = 0;
    pfd.fd = s;
    pfd.events = POLLOUT;
    do {
        rc = poll(&pfd, 1, -1);
    } while (rc < 0 && errno == EINTR);
    if (rc < 0)
        return xsock__plat_fail();
    rc = xsock__plat_getsockopt_int(s, SOL_SOCKET, SO_ERROR, &err);
    return rc != 0 ? rc : (err == 0 ? 0 : xsock__plat_fail_with(err));
}

int xsock__plat_connect(xsock_t s, const struct sockaddr *sa, socklen_t len)
{
    if (connect(s, sa, len) == 0)
        return 0;
    if (errno == EINTR)
        return wait_interrupted_connect(s);
    return xsock__plat_fail();
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
    return setsockopt(s, level, name, &value, sizeof value) == 0 ? 0 : xsock__plat_fail();
}

int xsock__plat_getsockopt_int(xsock_t s, int level, int name, int *value)
{
    socklen_t len = sizeof *value;
    *value = 0;
    return getsockopt(s, level, name, value, &len) == 0 ? 0 : xsock__plat_fail();
}

int xsock__plat_setsockopt(xsock_t s, int level, int name, const void *value, socklen_t len)
{
    return setsockopt(s, level, name, value, len) == 0 ? 0 : xsock__plat_fail();
}

int xsock__plat_getsockopt(xsock_t s, int level, int name, void *value, socklen_t *len)
{
    if (*len > 0)
        memset(value, 0, *len);
    return getsockopt(s, level, name, value, len) == 0 ? 0 : xsock__plat_fail();
}

int xsock__plat_buffer_reported(int raw)
{
#if defined(__linux__)
    return raw / 2; /* socket(7): the kernel doubles the value set, and reports that */
#else
    return raw;
#endif
}

int xsock__plat_set_inheritable(xsock_t s, int on) { return xsock__posix_set_cloexec(s, !on); }

int xsock__plat_get_inheritable(xsock_t s)
{
    int flags = fcntl(s, F_GETFD);
    if (flags < 0)
        return xsock__plat_fail();
    return (flags & FD_CLOEXEC) ? 0 : 1;
}

int xsock__plat_socket_family(xsock_t s)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    memset(&ss, 0, sizeof ss);
    if (getsockname(s, (struct sockaddr *)&ss, &len) != 0)
        return xsock__plat_fail();
    return ss.ss_family;
}

#if defined(MCAST_JOIN_GROUP)
/* RFC 3678's protocol-independent calls (Linux, FreeBSD, NetBSD, macOS): the interface
 * by index for IPv4 too. */
int xsock__plat_multicast(xsock_t s, int join, const struct sockaddr *group, unsigned ifindex)
{
    struct group_req req;
    int level = group->sa_family == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP;
    memset(&req, 0, sizeof req);
    req.gr_interface = ifindex;
    memcpy(&req.gr_group, group,
           group->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in));
    if (setsockopt(s, level, join ? MCAST_JOIN_GROUP : MCAST_LEAVE_GROUP, &req, sizeof req) != 0)
        return xsock__plat_fail();
    return 0;
}
#else
/* The classic calls (OpenBSD): ip_mreq names the IPv4 interface by address, so only
 * the system's choice (ifindex 0) can be asked for there. */
int xsock__plat_multicast(xsock_t s, int join, const struct sockaddr *group, unsigned ifindex)
{
    int rc;
    if (group->sa_family == AF_INET6) {
        struct ipv6_mreq req;
        memset(&req, 0, sizeof req);
        req.ipv6mr_multiaddr = ((const struct sockaddr_in6 *)(const void *)group)->sin6_addr;
        req.ipv6mr_interface = ifindex;
        rc = setsockopt(s, IPPROTO_IPV6, join ? IPV6_JOIN_GROUP : IPV6_LEAVE_GROUP, &req,
                        sizeof req);
    } else {
        struct ip_mreq req;
        if (ifindex != 0)
            return xsock__plat_fail_with(EOPNOTSUPP);
        memset(&req, 0, sizeof req);
        req.imr_multiaddr = ((const struct sockaddr_in *)(const void *)group)->sin_addr;
        req.imr_interface.s_addr = htonl(INADDR_ANY);
        rc = setsockopt(s, IPPROTO_IP, join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP, &req,
                        sizeof req);
    }
    return rc == 0 ? 0 : xsock__plat_fail();
}
#endif
