/* error.c - errno and EAI_* codes to XSOCK_E*, and the thread's last native code. */
#include "internal.h"

#include <errno.h>

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && !defined(__STDC_NO_THREADS__)
#define XSOCK__THREAD_LOCAL _Thread_local
#else
#define XSOCK__THREAD_LOCAL __thread
#endif

static XSOCK__THREAD_LOCAL int last_native;

int xsock__plat_translate(int native)
{
    switch (native) {
    case EAGAIN:
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
        return XSOCK_EAGAIN;
    case EINTR: return XSOCK_EINTR;
    case EINPROGRESS: return XSOCK_EINPROGRESS;
    case EALREADY: return XSOCK_EALREADY;
    case EINVAL:
    case EFAULT: return XSOCK_EINVAL;
    case EBADF: return XSOCK_EBADF;
    case ENOTSOCK: return XSOCK_ENOTSOCK;
    case ENOTCONN: return XSOCK_ENOTCONN;
    case EISCONN: return XSOCK_EISCONN;
    case ECONNREFUSED: return XSOCK_ECONNREFUSED;
    case ECONNRESET: return XSOCK_ECONNRESET;
    case ECONNABORTED: return XSOCK_ECONNABORTED;
    case ETIMEDOUT: return XSOCK_ETIMEDOUT;
    case EADDRINUSE: return XSOCK_EADDRINUSE;
    case EADDRNOTAVAIL: return XSOCK_EADDRNOTAVAIL;
    case EAFNOSUPPORT: return XSOCK_EAFNOSUPPORT;
    case EPROTONOSUPPORT: return XSOCK_EPROTONOSUPPORT;
    case EPROTOTYPE: return XSOCK_EPROTOTYPE;
    case ENOPROTOOPT: return XSOCK_ENOPROTOOPT;
    case EPIPE: return XSOCK_EPIPE;
    case ENETUNREACH: return XSOCK_ENETUNREACH;
    case EHOSTUNREACH: return XSOCK_EHOSTUNREACH;
    case ENETDOWN: return XSOCK_ENETDOWN;
    case EMSGSIZE: return XSOCK_EMSGSIZE;
    case ENOBUFS: return XSOCK_ENOBUFS;
    case ENOMEM: return XSOCK_ENOMEM;
    case EMFILE:
    case ENFILE: return XSOCK_EMFILE;
    case EACCES:
    case EPERM: return XSOCK_EACCES;
    case EEXIST: return XSOCK_EEXIST;
    case ENOENT: return XSOCK_ENOENT;
#if defined(ENOTSUP) && ENOTSUP != EOPNOTSUPP
    case ENOTSUP:
#endif
    case EOPNOTSUPP: return XSOCK_ENOTSUP;
    case ESHUTDOWN: return XSOCK_ESHUTDOWN;
    default: return XSOCK_EUNKNOWN;
    }
}

int xsock__plat_fail_with(int native)
{
    last_native = native;
    return xsock__plat_translate(native);
}

int xsock__plat_fail(void) { return xsock__plat_fail_with(errno); }

int xsock__plat_fail_gai(int gai_code)
{
    if (gai_code == EAI_SYSTEM)
        return xsock__plat_fail();
    last_native = gai_code;
    switch (gai_code) {
    case EAI_NONAME:
#if defined(EAI_NODATA) && EAI_NODATA != EAI_NONAME
    case EAI_NODATA:
#endif
#if defined(EAI_ADDRFAMILY)
    case EAI_ADDRFAMILY:
#endif
    case EAI_SERVICE: return XSOCK_ENOTFOUND;
    case EAI_AGAIN: return XSOCK_EAI_AGAIN;
    case EAI_MEMORY: return XSOCK_ENOMEM;
    case EAI_FAMILY: return XSOCK_EAFNOSUPPORT;
    case EAI_SOCKTYPE: return XSOCK_EPROTOTYPE;
    case EAI_BADFLAGS: return XSOCK_EINVAL;
    default: return XSOCK_EUNKNOWN;
    }
}

int xsock__plat_native_error(void) { return last_native; }
