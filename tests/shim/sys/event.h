/* event.h - TEST SHIM, not the real header: the kqueue declarations that src/posix/queue.c
 * uses, as FreeBSD and macOS declare them, so that scripts/test.sh can compile its kqueue
 * branch on Linux (-fsyntax-only, the project's warnings). It runs nothing. */
#include <stdint.h>
#include <time.h>
struct kevent {
    uintptr_t ident;
    short filter;
    unsigned short flags;
    unsigned int fflags;
    intptr_t data;
    void *udata;
};
#define EVFILT_READ (-1)
#define EVFILT_WRITE (-2)
#define EVFILT_USER (-10)
#define EV_ADD 0x0001
#define EV_DELETE 0x0002
#define EV_CLEAR 0x0020
#define NOTE_TRIGGER 0x01000000
#define EV_EOF 0x8000
#define EV_ERROR 0x4000
#define EV_SET(kevp, a, b, c, d, e, f) \
    do {                               \
        struct kevent *kevp_ = (kevp); \
        kevp_->ident = (a);            \
        kevp_->filter = (b);           \
        kevp_->flags = (c);            \
        kevp_->fflags = (d);           \
        kevp_->data = (e);             \
        kevp_->udata = (f);            \
    } while (0)
int kqueue(void);
int kevent(int kq, const struct kevent *changelist, int nchanges, struct kevent *eventlist,
           int nevents, const struct timespec *timeout);
