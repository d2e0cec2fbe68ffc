/* error.c - error codes, their names and messages: generated from XSOCK_ERRNO_MAP. */
#include "internal.h"

const char *xsock_strerror(int code)
{
    switch (code) {
#define XSOCK__ERR_TEXT(name, value, text) \
    case (value): return text;
        XSOCK_ERRNO_MAP(XSOCK__ERR_TEXT)
#undef XSOCK__ERR_TEXT
    default: break; /* not in the table */
    }
    return xsock_strerror(XSOCK_EUNKNOWN);
}

const char *xsock_errname(int code)
{
    switch (code) {
#define XSOCK__ERR_NAME(name, value, text) \
    case (value): return "XSOCK_" #name;
        XSOCK_ERRNO_MAP(XSOCK__ERR_NAME)
#undef XSOCK__ERR_NAME
    default: break; /* not in the table */
    }
    return xsock_errname(XSOCK_EUNKNOWN);
}

int xsock_last_error(void) { return xsock__plat_fail(); }

int xsock_native_error(void) { return xsock__plat_native_error(); }
