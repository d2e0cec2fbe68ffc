/* queue.c - Windows has no kernel readiness queue that this backend uses yet, so
 * xsock_poller polls its whole set with select() (src/win32/poll.c). The one with
 * O(ready) cost would be the AFD poll requests behind an I/O completion port, which
 * is undocumented interface; it is not done. */
#include "internal.h"

#include "../no_queue.h"
