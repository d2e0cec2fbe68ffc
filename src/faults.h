/* faults.h - PRIVATE fault injection, compiled only into the test library
 * (XSOCK_FAULTS). It sits on the backend contract: in a fault build the common code's
 * calls to the I/O functions of platform.h go through wrappers that can, on demand,
 * fail with a chosen code (EINTR, EAGAIN on a blocking call, ECONNRESET, ENOBUFS,
 * ENOMEM, ...), shorten a transfer, or make a socket never become ready. The same
 * tests thereby drive the failure paths of the common code on every backend. */
#ifndef XSOCK_FAULTS_H
#define XSOCK_FAULTS_H

#include <stddef.h>

/* The operations a fault can be attached to. */
enum xsock__fault_op {
    XSOCK__OP_SEND,
    XSOCK__OP_RECV,
    XSOCK__OP_SENDV,
    XSOCK__OP_RECVV,
    XSOCK__OP_POLL,
    XSOCK__OP_CONNECT,
    XSOCK__OP_SENDFILE,
    XSOCK__OP_PREAD,
    XSOCK__OP_QUEUE_OPEN, /* XSOCK_ENOTSUP here makes xsock_poller poll the whole set */
    XSOCK__OP_QUEUE_WAIT,
    XSOCK__OP_COUNT
};

/* A fault on op. Window: after `skip` untouched calls, the next `times` calls (-1: all
 * that follow) fail with `error` (< 0, an XSOCK_E* code) without reaching the system;
 * for XSOCK__OP_POLL, error == 0 makes the window's waits report nothing ready (a
 * connect that never completes) after sleeping their timeout. Short I/O: max_len > 0
 * cuts the length of every call outside the window to max_len. Replaces an earlier
 * fault on the same op. */
void xsock__fault_set(int op, int skip, int times, int error, size_t max_len);

/* Remove every fault and reset the call counters. */
void xsock__fault_clear(void);

/* Calls made to op since the last clear (affected or not). */
int xsock__fault_calls(int op);

/* Calls to op that fell in the fault's window since the last clear. */
int xsock__fault_hits(int op);

#if defined(XSOCK_FAULTS) && !defined(XSOCK_FAULTS_IMPL)
/* In the common code, the backend's I/O goes through the fault layer. */
#define xsock__plat_send xsock__fault_send
#define xsock__plat_recv xsock__fault_recv
#define xsock__plat_sendv xsock__fault_sendv
#define xsock__plat_recvv xsock__fault_recvv
#define xsock__plat_poll xsock__fault_poll
#define xsock__plat_connect xsock__fault_connect
#define xsock__plat_sendfile xsock__fault_sendfile
#define xsock__plat_pread xsock__fault_pread
#define xsock__plat_queue_open xsock__fault_queue_open
#define xsock__plat_queue_wait xsock__fault_queue_wait
#endif

#endif /* XSOCK_FAULTS_H */
