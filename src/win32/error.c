/* error.c - WinSock / Win32 error codes to XSOCK_E*, and the thread's last native code. */
#include "internal.h"

/* Native code of the calling thread's last failure, for xsock_native_error().
 * Touch it only through store_native/load_native: MinGW's gcc reaches a thread-local
 * through emulated TLS, whose TlsGetValue() resets the thread's last error, and
 * reading an error must never change it (issue 11, item 5). */
static XSOCK__THREAD_LOCAL int last_native_error;

/* Store native as the recorded code, leaving the thread's WinSock error as it was. */
static void store_native(int native)
{
    int current = WSAGetLastError(); /* saved before the thread-local is touched */

    last_native_error = native;
    WSASetLastError(current);
}

/* The recorded code, leaving the thread's WinSock error as it was. */
static int load_native(void)
{
    int current = WSAGetLastError();
    int native = last_native_error;

    WSASetLastError(current);
    return native;
}

struct error_pair {
    int native;
    int code;
};

/* One table for every code the backend can see: WSA* from sockets and getaddrinfo
 * (which returns WSA codes on Windows: EAI_NONAME is WSAHOST_NOT_FOUND, ...), and the
 * few Win32 ERROR_* codes that file calls and overlapped socket I/O report. */
static const struct error_pair error_table[] = {
    {WSAEINTR, XSOCK_EINTR},
    {WSAEBADF, XSOCK_EBADF},
    {WSA_INVALID_HANDLE, XSOCK_EBADF}, /* == ERROR_INVALID_HANDLE */
    {WSAEACCES, XSOCK_EACCES},
    {ERROR_ACCESS_DENIED, XSOCK_EACCES},
    {WSAEFAULT, XSOCK_EINVAL}, /* a bad pointer or too short a length */
    {WSAEINVAL, XSOCK_EINVAL},
    {WSA_INVALID_PARAMETER, XSOCK_EINVAL}, /* == ERROR_INVALID_PARAMETER */
    {WSAEMFILE, XSOCK_EMFILE},
    {ERROR_TOO_MANY_OPEN_FILES, XSOCK_EMFILE},
    {WSAEWOULDBLOCK, XSOCK_EAGAIN},
    {WSAEINPROGRESS, XSOCK_EINPROGRESS},
    {WSAEALREADY, XSOCK_EALREADY},
    {WSAENOTSOCK, XSOCK_ENOTSOCK},
    {WSAEDESTADDRREQ, XSOCK_ENOTCONN},
    {WSAEMSGSIZE, XSOCK_EMSGSIZE},
    {ERROR_MORE_DATA, XSOCK_EMSGSIZE}, /* truncated datagram, overlapped form */
    {WSAEPROTOTYPE, XSOCK_EPROTOTYPE},
    {WSAENOPROTOOPT, XSOCK_ENOPROTOOPT},
    {WSAEPROTONOSUPPORT, XSOCK_EPROTONOSUPPORT},
    {WSAESOCKTNOSUPPORT, XSOCK_EPROTONOSUPPORT}, /* also getaddrinfo's EAI_SOCKTYPE */
    {WSAEOPNOTSUPP, XSOCK_ENOTSUP},
    {ERROR_NOT_SUPPORTED, XSOCK_ENOTSUP},
    {WSAVERNOTSUPPORTED, XSOCK_ENOTSUP},
    {WSAEPFNOSUPPORT, XSOCK_EAFNOSUPPORT},
    {WSAEAFNOSUPPORT, XSOCK_EAFNOSUPPORT}, /* also EAI_FAMILY */
    {WSAEADDRINUSE, XSOCK_EADDRINUSE},
    {WSAEADDRNOTAVAIL, XSOCK_EADDRNOTAVAIL},
    {WSAENETDOWN, XSOCK_ENETDOWN},
    {WSASYSNOTREADY, XSOCK_ENETDOWN},
    {WSAENETUNREACH, XSOCK_ENETUNREACH},
    {ERROR_NETWORK_UNREACHABLE, XSOCK_ENETUNREACH},
    {WSAENETRESET, XSOCK_ECONNRESET},
    {WSAECONNABORTED, XSOCK_ECONNABORTED},
    {ERROR_CONNECTION_ABORTED, XSOCK_ECONNABORTED},
    {WSA_OPERATION_ABORTED, XSOCK_ECONNABORTED}, /* overlapped I/O cut by a close */
    {WSAECONNRESET, XSOCK_ECONNRESET},
    {ERROR_NETNAME_DELETED, XSOCK_ECONNRESET}, /* reset seen by overlapped I/O */
    {WSAENOBUFS, XSOCK_ENOBUFS},
    {WSAEISCONN, XSOCK_EISCONN},
    {WSAENOTCONN, XSOCK_ENOTCONN},
    {WSAESHUTDOWN, XSOCK_ESHUTDOWN},
    {WSAEDISCON, XSOCK_ESHUTDOWN},
    {WSAETIMEDOUT, XSOCK_ETIMEDOUT},
    {ERROR_SEM_TIMEOUT, XSOCK_ETIMEDOUT},
    {WSAECONNREFUSED, XSOCK_ECONNREFUSED},
    {ERROR_CONNECTION_REFUSED, XSOCK_ECONNREFUSED},
    {ERROR_PORT_UNREACHABLE, XSOCK_ECONNREFUSED},
    {WSAEHOSTDOWN, XSOCK_EHOSTUNREACH},
    {WSAEHOSTUNREACH, XSOCK_EHOSTUNREACH},
    {ERROR_HOST_UNREACHABLE, XSOCK_EHOSTUNREACH},
    {ERROR_BROKEN_PIPE, XSOCK_EPIPE},
    {ERROR_HANDLE_EOF, XSOCK_EOF},
    {WSANOTINITIALISED, XSOCK_ENOTINIT},
    {WSA_NOT_ENOUGH_MEMORY, XSOCK_ENOMEM}, /* == ERROR_NOT_ENOUGH_MEMORY, EAI_MEMORY */
    {ERROR_OUTOFMEMORY, XSOCK_ENOMEM},
    /* name resolution */
    {WSAHOST_NOT_FOUND, XSOCK_ENOTFOUND}, /* EAI_NONAME */
    {WSANO_DATA, XSOCK_ENOTFOUND},        /* EAI_NODATA: the name has no address */
    {WSATYPE_NOT_FOUND, XSOCK_ENOTFOUND}, /* EAI_SERVICE: unknown service name */
    {WSATRY_AGAIN, XSOCK_EAI_AGAIN},      /* EAI_AGAIN */
};

int xsock__plat_translate(int native)
{
    size_t i;

    if (native == 0)
        return 0;
    for (i = 0; i < sizeof error_table / sizeof error_table[0]; i++) {
        if (error_table[i].native == native)
            return error_table[i].code;
    }
    return XSOCK_EUNKNOWN;
}

int xsock__plat_fail_with(int native)
{
    int code = xsock__plat_translate(native);

    store_native(native);
    /* A failure must never look like success, even if the system reported 0. */
    return code < 0 ? code : XSOCK_EUNKNOWN;
}

/* The WinSock error is read before anything else runs (the argument is evaluated
 * before the call), and store_native puts it back after the thread-local is touched. */
int xsock__plat_fail(void) { return xsock__plat_fail_with(WSAGetLastError()); }

/* getaddrinfo() returns WSA codes on Windows, which the one table already covers
 * (WSANO_RECOVERY, EAI_FAIL, has no portable code and stays XSOCK_EUNKNOWN). */
int xsock__plat_fail_gai(int gai_code) { return xsock__plat_fail_with(gai_code); }

int xsock__plat_native_error(void) { return load_native(); }

void xsock__win_set_native_error(int native) { store_native(native); }
