/* nonblock.c - the blocking mode xsock gave each socket, and XSOCK_MSG_DONTWAIT.
 *
 * WinSock has no per-call "do not block" flag and no way to ask whether a socket is
 * non-blocking. xsock_set_nonblocking records the sockets it made non-blocking here
 * (a sorted array under one lock); a DONTWAIT call on any other socket switches it to
 * non-blocking for that one call and back. The lock is held across the switch, the
 * call and the switch back, so xsock_set_nonblocking on another thread cannot be
 * undone by it; DONTWAIT calls on blocking sockets are therefore serialized
 * process-wide (each is short: it does not block). */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static SRWLOCK lock = SRWLOCK_INIT;
static SOCKET *nonblocking; /* sorted */
static size_t count;
static size_t capacity;

/* The index of s in the array, or where it would go; *found says which. */
static size_t position(SOCKET s, int *found)
{
    size_t lo = 0, hi = count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (nonblocking[mid] < s)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = lo < count && nonblocking[lo] == s;
    return lo;
}

/* Room for one more entry; 0 or XSOCK_ENOMEM. Called with the lock held. */
static int reserve(void)
{
    SOCKET *grown;
    size_t want = capacity ? capacity * 2 : 16;

    if (count < capacity)
        return 0;
    grown = (SOCKET *)realloc(nonblocking, want * sizeof *grown);
    if (grown == NULL)
        return XSOCK_ENOMEM;
    nonblocking = grown;
    capacity = want;
    return 0;
}

/* Record s as non-blocking (on) or not; room was reserved. Called with the lock held. */
static void note(SOCKET s, int on)
{
    int found;
    size_t i = position(s, &found);

    if (on && !found) {
        memmove(&nonblocking[i + 1], &nonblocking[i], (count - i) * sizeof *nonblocking);
        nonblocking[i] = s;
        count++;
    } else if (!on && found) {
        memmove(&nonblocking[i], &nonblocking[i + 1], (count - i - 1) * sizeof *nonblocking);
        count--;
    }
}

static int set_mode(xsock_t s, int on)
{
    u_long mode = on ? 1UL : 0UL;

    /* FIONBIO is an unsigned constant; the parameter is a long of the same bits. */
    return ioctlsocket(s, (long)FIONBIO, &mode) == 0 ? 0 : xsock__plat_fail();
}

int xsock__plat_set_nonblocking(xsock_t s, int on)
{
    int rc;

    AcquireSRWLockExclusive(&lock);
    rc = on ? reserve() : 0;
    if (rc == 0)
        rc = set_mode(s, on);
    if (rc == 0)
        note(s, on);
    ReleaseSRWLockExclusive(&lock);
    return rc;
}

void xsock__win_forget_mode(xsock_t s)
{
    AcquireSRWLockExclusive(&lock);
    note(s, 0);
    ReleaseSRWLockExclusive(&lock);
}

int xsock__win_dontwait_begin(xsock_t s, int *restore)
{
    int found, rc = 0;

    *restore = 0;
    if (s == XSOCK_INVALID)
        return XSOCK_EBADF;
    AcquireSRWLockExclusive(&lock);
    (void)position(s, &found);
    if (!found) {
        rc = set_mode(s, 1);
        *restore = rc == 0;
    }
    if (rc != 0)
        ReleaseSRWLockExclusive(&lock);
    return rc;
}

void xsock__win_dontwait_end(xsock_t s, int restore)
{
    int err = WSAGetLastError(); /* the call's error survives the switch back */
    u_long mode = 0;

    if (restore)
        (void)ioctlsocket(s, (long)FIONBIO, &mode);
    WSASetLastError(err);
    ReleaseSRWLockExclusive(&lock);
}
