/* signal.h - <signal.h> for Windows builds: part of xsock's BSD layer (see xsock_bsd.h).
 *
 * Windows has no SIGPIPE (a send to a closed peer fails with EPIPE/ECONNRESET and
 * never raises a signal). SIGPIPE is defined so that signal(SIGPIPE, SIG_IGN) compiles;
 * signal() accepts it, remembers the handler and never calls it. sigaction() does not
 * exist on Windows and is not declared. */
#ifndef XSOCK_BSD_SIGNAL_H
#define XSOCK_BSD_SIGNAL_H
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC system_header
#endif
#if defined(_MSC_VER) && !defined(__clang__)
/* MSVC has no #include_next: the UCRT's header, found through its own folder's name. */
#include <../ucrt/signal.h>
#else
#include_next <signal.h>
#endif
#ifndef SIGPIPE
/** The Linux number of SIGPIPE; never raised on Windows. */
#define SIGPIPE 13
#endif
#ifdef __cplusplus
extern "C" {
#endif
/** signal() as the C runtime's, except that SIGPIPE is accepted (the handler is kept
 * and returned by the next call, never invoked). */
void (*xsock_bsd_signal(int sig, void (*handler)(int)))(int);
#ifdef __cplusplus
}
#endif
#define signal xsock_bsd_signal
#endif
