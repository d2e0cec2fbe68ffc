/* config.h - the POSIX backend's feature tests, in one place. Each XSOCK_HAVE_* comes
 * from what the system headers define, so drop-in builds need no configure step. */
#ifndef XSOCK_POSIX_CONFIG_H
#define XSOCK_POSIX_CONFIG_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* accept4, and SOCK_CLOEXEC with older glibc */
#endif

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#if defined(SOCK_CLOEXEC)
#define XSOCK_SOCK_CLOEXEC SOCK_CLOEXEC /* socket(type | SOCK_CLOEXEC), atomic */
#else
#define XSOCK_SOCK_CLOEXEC 0 /* FD_CLOEXEC is set right after creation instead */
#endif
#if defined(SOCK_CLOEXEC) && \
    (defined(__linux__) || defined(__FreeBSD__) || defined(__NetBSD__) || defined(__OpenBSD__))
#define XSOCK_ACCEPT(s, sa, len) accept4((s), (sa), (len), SOCK_CLOEXEC)
#define XSOCK_ACCEPT_CLOEXEC 1  /* atomic */
#define XSOCK_ACCEPT_BLOCKING 1 /* accept4 without SOCK_NONBLOCK: always blocking */
#else
#define XSOCK_ACCEPT(s, sa, len) accept((s), (sa), (len))
#define XSOCK_ACCEPT_CLOEXEC 0  /* FD_CLOEXEC right after accept (macOS): not atomic */
#define XSOCK_ACCEPT_BLOCKING 0 /* macOS' accept inherits O_NONBLOCK: cleared after */
#endif
#if defined(MSG_NOSIGNAL)
#define XSOCK_SEND_FLAGS MSG_NOSIGNAL /* per call, Linux and most BSDs */
#else
#define XSOCK_SEND_FLAGS 0
#endif
#if defined(SO_NOSIGPIPE)
#define XSOCK_HAVE_SO_NOSIGPIPE 1 /* per socket, macOS */
#endif
#if defined(TCP_KEEPIDLE)
#define XSOCK_KEEPIDLE_OPT TCP_KEEPIDLE
#elif defined(TCP_KEEPALIVE)
#define XSOCK_KEEPIDLE_OPT TCP_KEEPALIVE /* macOS spelling */
#endif
#if defined(XSOCK_KEEPIDLE_OPT) && defined(TCP_KEEPINTVL) && defined(TCP_KEEPCNT)
#define XSOCK_HAVE_KEEPALIVE_TUNING 1 /* idle time, interval and count */
#else
#define XSOCK_HAVE_KEEPALIVE_TUNING 0
#endif
#if defined(__linux__)
#define XSOCK_HAVE_LINUX_SENDFILE 1
#define XSOCK_HAVE_ZEROCOPY_SENDFILE 1
#else
#define XSOCK_HAVE_ZEROCOPY_SENDFILE 0
#endif
#if defined(__linux__)
#define XSOCK_HAVE_EPOLL 1 /* the kernel readiness queue of xsock_poller */
#elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) || defined(__OpenBSD__) || \
    defined(__DragonFly__)
#define XSOCK_HAVE_KQUEUE 1
#endif
#if defined(__GLIBC__)
typedef size_t xsock__iovlen_t; /* the type of msghdr.msg_iovlen */
#else
typedef int xsock__iovlen_t; /* BSD, macOS, musl */
#endif

#endif /* XSOCK_POSIX_CONFIG_H */
