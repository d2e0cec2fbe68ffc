/* internal.h - helpers shared inside the POSIX backend. */
#ifndef XSOCK_POSIX_INTERNAL_H
#define XSOCK_POSIX_INTERNAL_H

#include "config.h"
#include "../platform.h"

/* Set FD_CLOEXEC (inheritable 0) or clear it; 0 or a code. */
int xsock__posix_set_cloexec(int fd, int cloexec);

/* The per-socket setup every new socket gets where the system needs it (SO_NOSIGPIPE,
 * FD_CLOEXEC without SOCK_CLOEXEC). 0 or a code; the socket is left open. */
int xsock__posix_prepare(int fd, int cloexec_done);

/* The code for the failed I/O call just made on s with msg_flags: EAGAIN on a blocking
 * socket means its SO_RCVTIMEO/SO_SNDTIMEO expired, reported as XSOCK_ETIMEDOUT,
 * unless the call had MSG_DONTWAIT. */
int xsock__posix_io_fail(int s, int msg_flags);

#endif /* XSOCK_POSIX_INTERNAL_H */
