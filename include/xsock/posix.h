/* xsock/posix.h - platform types for POSIX systems (Linux, BSD, macOS).
 * Included by <xsock.h>; do not include it directly. */
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

/** Shutdown directions, for xsock_shutdown(). */
#define XSOCK_SHUT_RD SHUT_RD
#define XSOCK_SHUT_WR SHUT_WR
#define XSOCK_SHUT_RDWR SHUT_RDWR

/** Message flags accepted by xsock_send()/xsock_recv() and friends. */
#define XSOCK_MSG_OOB MSG_OOB
#define XSOCK_MSG_PEEK MSG_PEEK
#define XSOCK_MSG_WAITALL MSG_WAITALL

/* A scatter/gather buffer, laid out exactly as struct iovec. */
#define XSOCK__BUF_FIELDS \
    void *base;           \
    size_t len;

#endif /* XSOCK_POSIX_H */
