/* options.c - socket options with one meaning on every platform. */
#include "internal.h"

int xsock_set_nonblocking(xsock_t s, int on)
{
    return xsock__bad_socket(s) ? XSOCK_EBADF : xsock__plat_set_nonblocking(s, on != 0);
}

int xsock_set_reuseaddr(xsock_t s, int on)
{
    return xsock__bad_socket(s) ? XSOCK_EBADF : xsock__plat_set_reuseaddr(s, on != 0);
}

static int set_timeout(xsock_t s, int is_send, int ms)
{
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if (ms < 0)
        return XSOCK_EINVAL;
    return xsock__plat_set_timeout(s, is_send, ms);
}

int xsock_set_recv_timeout(xsock_t s, int ms) { return set_timeout(s, 0, ms); }

int xsock_set_send_timeout(xsock_t s, int ms) { return set_timeout(s, 1, ms); }

static int set_flag(xsock_t s, int level, int name, int on)
{
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    return xsock__plat_setsockopt_int(s, level, name, on != 0);
}

int xsock_set_nodelay(xsock_t s, int on) { return set_flag(s, IPPROTO_TCP, TCP_NODELAY, on); }

int xsock_set_broadcast(xsock_t s, int on) { return set_flag(s, SOL_SOCKET, SO_BROADCAST, on); }

int xsock_set_v6only(xsock_t s, int on) { return set_flag(s, IPPROTO_IPV6, IPV6_V6ONLY, on); }

int xsock_set_keepalive(xsock_t s, int on, int idle_s, int interval_s, int count)
{
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if (idle_s < 0 || idle_s > 32767 || interval_s < 0 || interval_s > 32767 || count < 0 ||
        count > 127)
        return XSOCK_EINVAL;
    return xsock__plat_set_keepalive(s, on != 0, idle_s, interval_s, count);
}
