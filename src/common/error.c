/* error.c - error codes, their names and messages: generated from XSOCK_ERRNO_MAP. */
#include "internal.h"

/* Success (0, or a count) is not an error: it has its own name and text. */
#define XSOCK__SUCCESS_NAME "XSOCK_OK"
#define XSOCK__SUCCESS_TEXT "success"

const char *xsock_strerror(int code)
{
    if (code >= 0)
        return XSOCK__SUCCESS_TEXT;
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
    if (code >= 0)
        return XSOCK__SUCCESS_NAME;
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
