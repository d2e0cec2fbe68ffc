/* info.c - version, backend name, capabilities, lifecycle. */
#include "internal.h"

#define XSOCK__STR2(x) #x
#define XSOCK__STR(x) XSOCK__STR2(x)

const char *xsock_version(void)
{
    return XSOCK__STR(XSOCK_VERSION_MAJOR) "." XSOCK__STR(XSOCK_VERSION_MINOR) "." XSOCK__STR(
        XSOCK_VERSION_PATCH);
}

const char *xsock_backend(void) { return xsock__plat_name(); }

int xsock_has(int capability)
{
    if (capability < XSOCK_CAP_IPV6 || capability > XSOCK_CAP_ZEROCOPY_SENDFILE)
        return XSOCK_EINVAL;
    return xsock__plat_has(capability);
}

int xsock_init(void) { return xsock__plat_init(); }

void xsock_cleanup(void) { xsock__plat_cleanup(); }

int64_t xsock__deadline(int timeout_ms)
{
    return timeout_ms < 0 ? -1 : xsock__plat_now_ms() + timeout_ms;
}

int xsock__remaining_ms(int64_t deadline_ms)
{
    int64_t left;
    if (deadline_ms < 0)
        return -1;
    left = deadline_ms - xsock__plat_now_ms();
    return left > 0 ? (int)left : 0;
}
