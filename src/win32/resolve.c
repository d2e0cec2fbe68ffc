/* resolve.c - name resolution and interface names. */
#include "internal.h"

#include <iphlpapi.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#if defined(_MSC_VER)
#pragma comment(lib, "iphlpapi.lib") /* if_nametoindex, ConvertInterface* */
#endif

/* ADDRINFOW is struct addrinfo with a wide ai_canonname: the list GetAddrInfoW returns
 * is handed to common code as struct addrinfo (which never reads ai_canonname). */
XSOCK__STATIC_ASSERT(sizeof(ADDRINFOW) == sizeof(struct addrinfo), addrinfow_size);
XSOCK__STATIC_ASSERT(offsetof(ADDRINFOW, ai_addrlen) == offsetof(struct addrinfo, ai_addrlen),
                     addrinfow_addrlen);
XSOCK__STATIC_ASSERT(offsetof(ADDRINFOW, ai_addr) == offsetof(struct addrinfo, ai_addr),
                     addrinfow_addr);
XSOCK__STATIC_ASSERT(offsetof(ADDRINFOW, ai_next) == offsetof(struct addrinfo, ai_next),
                     addrinfow_next);

/* UTF-8 text (NULL stays NULL) as a new UTF-16 string into *out; 0 or a code (common
 * code has checked that the text is UTF-8). */
int xsock__win_widen(const char *text, WCHAR **out)
{
    int n;

    *out = NULL;
    if (text == NULL)
        return 0;
    n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, NULL, 0);
    if (n <= 0)
        return xsock__plat_fail_with((int)GetLastError());
    *out = (WCHAR *)malloc((size_t)n * sizeof **out);
    if (*out == NULL)
        return XSOCK_ENOMEM;
    if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, *out, n) != n) {
        free(*out);
        *out = NULL;
        return xsock__plat_fail_with((int)GetLastError());
    }
    return 0;
}

/* The wide API: the ANSI getaddrinfo reads the name in the system code page, so a
 * UTF-8 name failed or resolved to something else. */
int xsock__plat_getaddrinfo(const char *host, const char *service, const struct addrinfo *hints,
                            struct addrinfo **res)
{
    WCHAR *whost = NULL, *wservice = NULL;
    ADDRINFOW whints, *wres = NULL;
    int rc = xsock__plat_ensure_init();

    if (rc == 0)
        rc = xsock__win_widen(host, &whost);
    if (rc == 0)
        rc = xsock__win_widen(service, &wservice);
    if (rc == 0) {
        memset(&whints, 0, sizeof whints);
        whints.ai_flags = hints->ai_flags;
        whints.ai_family = hints->ai_family;
        whints.ai_socktype = hints->ai_socktype;
        whints.ai_protocol = hints->ai_protocol;
        /* GetAddrInfoW returns the WSA code itself (EAI_* are WSA* values). */
        rc = GetAddrInfoW(whost, wservice, &whints, &wres);
        rc = rc == 0 ? 0 : xsock__plat_fail_gai(rc);
    }
    free(whost);
    free(wservice);
    if (rc == 0)
        *res = (struct addrinfo *)(void *)wres;
    return rc;
}

void xsock__plat_freeaddrinfo(struct addrinfo *res) { FreeAddrInfoW((ADDRINFOW *)(void *)res); }

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

/* UTF-16 text into UTF-8 out[XSOCK__NAME_MAX]; 0 or a code. */
static int narrow(const WCHAR *text, char *out)
{
    if (WideCharToMultiByte(CP_UTF8, 0, text, -1, out, XSOCK__NAME_MAX, NULL, NULL) == 0)
        return xsock__plat_fail_with((int)GetLastError());
    return 0;
}

int xsock__plat_getnameinfo(const struct sockaddr *sa, socklen_t len, char *host, int required)
{
    WCHAR whost[NI_MAXHOST];
    int rc = xsock__plat_ensure_init();

    if (rc != 0)
        return rc;
    /* the wide call: the ANSI one writes the name in the code page */
    rc = GetNameInfoW(sa, len, whost, NI_MAXHOST, NULL, 0, required ? NI_NAMEREQD : 0);
    if (rc != 0)
        return xsock__plat_fail_gai(rc);
    return narrow(whost, host);
}

typedef int(WSAAPI *hostname_w_fn)(PWSTR name, int len);

/* GetHostNameW (Windows 8 and later), looked up so that older systems still load xsock. */
static hostname_w_fn hostname_w(void)
{
    HMODULE ws2 = GetModuleHandleW(L"ws2_32.dll");
    FARPROC fn = ws2 != NULL ? GetProcAddress(ws2, "GetHostNameW") : NULL;
    hostname_w_fn typed = NULL;

    if (fn != NULL)
        memcpy(&typed, &fn, sizeof typed); /* a function pointer cast without a warning */
    return typed;
}

int xsock__plat_hostname(char *name)
{
    WCHAR wname[256 + 1];
    hostname_w_fn wide = hostname_w();
    int rc = xsock__plat_ensure_init();

    if (rc != 0)
        return rc;
    if (wide == NULL) { /* before Windows 8: host names are ASCII (NetBIOS rules) there */
        if (gethostname(name, 256) != 0)
            return xsock__plat_fail();
        name[256] = '\0';
        return 0;
    }
    if (wide(wname, (int)(sizeof wname / sizeof wname[0])) != 0)
        return xsock__plat_fail();
    return narrow(wname, name);
}

/* The adapters with their addresses, in a buffer to free(); NULL and *rc on failure. */
static IP_ADAPTER_ADDRESSES *adapters(int *rc)
{
    const ULONG flags = GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER;
    ULONG size = 16384;
    int attempt;

    for (attempt = 0; attempt < 4; attempt++) {
        IP_ADAPTER_ADDRESSES *list = (IP_ADAPTER_ADDRESSES *)malloc(size);
        ULONG err;

        if (list == NULL)
            break;
        err = GetAdaptersAddresses(AF_UNSPEC, flags, NULL, list, &size);
        if (err == NO_ERROR) {
            *rc = 0;
            return list;
        }
        free(list);
        if (err != ERROR_BUFFER_OVERFLOW) {
            *rc = xsock__plat_fail_with((int)err);
            return NULL;
        }
    }
    *rc = XSOCK_ENOMEM;
    return NULL;
}

/* One unicast address of an adapter into *out. */
static void fill_interface(struct xsock_interface *out, const IP_ADAPTER_ADDRESSES *a,
                           const IP_ADAPTER_UNICAST_ADDRESS *u)
{
    char name[XSOCK__NAME_MAX];
    const struct sockaddr *sa = u->Address.lpSockaddr;

    if (a->FriendlyName == NULL || narrow(a->FriendlyName, name) != 0)
        name[0] = '\0';
    xsock__interface_name(out->name, name);
    /* Ipv6IfIndex is 0 where IPv6 is not bound (Wine says 0 for its ::1): then the one
     * index of the interface, which Windows gives both families. */
    out->index = sa->sa_family == AF_INET6 && a->Ipv6IfIndex != 0 ? (unsigned)a->Ipv6IfIndex
                                                                  : (unsigned)a->IfIndex;
    out->flags = (a->OperStatus == IfOperStatusUp ? XSOCK_IF_UP : 0) |
                 (a->IfType == IF_TYPE_SOFTWARE_LOOPBACK ? XSOCK_IF_LOOPBACK : 0) |
                 ((a->Flags & IP_ADAPTER_NO_MULTICAST) ? 0 : XSOCK_IF_MULTICAST);
    (void)xsock_addr_from_sockaddr(&out->addr, sa, (socklen_t)u->Address.iSockaddrLength);
    out->prefix_len = (int)u->OnLinkPrefixLength;
}

int xsock__plat_interfaces(struct xsock_interface *out, size_t max)
{
    const IP_ADAPTER_ADDRESSES *a;
    IP_ADAPTER_ADDRESSES *list;
    size_t n = 0;
    int rc = xsock__plat_ensure_init();

    if (rc != 0 || (list = adapters(&rc)) == NULL)
        return rc;
    for (a = list; a != NULL; a = a->Next) {
        const IP_ADAPTER_UNICAST_ADDRESS *u;

        for (u = a->FirstUnicastAddress; u != NULL && n < INT_MAX; u = u->Next) {
            int family = u->Address.lpSockaddr != NULL ? u->Address.lpSockaddr->sa_family : 0;

            if (family != AF_INET && family != AF_INET6)
                continue;
            if (n < max)
                fill_interface(&out[n], a, u);
            n++;
        }
    }
    free(list);
    return (int)n;
}
