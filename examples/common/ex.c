/* ex.c - helpers shared by the example programs. */
#include "ex.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(_WIN32)
#include <io.h>
#else
#include <time.h>
#include <unistd.h>
#endif

const char *ex_program = "example";

void ex_start(const char *argv0)
{
    static char name[64];
    const char *slash = argv0 ? strrchr(argv0, '/') : NULL;
    const char *backslash = argv0 ? strrchr(argv0, '\\') : NULL;
    size_t len;
    if (backslash != NULL && (slash == NULL || backslash > slash))
        slash = backslash;
    if (argv0 != NULL) {
        snprintf(name, sizeof name, "%s", slash ? slash + 1 : argv0);
        len = strlen(name);
        /* "tcp_server.exe" is tcp_server in messages, as on every other system */
        if (len > 4 && (strcmp(name + len - 4, ".exe") == 0 || strcmp(name + len - 4, ".EXE") == 0))
            name[len - 4] = '\0';
        if (name[0] != '\0')
            ex_program = name;
    }
#if defined(_WIN32)
    setvbuf(stdout, NULL, _IONBF, 0); /* the Windows C runtime has no line buffering */
#else
    setvbuf(stdout, NULL, _IOLBF, BUFSIZ);
#endif
}

/* "PROGRAM: message[suffix]" as one line on stderr. */
static void print_error(const char *suffix, const char *fmt, va_list ap)
{
    fflush(stdout);
    fprintf(stderr, "%s: ", ex_program);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "%s\n", suffix);
}

void ex_die(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    print_error("", fmt, ap);
    va_end(ap);
    exit(code);
}

void ex_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    print_error(" (try --help)", fmt, ap);
    va_end(ap);
    exit(EX_USAGE);
}

void ex_die_code(int code, const char *what)
{
    ex_die(EX_FAIL, "%s: %s", what, xsock_strerror(code));
}

uint16_t ex_parse_port(const char *text)
{
    unsigned long value = 0;
    size_t i, n = strlen(text);
    if (n == 0 || n > 5)
        ex_usage_error("bad port \"%s\" (0-65535)", text);
    for (i = 0; i < n; i++) {
        if (text[i] < '0' || text[i] > '9')
            ex_usage_error("bad port \"%s\" (0-65535)", text);
        value = value * 10 + (unsigned long)(text[i] - '0');
    }
    if (value > 65535)
        ex_usage_error("bad port \"%s\" (0-65535)", text);
    return (uint16_t)value;
}

int ex_parse_ms(const char *text, const char *option)
{
    char *end = NULL;
    long value = text ? strtol(text, &end, 10) : 0;
    if (text == NULL || end == text || *end != '\0' || value <= 0 || value > 86400000L)
        ex_usage_error("%s needs a number of milliseconds (1-86400000)", option);
    return (int)value;
}

const char *ex_option_value(int argc, char **argv, int *i, const char *what)
{
    const char *option = argv[*i];
    if (*i + 1 >= argc || argv[*i + 1][0] == '\0')
        ex_usage_error("%s needs %s", option, what);
    return argv[++*i];
}

void ex_unknown_option(const char *arg) { ex_usage_error("unknown option %s", arg); }

void ex_help(const char *usage)
{
    printf(usage, ex_program);
    exit(0);
}

void ex_server_args(int argc, char **argv, const char *usage, struct ex_server_opts *o)
{
    int i, positional = 0;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            ex_help(usage);
        } else if (strcmp(argv[i], "--once") == 0) {
            o->once = 1;
        } else if (strcmp(argv[i], "--quiet") == 0) {
            o->quiet = 1;
        } else if (strcmp(argv[i], "--idle") == 0 && o->idle_ms >= 0) {
            o->idle_ms = ex_parse_ms(i + 1 < argc ? argv[++i] : NULL, "--idle");
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            ex_unknown_option(argv[i]);
        } else if (positional == 0) {
            o->host = argv[i];
            positional++;
        } else if (positional == 1) {
            o->port = ex_parse_port(argv[i]);
            positional++;
        } else {
            ex_usage_error("too many arguments");
        }
    }
}

void ex_client_args(int argc, char **argv, const char *usage, struct ex_client_opts *o)
{
    int i, positional = 0;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            ex_help(usage);
        } else if (strcmp(argv[i], "--timeout") == 0) {
            o->timeout_ms = ex_parse_ms(i + 1 < argc ? argv[++i] : NULL, "--timeout");
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            ex_unknown_option(argv[i]);
        } else if (positional < 2) {
            *(positional++ == 0 ? &o->host : &o->port) = argv[i];
        } else {
            ex_usage_error("too many arguments");
        }
    }
    if (positional < 2)
        ex_usage_error("HOST and PORT are required");
    ex_parse_port(o->port);
}

const char *ex_addr_text(const xsock_addr *a, char buf[XSOCK_ADDRSTRLEN])
{
    if (xsock_addr_format(a, buf, XSOCK_ADDRSTRLEN) < 0)
        snprintf(buf, XSOCK_ADDRSTRLEN, "?");
    return buf;
}

void ex_announce(xsock_t s)
{
    xsock_addr local;
    char text[XSOCK_ADDRSTRLEN];
    int rc = xsock_local_addr(s, &local);
    if (rc < 0)
        ex_die_code(rc, "local address");
    printf("listening on %s\n", ex_addr_text(&local, text));
    fflush(stdout);
}

xsock_t ex_serve(const char *host, uint16_t port, int type)
{
    char service[8];
    xsock_t s;
    int rc;
    snprintf(service, sizeof service, "%u", (unsigned)port);
    rc = xsock_serve(&s, host, service, type, 128);
    if (rc == XSOCK_EADDRINUSE)
        ex_die(EX_FAIL, "cannot listen on %s port %s: port in use", host, service);
    if (rc < 0)
        ex_die(EX_FAIL, "cannot listen on %s port %s: %s", host, service, xsock_strerror(rc));
    return s;
}

/* Length of the valid UTF-8 sequence of a character at p (left bytes), other than a C1
 * control; 0 if there is none there. */
static size_t utf8_char(const unsigned char *p, size_t left)
{
    size_t n = p[0] >= 0xC2 && p[0] <= 0xDF   ? 2
               : p[0] >= 0xE0 && p[0] <= 0xEF ? 3
               : p[0] >= 0xF0 && p[0] <= 0xF4 ? 4
                                              : 0;
    unsigned char low = 0x80, high = 0xBF; /* the allowed range of the second byte */
    size_t i;
    if (n == 0 || n > left)
        return 0;
    if (p[0] == 0xC2 || p[0] == 0xE0)
        low = 0xA0; /* C2 80-9F are the C1 controls; E0 80-9F would be overlong */
    else if (p[0] == 0xED)
        high = 0x9F; /* no surrogates */
    else if (p[0] == 0xF0)
        low = 0x90;
    else if (p[0] == 0xF4)
        high = 0x8F; /* nothing above U+10FFFF */
    if (p[1] < low || p[1] > high)
        return 0;
    for (i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return n;
}

size_t ex_shown_text(const char *data, size_t len, char *out)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)data;
    size_t i = 0, n = 0;
    while (i < len) {
        size_t run = p[i] >= 0x20 && p[i] < 0x7F ? 1 : p[i] >= 0x80 ? utf8_char(p + i, len - i) : 0;
        if (run == 0) {
            out[n++] = '\\';
            out[n++] = 'x';
            out[n++] = hex[p[i] >> 4];
            out[n++] = hex[p[i] & 0xF];
            i++;
            continue;
        }
        memcpy(out + n, p + i, run);
        n += run;
        i += run;
    }
    out[n] = '\0';
    return n;
}

/* The length of a line ended by a newline, without the "\r" before that newline. */
static size_t without_cr(const char *line, size_t len)
{
    return len > 0 && line[len - 1] == '\r' ? len - 1 : len;
}

/* Deliver buf[0..len) as one line and drop `consumed` bytes from the buffer. A line
 * ended by a newline (consumed > len) loses its "\r" too; a piece of an overlong line
 * keeps every byte. */
static void emit(struct ex_lines *lines, size_t len, size_t consumed, ex_line_fn fn, void *ctx)
{
    if (consumed > len)
        len = without_cr(lines->buf, len);
    lines->buf[len] = '\0';
    fn(ctx, lines->buf, len);
    memmove(lines->buf, lines->buf + consumed, lines->len - consumed);
    lines->len -= consumed;
}

void ex_lines_feed(struct ex_lines *lines, const char *data, size_t n, ex_line_fn fn, void *ctx)
{
    while (n > 0) {
        size_t room = sizeof lines->buf - 1 - lines->len;
        size_t take = n < room ? n : room;
        char *newline;
        memcpy(lines->buf + lines->len, data, take);
        lines->len += take;
        data += take;
        n -= take;
        while ((newline = memchr(lines->buf, '\n', lines->len)) != NULL) {
            size_t len = (size_t)(newline - lines->buf);
            emit(lines, len, len + 1, fn, ctx);
        }
        if (lines->len == sizeof lines->buf - 1)
            emit(lines, lines->len, lines->len, fn, ctx); /* overlong: a piece */
    }
}

void ex_lines_finish(struct ex_lines *lines, ex_line_fn fn, void *ctx)
{
    if (lines->len > 0)
        emit(lines, lines->len, lines->len, fn, ctx); /* every byte kept, as a piece */
}

void ex_lines_feed_in_place(struct ex_lines *lines, char *data, size_t n, ex_line_fn fn, void *ctx)
{
    const size_t most = sizeof lines->buf - 1; /* a line this long arrives in pieces */
    while (lines->len == 0 && n > 0) {
        char *newline = memchr(data, '\n', n < most ? n : most);
        size_t len;
        if (newline == NULL)
            break; /* a partial or overlong line: ex_lines_feed buffers or cuts it */
        len = (size_t)(newline - data);
        n -= len + 1;
        len = without_cr(data, len);
        data[len] = '\0';
        fn(ctx, data, len);
        data = newline + 1;
    }
    ex_lines_feed(lines, data, n, fn, ctx);
}

#if defined(_WIN32)
int64_t ex_now_ms(void) { return (int64_t)GetTickCount64(); }

int ex_stdout_is_terminal(void) { return _isatty(_fileno(stdout)) != 0; }
#else
int64_t ex_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int ex_stdout_is_terminal(void) { return isatty(fileno(stdout)); }
#endif
