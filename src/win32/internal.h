/* internal.h - PRIVATE helpers shared by the files of the WinSock backend.
 * Only the .c files of src/win32 include this; common code sees src/platform.h alone. */
#ifndef XSOCK_WIN32_INTERNAL_H
#define XSOCK_WIN32_INTERNAL_H

#include "platform.h"

#include <limits.h>
#include <mswsock.h>
#include <mstcpip.h>

/* Thread-local storage class: MSVC spells it __declspec(thread), GCC and clang
 * (MinGW) __thread; a C11 compiler without either has _Thread_local. */
#if defined(_MSC_VER)
#define XSOCK__THREAD_LOCAL __declspec(thread)
#elif defined(__GNUC__) || defined(__clang__)
#define XSOCK__THREAD_LOCAL __thread
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define XSOCK__THREAD_LOCAL _Thread_local
#else
#error "xsock: no thread-local storage class known for this compiler"
#endif

/* Older SDKs lack these; the values are fixed by the Windows ABI. */
#ifndef SIO_UDP_CONNRESET
#define SIO_UDP_CONNRESET _WSAIOW(IOC_VENDOR, 12)
#endif
#ifndef TCP_KEEPCNT
#define TCP_KEEPCNT 16
#endif

/* A SOCKET is a kernel HANDLE; the cast keeps the value (same width on 32/64-bit). */
#define XSOCK__WIN_HANDLE(s) ((HANDLE)(s))

/* Largest byte count one WinSock call gets: an int (send/recv take int lengths, and
 * ssize_t is only 32 bits on 32-bit Windows), so every count we return is exact. */
#define XSOCK__WIN_IO_MAX ((size_t)INT_MAX)

/* Set the thread's recorded native error without translating (capability probes use
 * it to leave no trace of an expected failure). */
void xsock__win_set_native_error(int native);

/* Clear HANDLE_FLAG_INHERIT on s; 0 or a code (recorded). */
int xsock__win_disable_inherit(xsock_t s);

/* Forget what xsock recorded of s's blocking mode (a new or closed socket: blocking). */
void xsock__win_forget_mode(xsock_t s);

/* Make s non-blocking for one XSOCK_MSG_DONTWAIT call unless it is already; 0 (the
 * lock held: call xsock__win_dontwait_end after the call, with *restore) or a code. */
int xsock__win_dontwait_begin(xsock_t s, int *restore);
void xsock__win_dontwait_end(xsock_t s, int restore);

/* UTF-8 text (NULL stays NULL) as a new UTF-16 string (free() it) into *out; 0 or a
 * code. */
int xsock__win_widen(const char *text, WCHAR **out);

/* The TransmitFile extension function, looked up once through s and cached for the
 * process; NULL (native error recorded) if the provider does not have it. */
LPFN_TRANSMITFILE xsock__win_transmitfile(xsock_t s);

#endif /* XSOCK_WIN32_INTERNAL_H */
