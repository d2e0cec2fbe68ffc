/* names.c - name resolution and address text for the BSD layer: getaddrinfo and
 * friends start WinSock first; inet_pton/inet_ntop use xsock's own address text code;
 * gai_strerror and hstrerror give static POSIX texts (thread-safe). */
#include "internal.h"

#include "../common/addr_text.h"

#include <stdio.h>
#include <string.h>

/* Start WinSock; -1 and errno if it cannot start. */
static int started(void)
{
    int rc = xsock__plat_ensure_init();

    return rc < 0 ? xsock_bsd__fail(rc) : 0;
}

int xsock_bsd_getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                          struct addrinfo **res)
{
    int rc;

    if (res == NULL || (node == NULL && service == NULL))
        return EAI_NONAME;
    *res = NULL;
    if (started() < 0)
        return EAI_FAIL;
    rc = xsock__plat_getaddrinfo(node, service, hints, res);
    if (rc == 0)
        return 0;
    rc = xsock__plat_native_error(); /* the EAI_* code (WSA values on Windows) */
    return rc != 0 ? rc : EAI_FAIL;
}

void xsock_bsd_freeaddrinfo(struct addrinfo *res)
{
    if (res != NULL)
        xsock__plat_freeaddrinfo(res);
}

int xsock_bsd_getnameinfo(const struct sockaddr *addr, socklen_t addrlen, char *host,
                          socklen_t hostlen, char *serv, socklen_t servlen, int flags)
{
    if (addr == NULL || addrlen <= 0 || hostlen < 0 || servlen < 0)
        return EAI_FAIL;
    if (started() < 0)
        return EAI_FAIL;
    return getnameinfo(addr, addrlen, host, (DWORD)hostlen, serv, (DWORD)servlen, flags);
}

struct gai_text {
    int code;
    const char *text;
};

/* glibc's texts; WinSock's EAI_* codes are WSA error numbers (two names may share
 * one, so the first row wins). */
static const struct gai_text gai_texts[] = {
    {0, "Success"},
    {EAI_AGAIN, "Temporary failure in name resolution"},
    {EAI_BADFLAGS, "Bad value for ai_flags"},
    {EAI_FAIL, "Non-recoverable failure in name resolution"},
    {EAI_FAMILY, "ai_family not supported"},
    {EAI_MEMORY, "Memory allocation failure"},
    {EAI_NONAME, "Name or service not known"},
    {EAI_SERVICE, "Servname not supported for ai_socktype"},
    {EAI_SOCKTYPE, "ai_socktype not supported"},
    {WSANO_DATA, "No address associated with hostname"},
    {-11, "System error"},
};

const char *xsock_bsd_gai_strerror(int code)
{
    size_t i;

    for (i = 0; i < sizeof gai_texts / sizeof gai_texts[0]; i++) {
        if (gai_texts[i].code == code)
            return gai_texts[i].text;
    }
    return "Unknown error";
}

int xsock_bsd_inet_pton(int af, const char *src, void *dst)
{
    unsigned char bytes[16];
    const char *end;

    if (af != AF_INET && af != AF_INET6)
        return xsock_bsd__fail_errno(EAFNOSUPPORT);
    if (src == NULL || dst == NULL)
        return xsock_bsd__fail_errno(EFAULT);
    end = src + strlen(src);
    if (af == AF_INET) {
        if (xsock__ipv4_parse(src, end, bytes) != 0)
            return 0;
        memcpy(dst, bytes, 4);
        return 1;
    }
    if (xsock__ipv6_parse(src, end, bytes) != 0)
        return 0;
    memcpy(dst, bytes, 16);
    return 1;
}

const char *xsock_bsd_inet_ntop(int af, const void *src, char *dst, socklen_t size)
{
    char text[XSOCK__IPV6_TEXT_MAX];
    size_t n;

    if (af != AF_INET && af != AF_INET6) {
        errno = EAFNOSUPPORT;
        return NULL;
    }
    if (src == NULL || dst == NULL || size < 0) {
        errno = src == NULL || dst == NULL ? EFAULT : ENOSPC;
        return NULL;
    }
    n = af == AF_INET ? xsock__ipv4_format((const unsigned char *)src, text)
                      : xsock__ipv6_format((const unsigned char *)src, text);
    if (n + 1 > (size_t)size) {
        errno = ENOSPC;
        return NULL;
    }
    memcpy(dst, text, n + 1);
    return dst;
}

int xsock_bsd_inet_aton(const char *cp, struct in_addr *out)
{
    unsigned char bytes[4];

    if (cp == NULL || xsock__ipv4_parse(cp, cp + strlen(cp), bytes) != 0)
        return 0; /* glibc also takes the old forms (0x7f.1, 127.1): not here */
    if (out != NULL)
        memcpy(&out->s_addr, bytes, 4);
    return 1;
}

in_addr_t xsock_bsd_inet_addr(const char *cp)
{
    struct in_addr a;

    return xsock_bsd_inet_aton(cp, &a) ? (in_addr_t)a.s_addr : (in_addr_t)INADDR_NONE;
}

/* inet_ntoa's per-thread buffer. */
static XSOCK_BSD__THREAD char ntoa_text[16];

char *xsock_bsd_inet_ntoa(struct in_addr in)
{
    unsigned char bytes[4];

    memcpy(bytes, &in.s_addr, 4);
    (void)xsock__ipv4_format(bytes, ntoa_text);
    return ntoa_text;
}

/* ---- the host database, with h_errno */

static XSOCK_BSD__THREAD int h_errno_value;

int *xsock_bsd_h_errno_location(void) { return &h_errno_value; }

static struct hostent *host_result(struct hostent *h)
{
    int err = h == NULL ? WSAGetLastError() : 0; /* before any thread-local access */

    h_errno_value = err == WSAHOST_NOT_FOUND || err == WSATRY_AGAIN || err == WSANO_RECOVERY ||
                            err == WSANO_DATA
                        ? err
                        : (h == NULL ? NO_RECOVERY : 0);
    return h;
}

struct hostent *xsock_bsd_gethostbyname(const char *name)
{
    if (name == NULL) {
        h_errno_value = HOST_NOT_FOUND;
        return NULL;
    }
    if (started() < 0) {
        h_errno_value = NO_RECOVERY;
        return NULL;
    }
    return host_result(gethostbyname(name));
}

struct hostent *xsock_bsd_gethostbyaddr(const void *addr, socklen_t len, int type)
{
    if (addr == NULL || len <= 0) {
        h_errno_value = HOST_NOT_FOUND;
        return NULL;
    }
    if (started() < 0) {
        h_errno_value = NO_RECOVERY;
        return NULL;
    }
    return host_result(gethostbyaddr((const char *)addr, len, type));
}

struct servent *xsock_bsd_getservbyname(const char *name, const char *proto)
{
    return name == NULL || started() < 0 ? NULL : getservbyname(name, proto);
}

struct protoent *xsock_bsd_getprotobyname(const char *name)
{
    return name == NULL || started() < 0 ? NULL : getprotobyname(name);
}

int xsock_bsd_gethostname(char *name, size_t len)
{
    char full[256];

    if (name == NULL)
        return xsock_bsd__fail_errno(EFAULT);
    if (started() < 0)
        return -1;
    if (gethostname(full, (int)sizeof full) != 0)
        return xsock_bsd__fail(xsock__plat_fail());
    if (strlen(full) + 1 > len)
        return xsock_bsd__fail_errno(ENAMETOOLONG);
    memcpy(name, full, strlen(full) + 1);
    return 0;
}

const char *xsock_bsd_hstrerror(int err)
{
    switch (err) {
    case 0: return "Resolver Error 0 (no error)";
    case HOST_NOT_FOUND: return "Unknown host";
    case TRY_AGAIN: return "Host name lookup failure";
    case NO_RECOVERY: return "Unknown server error";
    case NO_DATA: return "No address associated with name";
    default: return "Unknown resolver error";
    }
}

void xsock_bsd_herror(const char *s)
{
    const char *text = xsock_bsd_hstrerror(h_errno_value);

    if (s != NULL && s[0] != '\0')
        (void)fprintf(stderr, "%s: %s\n", s, text);
    else
        (void)fprintf(stderr, "%s\n", text);
}
