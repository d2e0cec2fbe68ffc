/* stop.c - see stop.h. The request is one byte sent on a socket pair: send() may be
 * called from a POSIX signal handler, and from the thread Windows runs a console
 * handler on. */
#include "stop.h"

#include "ex.h"

#include <signal.h>

static xsock_t pair[2] = {XSOCK_INVALID, XSOCK_INVALID};
static volatile sig_atomic_t requested;

/* Ask once; a second request finds the handlers gone (POSIX) or ends at once (Windows). */
static void request(void)
{
    requested = 1;
    (void)xsock_send(pair[1], "s", 1, 0); /* non-blocking: a full pair already woke it */
}

int ex_stop_requested(void) { return requested != 0; }

#ifdef _WIN32
#include <windows.h>

static HANDLE stopped_event;

static BOOL WINAPI on_console_event(DWORD event)
{
    if (requested)
        ExitProcess((UINT)STATUS_CONTROL_C_EXIT); /* asked twice: stop now */
    request();
    /* After these the system ends the process when the handler returns: let the loop
     * finish its stop first. */
    if (event == CTRL_CLOSE_EVENT || event == CTRL_LOGOFF_EVENT || event == CTRL_SHUTDOWN_EVENT)
        WaitForSingleObject(stopped_event, 4000);
    return TRUE;
}

static int install_handlers(void)
{
    stopped_event = CreateEventW(NULL, TRUE, FALSE, NULL);
    return stopped_event != NULL && SetConsoleCtrlHandler(on_console_event, TRUE);
}

void ex_stop_done(void)
{
    if (stopped_event != NULL)
        SetEvent(stopped_event);
}
#else
#include <errno.h>
#include <string.h>

static const int stop_signals[] = {SIGINT, SIGTERM};

static void on_signal(int sig)
{
    int saved = errno;
    signal(sig, SIG_DFL); /* asked twice: the default action, at once */
    request();
    errno = saved;
}

static int install_handlers(void)
{
    size_t i;
    for (i = 0; i < sizeof stop_signals / sizeof stop_signals[0]; i++) {
        struct sigaction now, action;
        if (sigaction(stop_signals[i], NULL, &now) != 0)
            return 0;
        if (now.sa_handler == SIG_IGN)
            continue; /* ignored by the parent (nohup): stays so */
        memset(&action, 0, sizeof action);
        action.sa_handler = on_signal;
        sigemptyset(&action.sa_mask);
        if (sigaction(stop_signals[i], &action, NULL) != 0)
            return 0;
    }
    return 1;
}

void ex_stop_done(void) {}
#endif

xsock_t ex_stop_watch(void)
{
    int rc;
    if (pair[0] != XSOCK_INVALID)
        return pair[0];
    rc = xsock_socketpair(SOCK_STREAM, pair);
    if (rc == 0)
        rc = xsock_set_nonblocking(pair[0], 1);
    if (rc == 0)
        rc = xsock_set_nonblocking(pair[1], 1);
    if (rc != 0)
        ex_die_code(rc, "cannot set up the stop request");
    if (!install_handlers())
        ex_die(EX_FAIL, "cannot install the stop handlers");
    return pair[0];
}
