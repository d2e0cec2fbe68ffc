/* internal.h - helpers shared by the src/common files (argument checks). */
#ifndef XSOCK_COMMON_INTERNAL_H
#define XSOCK_COMMON_INTERNAL_H

/* First: in the test library (XSOCK_FAULTS) it renames the backend I/O declared by
 * platform.h to the fault layer's wrappers. No effect otherwise. */
#include "../faults.h"
#include "../platform.h"

/* 1 if s cannot be a socket handle. */
static inline int xsock__bad_socket(xsock_t s) { return s == XSOCK_INVALID; }

/* 1 if a is NULL or does not hold a well-formed IPv4/IPv6 address. */
int xsock__bad_ip_addr(const xsock_addr *a);

/* 1 if a is NULL or its length cannot be handed to the system. */
int xsock__bad_any_addr(const xsock_addr *a);

/* Milliseconds left until deadline_ms (0 if passed); -1 for no deadline (< 0). */
int xsock__remaining_ms(int64_t deadline_ms);

/* The deadline for a timeout in ms from now (negative timeout: none, -1). */
int64_t xsock__deadline(int timeout_ms);

/* Call wait(ctx, ms) again while it says XSOCK_EINTR, each time with what is left of
 * timeout_ms (negative: no limit); 0 once the time is up, else wait's result. */
int xsock__wait_retrying(int timeout_ms, int (*wait)(void *ctx, int ms), void *ctx);

#endif /* XSOCK_COMMON_INTERNAL_H */
