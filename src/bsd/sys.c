/* sys.c - the BSD layer's own system calls: what the backend contract has no function
 * for (C runtime descriptor slots and I/O, open/dup/fdopen/signal, raw socket options,
 * FIONREAD). */
#include "internal.h"

#include <fcntl.h>
#include <io.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <sys/stat.h>

/* The NUL device, opened once: each reserved slot holds a duplicate of it, so that the
 * runtime's _close() of a slot closes our duplicate and never a socket handle. */
static INIT_ONCE nul_once = INIT_ONCE_STATIC_INIT;
static HANDLE nul_handle = INVALID_HANDLE_VALUE;

static BOOL CALLBACK open_nul(PINIT_ONCE once, PVOID param, PVOID *context)
{
    (void)once;
    (void)param;
    (void)context;
    nul_handle = CreateFileW(L"NUL", GENERIC_READ | GENERIC_WRITE,
                             FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    return TRUE;
}

int xsock_bsd__crt_reserve(void)
{
    HANDLE dup = NULL;
    int saved = errno;
    int fd;

    (void)InitOnceExecuteOnce(&nul_once, open_nul, NULL, NULL);
    if (nul_handle == INVALID_HANDLE_VALUE)
        return -1;
    if (!DuplicateHandle(GetCurrentProcess(), nul_handle, GetCurrentProcess(), &dup, 0, FALSE,
                         DUPLICATE_SAME_ACCESS))
        return -1;
    fd = _open_osfhandle((intptr_t)dup, _O_BINARY | _O_NOINHERIT);
    if (fd < 0 || fd >= XSOCK_BSD__FD_LIMIT) {
        if (fd >= 0)
            (void)_close(fd);
        else
            CloseHandle(dup);
        fd = -1;
    }
    errno = saved;
    return fd;
}

void xsock_bsd__crt_release(int fd)
{
    int saved = errno;

    (void)_close(fd);
    errno = saved;
}

#if defined(_UCRT) || defined(_MSC_VER)
/* The UCRT reports a descriptor it never opened to the invalid parameter handler, whose
 * default ends the process: ask with a handler that ignores it, for this thread only. */
static void ignore_parameter(const wchar_t *expr, const wchar_t *func, const wchar_t *file,
                             unsigned int line, uintptr_t reserved)
{
    (void)expr;
    (void)func;
    (void)file;
    (void)line;
    (void)reserved;
}

static intptr_t os_handle(int fd)
{
    _invalid_parameter_handler old = _set_thread_local_invalid_parameter_handler(ignore_parameter);
    intptr_t h = _get_osfhandle(fd);

    (void)_set_thread_local_invalid_parameter_handler(old);
    return h;
}
#else
/* msvcrt answers -1 (EBADF) for a descriptor it never opened. */
static intptr_t os_handle(int fd) { return _get_osfhandle(fd); }
#endif

int xsock_bsd__crt_is_open(int fd)
{
    int saved = errno;
    int open = fd >= 0 && fd < xsock_bsd__crt_limit() && os_handle(fd) != -1;

    errno = saved;
    return open;
}

int xsock_bsd__crt_limit(void)
{
#if defined(_UCRT) || defined(_MSC_VER)
    return 8192; /* UCRT's _NHANDLE_ */
#else
    return 2048; /* msvcrt's: 64 arrays of 32 (measured under Wine: 2048) */
#endif
}

/* Only open descriptors reach the runtime (see os_handle). */
static int crt_checked(int fd)
{
    if (fd < 0 || fd >= xsock_bsd__crt_limit() || os_handle(fd) == -1) {
        errno = EBADF;
        return 0;
    }
    return 1;
}

int xsock_bsd__crt_close(int fd) { return crt_checked(fd) ? _close(fd) : -1; }

ssize_t xsock_bsd__crt_read(int fd, void *buf, size_t len)
{
    unsigned int n = len > (size_t)INT_MAX ? (unsigned int)INT_MAX : (unsigned int)len;

    return crt_checked(fd) ? _read(fd, buf, n) : -1;
}

ssize_t xsock_bsd__crt_write(int fd, const void *buf, size_t len)
{
    unsigned int n = len > (size_t)INT_MAX ? (unsigned int)INT_MAX : (unsigned int)len;

    return crt_checked(fd) ? _write(fd, buf, n) : -1;
}

int xsock_bsd__sys_setsockopt(xsock_t s, int level, int name, const void *value, int len)
{
    return setsockopt(s, level, name, (const char *)value, len) == 0 ? 0 : xsock__plat_fail();
}

int xsock_bsd__sys_getsockopt(xsock_t s, int level, int name, void *value, int *len)
{
    return getsockopt(s, level, name, (char *)value, len) == 0 ? 0 : xsock__plat_fail();
}

int xsock_bsd__sys_nread(xsock_t s, unsigned long *out)
{
    u_long n = 0;

    if (ioctlsocket(s, FIONREAD, &n) != 0)
        return xsock__plat_fail();
    *out = n;
    return 0;
}

int xsock_bsd_open(const char *path, int flags, ...)
{
    int mode = 0;
    va_list ap;

    if (path == NULL)
        return xsock_bsd__fail_errno(EFAULT);
    if (flags & _O_CREAT) {
        va_start(ap, flags);
        mode = va_arg(ap, int);
        va_end(ap);
    }
    if (!(flags & _O_TEXT))
        flags |= _O_BINARY;
    return _open(path, flags, mode & (_S_IREAD | _S_IWRITE));
}

int xsock_bsd_dup(int fd)
{
    if (xsock_bsd__fd_get(fd) != NULL)
        return xsock_bsd__fail_errno(ENOSYS);
    return _dup(fd);
}

int xsock_bsd_dup2(int fd, int fd2)
{
    if (xsock_bsd__fd_get(fd) != NULL || xsock_bsd__fd_get(fd2) != NULL)
        return xsock_bsd__fail_errno(ENOSYS);
    return _dup2(fd, fd2) == 0 ? fd2 : -1;
}

FILE *xsock_bsd_fdopen(int fd, const char *mode)
{
    if (xsock_bsd__fd_get(fd) != NULL) {
        errno = ENOSYS;
        return NULL;
    }
    return _fdopen(fd, mode);
}

/* SIGPIPE's handler as the program last set it (never called: Windows has no SIGPIPE). */
static void (*volatile sigpipe_handler)(int) = SIG_DFL;

void (*xsock_bsd_signal(int sig, void (*handler)(int)))(int)
{
    void (*old)(int);

    if (sig != 13)
        return signal(sig, handler);
    old = sigpipe_handler;
    sigpipe_handler = handler;
    return old;
}
