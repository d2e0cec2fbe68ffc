/* resolve.c - name resolution and interface names. */
#include "internal.h"

#include <iphlpapi.h>

#if defined(_MSC_VER)
#pragma comment(lib, "iphlpapi.lib") /* if_nametoindex, ConvertInterface* */
#endif

int xsock__plat_getaddrinfo(const char *host, const char *service, const struct addrinfo *hints,
                            struct addrinfo **res)
{
    int rc = xsock__plat_ensure_init();

    if (rc != 0)
        return rc;
    /* Windows' getaddrinfo returns the WSA code itself (EAI_* are WSA* values). */
    rc = getaddrinfo(host, service, hints, res);
    return rc == 0 ? 0 : xsock__plat_fail_gai(rc);
}

void xsock__plat_freeaddrinfo(struct addrinfo *res) { freeaddrinfo(res); }

/* Windows names an interface two ways: if_nametoindex knows the NDIS name
 * ("ethernet_32768"), users know the alias ("Ethernet", UTF-8 here). */
static unsigned index_from_alias(const char *name)
{
    WCHAR alias[IF_MAX_STRING_SIZE + 1];
    NET_LUID luid;
    NET_IFINDEX index = 0;

    if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, name, -1, alias,
                            (int)(sizeof alias / sizeof alias[0])) == 0)
        return 0;
    if (ConvertInterfaceAliasToLuid(alias, &luid) != NO_ERROR)
        return 0;
    if (ConvertInterfaceLuidToIndex(&luid, &index) != NO_ERROR)
        return 0;
    return (unsigned)index;
}

unsigned xsock__plat_if_index(const char *name)
{
    unsigned index;

    if (xsock__plat_ensure_init() != 0)
        return 0;
    index = (unsigned)if_nametoindex(name);
    return index != 0 ? index : index_from_alias(name);
}
