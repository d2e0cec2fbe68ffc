/* clock.c - the monotonic clock. */
#include "internal.h"

/* GetTickCount64 (Vista+) is monotonic, does not wrap, and needs no setup. */
int64_t xsock__plat_now_ms(void) { return (int64_t)GetTickCount64(); }
