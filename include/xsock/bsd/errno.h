/* errno.h - <errno.h> for Windows builds: part of xsock's BSD layer (see xsock_bsd.h).
 *
 * The MinGW runtime gives EWOULDBLOCK (140) a value other than EAGAIN (11), and
 * EOPNOTSUPP (130) one other than ENOTSUP (129). On Linux each pair is one number, so
 * programs test either name. Here too: EWOULDBLOCK is EAGAIN and ENOTSUP is EOPNOTSUPP,
 * and the layer sets errno to EAGAIN and EOPNOTSUPP. */
#ifndef XSOCK_BSD_ERRNO_H
#define XSOCK_BSD_ERRNO_H
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC system_header
#endif
#if defined(_MSC_VER) && !defined(__clang__)
/* MSVC has no #include_next: the UCRT's header, found through its own folder's name. */
#include <../ucrt/errno.h>
#else
#include_next <errno.h>
#endif
#undef EWOULDBLOCK
#define EWOULDBLOCK EAGAIN
#undef ENOTSUP
#define ENOTSUP EOPNOTSUPP
#ifndef ESHUTDOWN
/** Not in the MinGW runtime: a send after shutdown(SHUT_WR) gives EPIPE, as on Linux. */
#define ESHUTDOWN 142
#endif
#endif
