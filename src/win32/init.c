/* init.c - starting WinSock: the implicit process-wide start and counted init/cleanup. */
#include "internal.h"

/* References taken by xsock__plat_init and not yet dropped by xsock__plat_cleanup. */
static volatile LONG init_refs;

/* The implicit first-use start; retried on a later call if WSAStartup failed. */
static INIT_ONCE implicit_start = INIT_ONCE_STATIC_INIT;

static int start_winsock(void)
{
    WSADATA data;

    /* WSAStartup returns its error instead of setting WSAGetLastError(). */
    return WSAStartup(MAKEWORD(2, 2), &data);
}

static BOOL CALLBACK start_once(PINIT_ONCE once, PVOID result, PVOID *context)
{
    int *rc = (int *)result;

    (void)once;
    (void)context;
    *rc = start_winsock();
    return *rc == 0; /* FALSE leaves the once open, so the next call tries again */
}

int xsock__plat_ensure_init(void)
{
    int rc = 0;

    if (InitOnceExecuteOnce(&implicit_start, start_once, &rc, NULL))
        return 0;
    /* rc is ours: a failing callback ran on this thread; never report 0 as failure. */
    return xsock__plat_fail_with(rc != 0 ? rc : WSASYSNOTREADY);
}

int xsock__plat_init(void)
{
    int rc = start_winsock();

    if (rc != 0)
        return xsock__plat_fail_with(rc);
    InterlockedIncrement(&init_refs);
    return 0;
}

void xsock__plat_cleanup(void)
{
    for (;;) {
        LONG refs = init_refs;

        if (refs <= 0)
            return; /* extra cleanups are harmless; the implicit start is never undone */
        if (InterlockedCompareExchange(&init_refs, refs - 1, refs) == refs) {
            WSACleanup();
            return;
        }
    }
}
