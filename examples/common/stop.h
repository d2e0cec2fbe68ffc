/* stop.h - a clean stop on request for the example servers. After ex_stop_watch(),
 * SIGINT or SIGTERM (POSIX) and Ctrl-C, Ctrl-Break or the console closing (Windows) do
 * not end the process where it stands: they make the returned socket readable, and the
 * server's own loop then disconnects its clients, closes its sockets and returns. A
 * second request while stopping ends the program at once (as without a handler).
 *
 * Why not just die: a process ended by another thread, or killed, while its select() has
 * just completed can make Wine 8's wineserver abort (a use-after-free in its socket
 * code; docs/porting.md says more), and a server that stops from its own loop never
 * leaves a request behind on any system. */
#ifndef XSOCK_EXAMPLE_STOP_H
#define XSOCK_EXAMPLE_STOP_H

#include <xsock.h>

/* Install the handlers (once) and return the socket to watch for XSOCK_POLLIN. Signals
 * that the parent made the process ignore (nohup) stay ignored. Exits with a one-line
 * error if it cannot be set up. */
xsock_t ex_stop_watch(void);

/* 1 once a stop was requested. */
int ex_stop_requested(void);

/* Call when the loop has finished its stop: on Windows a console-close event waits for
 * it (for a few seconds at most) before the system ends the process. */
void ex_stop_done(void);

#endif /* XSOCK_EXAMPLE_STOP_H */
