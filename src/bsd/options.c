/* options.c - setsockopt/getsockopt with BSD values, fcntl and ioctl on sockets. */
#include "internal.h"

#include <limits.h>
#include <stdarg.h>

/* fcntl() commands and flags as include/xsock/bsd declares them. */
#define CMD_GETFD 1
#define CMD_SETFD 2
#define CMD_GETFL 3
#define CMD_SETFL 4
#define FLAG_CLOEXEC 1
#define FLAG_NONBLOCK 0x0800

static int is_timeout_option(int level, int name)
{
    return level == SOL_SOCKET && (name == SO_RCVTIMEO || name == SO_SNDTIMEO);
}

/* A struct timeval as milliseconds for the contract (sub-millisecond rounds up, as a
 * timeout must not become "none"); -1 for a value Linux refuses (EDOM). */
static int timeval_ms(const struct timeval *tv)
{
    long long ms;

    if (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000)
        return -1;
    ms = (long long)tv->tv_sec * 1000 + (tv->tv_usec + 999) / 1000;
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

static int set_timeout(struct xsock_bsd__sock *e, int name, const void *value, socklen_t len)
{
    struct timeval tv;
    int ms;
    int rc;

    if (len < (socklen_t)sizeof tv)
        return xsock_bsd__fail_errno(EINVAL);
    memcpy(&tv, value, sizeof tv);
    ms = timeval_ms(&tv);
    if (ms < 0)
        return xsock_bsd__fail_errno(EDOM);
    rc = xsock__plat_set_timeout(e->s, name == SO_SNDTIMEO, ms);
    if (rc < 0)
        return xsock_bsd__fail(rc);
    if (name == SO_SNDTIMEO)
        e->sndtimeo_ms = ms;
    else
        e->rcvtimeo_ms = ms;
    return 0;
}

static int int_value(const void *value, socklen_t len, int *out)
{
    if (len < (socklen_t)sizeof(int))
        return xsock_bsd__fail_errno(EINVAL);
    memcpy(out, value, sizeof(int));
    return 0;
}

int xsock_bsd_setsockopt(int fd, int level, int name, const void *value, socklen_t len)
{
    struct xsock_bsd__sock *e = xsock_bsd__sock_of(fd);
    int on = 0;
    int rc;

    if (e == NULL)
        return -1;
    if (value == NULL)
        return xsock_bsd__fail_errno(EFAULT);
    if (len < 0 || len > 65536)
        return xsock_bsd__fail_errno(EINVAL);
    if (is_timeout_option(level, name))
        return set_timeout(e, name, value, len);
    if (level == SOL_SOCKET && name == SO_REUSEADDR) {
        if (int_value(value, len, &on) < 0)
            return -1;
        rc = xsock__plat_set_reuseaddr(e->s, on != 0);
        if (rc < 0)
            return xsock_bsd__fail(rc);
        e->reuseaddr = on != 0;
        return 0;
    }
    rc = xsock_bsd__sys_setsockopt(e->s, level, name, value, len);
    return rc < 0 ? xsock_bsd__fail(rc) : 0;
}

/* Store an int result as Linux does: *len says how much room there is. */
static int give_int(int v, void *value, socklen_t *len)
{
    if (*len < (socklen_t)sizeof v)
        return xsock_bsd__fail_errno(EINVAL);
    memcpy(value, &v, sizeof v);
    *len = (socklen_t)sizeof v;
    return 0;
}

static int give_timeout(int ms, void *value, socklen_t *len)
{
    struct timeval tv;

    if (*len < (socklen_t)sizeof tv)
        return xsock_bsd__fail_errno(EINVAL);
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    memcpy(value, &tv, sizeof tv);
    *len = (socklen_t)sizeof tv;
    return 0;
}

int xsock_bsd_getsockopt(int fd, int level, int name, void *value, socklen_t *len)
{
    struct xsock_bsd__sock *e = xsock_bsd__sock_of(fd);
    int v = 0;
    int rc;

    if (e == NULL)
        return -1;
    if (value == NULL || len == NULL)
        return xsock_bsd__fail_errno(EFAULT);
    if (*len < 0)
        return xsock_bsd__fail_errno(EINVAL);
    if (is_timeout_option(level, name))
        return give_timeout(name == SO_SNDTIMEO ? e->sndtimeo_ms : e->rcvtimeo_ms, value, len);
    if (level == SOL_SOCKET && name == SO_REUSEADDR)
        return give_int(e->reuseaddr, value, len);
    if (level == SOL_SOCKET && name == SO_ERROR) {
        rc = xsock__plat_getsockopt_int(e->s, level, name, &v);
        if (rc < 0)
            return xsock_bsd__fail(rc);
        return give_int(xsock_bsd__errno_of(xsock__plat_translate(v)), value, len);
    }
    if (*len >= (socklen_t)sizeof(int))
        memset(value, 0, sizeof(int)); /* WinSock writes only 1 byte of some options */
    rc = xsock_bsd__sys_getsockopt(e->s, level, name, value, len);
    return rc < 0 ? xsock_bsd__fail(rc) : 0;
}

static int set_nonblocking(struct xsock_bsd__sock *e, int on)
{
    int rc = xsock__plat_set_nonblocking(e->s, on);

    if (rc < 0)
        return xsock_bsd__fail(rc);
    e->nonblocking = on;
    return 0;
}

/* fcntl on a C runtime descriptor: nothing to get or set, but it must exist. */
static int fcntl_file(int fd, int cmd, int arg)
{
    if (!xsock_bsd__crt_is_open(fd))
        return xsock_bsd__fail_errno(EBADF);
    if (cmd == CMD_GETFL || cmd == CMD_GETFD)
        return 0;
    if ((cmd == CMD_SETFL && (arg & FLAG_NONBLOCK) == 0) || cmd == CMD_SETFD)
        return 0;
    return xsock_bsd__fail_errno(EINVAL); /* non-blocking files do not exist on Windows */
}

int xsock_bsd_fcntl(int fd, int cmd, ...)
{
    struct xsock_bsd__sock *e = xsock_bsd__fd_get(fd);
    int arg = 0;
    va_list ap;

    if (cmd == CMD_SETFL || cmd == CMD_SETFD) {
        va_start(ap, cmd);
        arg = va_arg(ap, int);
        va_end(ap);
    }
    if (e == NULL)
        return fcntl_file(fd, cmd, arg);
    switch (cmd) {
    case CMD_GETFL: return e->nonblocking ? FLAG_NONBLOCK | 2 /* O_RDWR */ : 2;
    case CMD_SETFL: return set_nonblocking(e, (arg & FLAG_NONBLOCK) != 0);
    case CMD_GETFD: {
        int inheritable = xsock__plat_get_inheritable(e->s);
        return inheritable < 0 ? xsock_bsd__fail(inheritable) : (inheritable ? 0 : FLAG_CLOEXEC);
    }
    case CMD_SETFD: {
        int rc = xsock__plat_set_inheritable(e->s, (arg & FLAG_CLOEXEC) == 0);
        return rc < 0 ? xsock_bsd__fail(rc) : 0;
    }
    default: return xsock_bsd__fail_errno(EINVAL);
    }
}

int xsock_bsd_ioctl(int fd, unsigned long request, ...)
{
    struct xsock_bsd__sock *e = xsock_bsd__sock_of(fd);
    unsigned long n = 0;
    int *arg;
    va_list ap;
    int rc;

    if (e == NULL)
        return -1;
    va_start(ap, request);
    arg = va_arg(ap, int *);
    va_end(ap);
    if (arg == NULL)
        return xsock_bsd__fail_errno(EFAULT);
    if (request == (unsigned long)FIONBIO)
        return set_nonblocking(e, *arg != 0);
    if (request != (unsigned long)FIONREAD)
        return xsock_bsd__fail_errno(ENOTTY);
    rc = xsock_bsd__sys_nread(e->s, &n);
    if (rc < 0)
        return xsock_bsd__fail(rc);
    *arg = n > (unsigned long)INT_MAX ? INT_MAX : (int)n;
    return 0;
}
