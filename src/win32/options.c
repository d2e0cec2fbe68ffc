/* options.c - blocking mode, address reuse, timeouts and keepalive on WinSock. */
#include "internal.h"

/* Windows' defaults, used for a keepalive value the caller leaves at 0, since
 * SIO_KEEPALIVE_VALS always sets both (KeepAliveTime 2 h, KeepAliveInterval 1 s). */
#define DEFAULT_KEEPALIVE_IDLE_MS 7200000UL
#define DEFAULT_KEEPALIVE_INTERVAL_MS 1000UL

/* xsock__plat_set_nonblocking is in nonblock.c, which records the mode. */

/* SO_REUSEADDR on Windows lets another socket steal a bound port: use the
 * exclusive-use option, which still allows a restart (see the header). */
int xsock__plat_set_reuseaddr(xsock_t s, int on)
{
    return xsock__plat_setsockopt_int(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on ? 1 : 0);
}

/* WinSock reads SO_RCVTIMEO/SO_SNDTIMEO as a DWORD of milliseconds, not a timeval. */
int xsock__plat_set_timeout(xsock_t s, int is_send, int ms)
{
    DWORD timeout = (DWORD)ms;
    int name = is_send ? SO_SNDTIMEO : SO_RCVTIMEO;

    if (setsockopt(s, SOL_SOCKET, name, (const char *)&timeout, (int)sizeof timeout) != 0)
        return xsock__plat_fail();
    return 0;
}

static int set_keepalive_times(xsock_t s, int idle_s, int interval_s)
{
    struct tcp_keepalive vals;
    DWORD bytes = 0;

    vals.onoff = 1;
    vals.keepalivetime = idle_s > 0 ? (u_long)idle_s * 1000UL : DEFAULT_KEEPALIVE_IDLE_MS;
    vals.keepaliveinterval =
        interval_s > 0 ? (u_long)interval_s * 1000UL : DEFAULT_KEEPALIVE_INTERVAL_MS;
    if (WSAIoctl(s, SIO_KEEPALIVE_VALS, &vals, sizeof vals, NULL, 0, &bytes, NULL, NULL) != 0)
        return xsock__plat_fail();
    return 0;
}

/* TCP_KEEPCNT exists from Windows 10 1703; elsewhere the count cannot be set. */
static int set_keepalive_count(xsock_t s, int count)
{
    DWORD probes = (DWORD)count;

    if (setsockopt(s, IPPROTO_TCP, TCP_KEEPCNT, (const char *)&probes, (int)sizeof probes) != 0) {
        xsock__plat_fail();
        return XSOCK_ENOTSUP;
    }
    return 0;
}

int xsock__plat_set_keepalive(xsock_t s, int on, int idle_s, int interval_s, int count)
{
    int rc = xsock__plat_setsockopt_int(s, SOL_SOCKET, SO_KEEPALIVE, on ? 1 : 0);

    if (rc != 0 || !on)
        return rc;
    if (idle_s > 0 || interval_s > 0)
        rc = set_keepalive_times(s, idle_s, interval_s);
    if (rc == 0 && count > 0)
        rc = set_keepalive_count(s, count);
    return rc;
}

int xsock__plat_set_linger(xsock_t s, int on, int seconds)
{
    struct linger l;

    l.l_onoff = (u_short)(on ? 1 : 0);
    l.l_linger = (u_short)seconds; /* 0..65535, checked by common code */
    if (setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&l, (int)sizeof l) != 0)
        return xsock__plat_fail();
    return 0;
}
