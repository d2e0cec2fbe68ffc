/* options.c - blocking mode, address reuse, timeouts and keepalive on POSIX. */
#include "internal.h"

#include <fcntl.h>
#include <sys/time.h>

int xsock__plat_set_nonblocking(xsock_t s, int on)
{
    int flags = fcntl(s, F_GETFL);
    if (flags < 0)
        return xsock__plat_fail();
    flags = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
    return fcntl(s, F_SETFL, flags) < 0 ? xsock__plat_fail() : 0;
}

int xsock__plat_set_reuseaddr(xsock_t s, int on)
{
    int type = 0, rc = xsock__plat_getsockopt_int(s, SOL_SOCKET, SO_TYPE, &type);
    if (rc != 0)
        return rc;
    /* On a stream socket SO_REUSEADDR only allows binding over TIME_WAIT, never over a
     * live listener. A datagram socket has no TIME_WAIT, and there the option lets a
     * second socket bind the port and take its datagrams (Linux): never set it. */
    if (type != SOCK_STREAM)
        return on ? 0 : xsock__plat_setsockopt_int(s, SOL_SOCKET, SO_REUSEADDR, 0);
    return xsock__plat_setsockopt_int(s, SOL_SOCKET, SO_REUSEADDR, on);
}

int xsock__plat_set_timeout(xsock_t s, int is_send, int ms)
{
    struct timeval tv;
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    if (setsockopt(s, SOL_SOCKET, is_send ? SO_SNDTIMEO : SO_RCVTIMEO, &tv, sizeof tv) != 0)
        return xsock__plat_fail();
    return 0;
}

/* Set one tuning value if it was asked for (value 0 keeps the default). */
static int tune(xsock_t s, int name, int value)
{
    return value == 0 ? 0 : xsock__plat_setsockopt_int(s, IPPROTO_TCP, name, value);
}

int xsock__plat_set_keepalive(xsock_t s, int on, int idle_s, int interval_s, int count)
{
    int rc = xsock__plat_setsockopt_int(s, SOL_SOCKET, SO_KEEPALIVE, on);
    if (rc != 0 || !on)
        return rc;
#if XSOCK_HAVE_KEEPALIVE_TUNING
    rc = tune(s, XSOCK_KEEPIDLE_OPT, idle_s);
    if (rc == 0)
        rc = tune(s, TCP_KEEPINTVL, interval_s);
    if (rc == 0)
        rc = tune(s, TCP_KEEPCNT, count);
    return rc;
#else
    (void)tune;
    return (idle_s || interval_s || count) ? XSOCK_ENOTSUP : 0;
#endif
}

int xsock__plat_set_linger(xsock_t s, int on, int seconds)
{
    struct linger l;
    l.l_onoff = on;
    l.l_linger = seconds;
    return setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof l) == 0 ? 0 : xsock__plat_fail();
}
