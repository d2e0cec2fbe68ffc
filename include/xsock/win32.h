/* xsock/win32.h - platform types for Windows (WinSock 2).
 * Included by <xsock.h>; do not include it directly. */
#ifndef XSOCK_WIN32_H
#define XSOCK_WIN32_H

/* inet_pton, inet_ntop and WSAPoll need Vista (0x0600) or later (getaddrinfo is from XP). */
#if !defined(_WIN32_WINNT)
#define _WIN32_WINNT 0x0600
#elif _WIN32_WINNT < 0x0600
#error "xsock needs _WIN32_WINNT >= 0x0600 (Windows Vista); define it higher or leave it undefined"
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <sys/types.h>

/** A socket handle: a WinSock SOCKET (an unsigned pointer-sized integer). */
typedef SOCKET xsock_t;

/** The value of an xsock_t that refers to no socket. */
#define XSOCK_INVALID INVALID_SOCKET

#if defined(_MSC_VER) && !defined(XSOCK_HAVE_SSIZE_T) && !defined(_SSIZE_T_DEFINED)
#include <basetsd.h>
typedef SSIZE_T ssize_t;
#define _SSIZE_T_DEFINED
#endif

/** For xsock_shutdown(): stop receiving (SD_RECEIVE). */
#define XSOCK_SHUT_RD 0
/** For xsock_shutdown(): stop sending, the peer reads end of stream (SD_SEND). */
#define XSOCK_SHUT_WR 1
/** For xsock_shutdown(): stop both directions (SD_BOTH). */
#define XSOCK_SHUT_RDWR 2

/** Message flag for xsock_send(), xsock_recv() and friends: out-of-band data. */
#define XSOCK_MSG_OOB MSG_OOB
/** Message flag for the receive functions: look at the data without consuming it. */
#define XSOCK_MSG_PEEK MSG_PEEK
/** Message flag for the receive functions: wait for the whole length (a stream may
 * still return less at end of stream or on an error). */
#define XSOCK_MSG_WAITALL MSG_WAITALL

/* A scatter/gather buffer, laid out exactly as WSABUF (length first). */
#define XSOCK_BUF_FIELDS_ \
    unsigned long len;    \
    void *base;

#endif /* XSOCK_WIN32_H */
