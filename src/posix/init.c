/* init.c - lifecycle (nothing to start on POSIX), time, name and capabilities. */
#include "internal.h"

#include <sys/un.h>
#include <time.h>

int xsock__plat_init(void) { return 0; }

void xsock__plat_cleanup(void) {}

int xsock__plat_ensure_init(void) { return 0; }

int64_t xsock__plat_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *xsock__plat_name(void) { return "posix"; }

/* 1 if a socket of this family can be made (and, for dual, serve IPv4 too). */
static int can_create(int family, int dual)
{
    int s = socket(family, SOCK_STREAM, 0), ok;
    if (s < 0)
        return 0;
    ok = 1;
    if (dual) {
        int off = 0;
        ok = setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off) == 0;
    }
    close(s);
    return ok;
}

int xsock__plat_has(int capability)
{
    /* NOLINTBEGIN(bugprone-branch-clone): the constants vary from system to system */
    switch (capability) {
    case XSOCK_CAP_IPV6: return can_create(AF_INET6, 0);
    case XSOCK_CAP_DUALSTACK: return can_create(AF_INET6, 1);
    case XSOCK_CAP_AF_UNIX: return can_create(AF_UNIX, 0);
    case XSOCK_CAP_KEEPALIVE_TUNING: return XSOCK_HAVE_KEEPALIVE_TUNING;
    case XSOCK_CAP_ZEROCOPY_SENDFILE: return XSOCK_HAVE_ZEROCOPY_SENDFILE;
    default: return 0;
    }
    /* NOLINTEND(bugprone-branch-clone) */
}
