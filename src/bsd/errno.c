/* errno.c - errno values and the strerror/perror texts of the BSD layer.
 *
 * Both come from the one error table, XSOCK_ERRNO_MAP: code XSOCK_<NAME> becomes errno
 * <NAME>, and the texts are the table's messages with a capital letter ("Connection
 * refused"), which the MinGW runtime lacks (it says "Unknown error"). */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* The table's names that are not errno names here: what a BSD program sees instead.
 * Only this file expands the table with these meanings. */
#undef EOF
#define EOF EIO /* end of stream is a 0 count for read/recv, never this error */
#define ENOTFOUND ENOENT
#undef EAI_AGAIN
#define EAI_AGAIN EAGAIN
#define ENOTINIT ENETDOWN
#define EUNKNOWN EIO
#undef ESHUTDOWN
#define ESHUTDOWN EPIPE /* Linux: a send after shutdown(SHUT_WR) gives EPIPE */
#undef ENOTSUP
#define ENOTSUP EOPNOTSUPP /* one number on Linux */
#undef EWOULDBLOCK
#define EWOULDBLOCK EAGAIN

int xsock_bsd__errno_of(int code)
{
    switch (code) {
    case 0: return 0;
#define XSOCK_BSD__ERRNO_CASE(name, value, text) \
    case (value): return (name);
        XSOCK_ERRNO_MAP(XSOCK_BSD__ERRNO_CASE)
#undef XSOCK_BSD__ERRNO_CASE
    default: break;
    }
    return EIO;
}

int xsock_bsd__fail_errno(int e)
{
    errno = e;
    return -1;
}

int xsock_bsd__fail(int code) { return xsock_bsd__fail_errno(xsock_bsd__errno_of(code)); }

/* Longest message in the table, with its NUL, and room to spare. */
#define TEXT_MAX 64

struct errno_text {
    int errnum;
    const char *text; /* the table's message */
};

static const struct errno_text errno_texts[] = {
#define XSOCK_BSD__TEXT_ROW(name, value, text) {(name), (text)},
    XSOCK_ERRNO_MAP(XSOCK_BSD__TEXT_ROW)
#undef XSOCK_BSD__TEXT_ROW
};

#define TEXT_COUNT (sizeof errno_texts / sizeof errno_texts[0])

/* The capitalised copies, made once for the process. */
static char capital_texts[TEXT_COUNT][TEXT_MAX];
static INIT_ONCE capitals_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK make_capitals(PINIT_ONCE once, PVOID param, PVOID *context)
{
    size_t i;

    (void)once;
    (void)param;
    (void)context;
    for (i = 0; i < TEXT_COUNT; i++) {
        char *out = capital_texts[i];

        (void)snprintf(out, TEXT_MAX, "%s", errno_texts[i].text);
        if (out[0] >= 'a' && out[0] <= 'z')
            out[0] = (char)(out[0] - 'a' + 'A');
    }
    return TRUE;
}

/* The layer's text for errnum, or NULL when the C runtime's own text is right: the
 * runtime knows the classic values below 100 (ENOENT, EINVAL, EBADF...) but not EAGAIN
 * (under Wine) nor the POSIX supplement (100 and up: ECONNREFUSED, ...). */
static const char *socket_text(int errnum)
{
    size_t i;

    if (errnum < 100 && errnum != EAGAIN)
        return NULL;
    (void)InitOnceExecuteOnce(&capitals_once, make_capitals, NULL, NULL);
    for (i = 0; i < TEXT_COUNT; i++) {
        if (errno_texts[i].errnum == errnum)
            return capital_texts[i];
    }
    return NULL;
}

char *xsock_bsd_strerror(int errnum)
{
    const char *text = socket_text(errnum);

    return text != NULL ? (char *)text : strerror(errnum);
}

void xsock_bsd_perror(const char *s)
{
    const char *text = xsock_bsd_strerror(errno);

    if (s != NULL && s[0] != '\0')
        (void)fprintf(stderr, "%s: %s\n", s, text);
    else
        (void)fprintf(stderr, "%s\n", text);
}
