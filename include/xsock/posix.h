/** @file
 * xsock/posix.h - platform types for POSIX systems (Linux, BSD, macOS).
 * Included by <xsock.h>; do not include it directly. xsock/win32.h defines the same
 * names for Windows: xsock_t is a SOCKET, XSOCK_INVALID is INVALID_SOCKET, the
 * XSOCK_SHUT_* values are SD_RECEIVE, SD_SEND and SD_BOTH, and xsock_buf is laid out
 * as a WSABUF. */
#ifndef XSOCK_POSIX_H
#define XSOCK_POSIX_H

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <unistd.h>

/** A socket handle: a file descriptor on POSIX. */
typedef int xsock_t;

/** The value of an xsock_t that refers to no socket. */
#define XSOCK_INVALID (-1)

/** For xsock_shutdown(): stop receiving. */
#define XSOCK_SHUT_RD SHUT_RD
/** For xsock_shutdown(): stop sending (the peer reads end of stream). */
#define XSOCK_SHUT_WR SHUT_WR
/** For xsock_shutdown(): stop both directions. */
#define XSOCK_SHUT_RDWR SHUT_RDWR

/** Message flag for xsock_send(), xsock_recv() and friends: out-of-band data. */
#define XSOCK_MSG_OOB MSG_OOB
/** Message flag for the receive functions: look at the data without consuming it. */
#define XSOCK_MSG_PEEK MSG_PEEK
/** Message flag for the receive functions: wait for the whole length (a stream may
 * still return less at end of stream, on a signal or on an error). */
#define XSOCK_MSG_WAITALL MSG_WAITALL

/* A scatter/gather buffer, laid out exactly as struct iovec. */
#define XSOCK_BUF_FIELDS_ \
    void *base;           \
    size_t len;

#endif /* XSOCK_POSIX_H */
