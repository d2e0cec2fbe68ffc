/* capability.c - the backend's name, and what the running system can do. */
#include "internal.h"

/* Probe results per capability: 0 not probed yet, 1 absent, 2 present. A race only
 * makes two threads probe, with the same answer. */
static volatile LONG probed[XSOCK_CAP_ZEROCOPY_SENDFILE + 1];

const char *xsock__plat_name(void) { return "win32"; }

/* 1 if a socket of family/type can be made and passes check (NULL: none). */
static int probe_socket(int family, int type, int (*check)(xsock_t s))
{
    xsock_t s;
    int ok;

    if (xsock__plat_socket(&s, family, type, 0) != 0)
        return 0;
    ok = check == NULL || check(s);
    closesocket(s);
    return ok;
}

static int v6only_can_be_off(xsock_t s)
{
    return xsock__plat_setsockopt_int(s, IPPROTO_IPV6, IPV6_V6ONLY, 0) == 0;
}

static int has_transmitfile(xsock_t s) { return xsock__win_transmitfile(s) != NULL; }

static int probe(int capability)
{
    switch (capability) {
    case XSOCK_CAP_IPV6: return probe_socket(AF_INET6, SOCK_STREAM, NULL);
    case XSOCK_CAP_DUALSTACK: return probe_socket(AF_INET6, SOCK_STREAM, v6only_can_be_off);
    case XSOCK_CAP_AF_UNIX: return probe_socket(AF_UNIX, SOCK_STREAM, NULL); /* Windows 10 1803+ */
    case XSOCK_CAP_KEEPALIVE_TUNING: return 1; /* SIO_KEEPALIVE_VALS, every supported version */
    case XSOCK_CAP_ZEROCOPY_SENDFILE: return probe_socket(AF_INET, SOCK_STREAM, has_transmitfile);
    default: return 0;
    }
}

int xsock__plat_has(int capability)
{
    int saved = xsock__plat_native_error(); /* a failing probe is an answer, not an error */
    LONG answer;

    if (xsock__plat_ensure_init() != 0) {
        xsock__win_set_native_error(saved);
        return 0; /* not cached: WinSock may start later */
    }
    answer = probed[capability];
    if (answer == 0) {
        answer = probe(capability) ? 2 : 1;
        InterlockedExchange(&probed[capability], answer);
    }
    xsock__win_set_native_error(saved);
    return answer == 2;
}
