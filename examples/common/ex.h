/* ex.h - the little that every example program shares: one-line errors with fixed
 * exit codes, argument parsing, the "listening on" line, and line framing. */
#ifndef XSOCK_EXAMPLE_H
#define XSOCK_EXAMPLE_H

#include <xsock.h>

#include <stddef.h>
#include <stdint.h>

/* Exit codes of every example: 0 success, 1 a failure at run time (refused
 * connection, port in use, broken transfer, no answer), 2 bad arguments. */
#define EX_FAIL 1
#define EX_USAGE 2

/* Longest line the line-based programs handle; longer ones arrive in pieces. */
#define EX_LINE_MAX 1024

/* The program's name for messages (set by ex_start). */
extern const char *ex_program;

/* Remember the program name (without its folder or ".exe"), and line-buffer stdout so
 * output is never interleaved. */
void ex_start(const char *argv0);

/* Marks the functions that never return (exit the program). */
#if defined(__GNUC__) || defined(__clang__)
#define EX_NORETURN __attribute__((noreturn))
#elif defined(_MSC_VER)
#define EX_NORETURN __declspec(noreturn)
#else
#define EX_NORETURN
#endif

/* Print "PROGRAM: message" as one line on stderr and exit with code. */
EX_NORETURN void ex_die(int code, const char *fmt, ...);

/* A bad command line: "PROGRAM: message (try --help)" as one line on stderr, exit
 * EX_USAGE. Every example reports its usage errors this way (never the whole help). */
EX_NORETURN void ex_usage_error(const char *fmt, ...);

/* ex_usage_error("unknown option ARG"). */
EX_NORETURN void ex_unknown_option(const char *arg);

/* Print usage (a printf format taking the program name) on stdout and exit 0. Every
 * help text has one layout: "usage: PROGRAM ...", one line saying what it does, then
 * the arguments and options indented by two spaces, --help last. */
EX_NORETURN void ex_help(const char *usage);

/* The value of the option argv[*i] (advancing *i past it), or a usage error saying
 * "OPTION needs WHAT" when it is missing or empty. */
const char *ex_option_value(int argc, char **argv, int *i, const char *what);

/* As ex_die(EX_FAIL, "what: <xsock error text>") for a negative xsock code. */
EX_NORETURN void ex_die_code(int code, const char *what);

/* The port in text (0-65535, digits only), or a usage error. */
uint16_t ex_parse_port(const char *text);

/* A positive number of milliseconds (text NULL: the option's value is missing), or a
 * usage error naming the option. */
int ex_parse_ms(const char *text, const char *option);

/* Print "listening on ADDRESS:PORT" for the bound socket, flushed: the first line of
 * every server, which scripts read to find the port. */
void ex_announce(xsock_t s);

/* Options shared by the servers: [--once] [--idle MS] [ADDRESS [PORT]]. */
struct ex_server_opts {
    const char *host;
    uint16_t port;
    int once;    /* exit once the first client has come and every client has gone */
    int quiet;   /* --quiet: print only the "listening on" line and errors */
    int idle_ms; /* drop clients silent for this long; < 0: --idle is not offered */
};

/* Parse the servers' options (defaults in *o); --help prints usage and exits 0, bad
 * arguments exit EX_USAGE. usage is a printf format taking the program name. */
void ex_server_args(int argc, char **argv, const char *usage, struct ex_server_opts *o);

/* Options shared by the clients: [--timeout MS] HOST PORT. */
struct ex_client_opts {
    const char *host;
    const char *port;
    int timeout_ms;
};

/* Parse the clients' options (the timeout's default in *o), as ex_server_args. */
void ex_client_args(int argc, char **argv, const char *usage, struct ex_client_opts *o);

/* A server socket of type on host:port (exits with a one-line error on failure). */
xsock_t ex_serve(const char *host, uint16_t port, int type);

/* Monotonic milliseconds, for timeouts. */
int64_t ex_now_ms(void);

/* 1 if stdout is a terminal (progress bars only make sense there). */
int ex_stdout_is_terminal(void);

/* Text of an address (or "?" for one that has none). */
const char *ex_addr_text(const xsock_addr *a, char buf[XSOCK_ADDRSTRLEN]);

/* The one rule for what servers print of what a peer sent: control characters (C0,
 * DEL, and the C1 controls U+0080-U+009F) and bytes that are not valid UTF-8 are shown
 * as \xNN, each byte; everything else (printable ASCII, valid UTF-8) as it is. So a
 * peer can neither repaint the operator's terminal (escape sequences) nor cut a logged
 * line short (NUL) or split it (CR, LF). out needs room for EX_SHOWN_MAX(len) bytes;
 * returns the length written (NUL-terminated). */
#define EX_SHOWN_MAX(len) (4 * (len) + 1)
size_t ex_shown_text(const char *data, size_t len, char *out);

/* Line framing over a byte stream: bytes go in, complete lines come out (without the
 * "\n" or "\r\n"). A line longer than EX_LINE_MAX - 1 bytes comes out in pieces, so
 * no peer can overrun the buffer or stall the reader. */
struct ex_lines {
    char buf[EX_LINE_MAX];
    size_t len;
};

/* Called for each line; len excludes the terminator, line is NUL-terminated. fn may
 * write to line[0..len] (the NUL included): those bytes are consumed. */
typedef void (*ex_line_fn)(void *ctx, char *line, size_t len);

/* Feed n bytes; calls fn for every line completed (or piece of an overlong one). */
void ex_lines_feed(struct ex_lines *lines, const char *data, size_t n, ex_line_fn fn, void *ctx);

/* At the end of the stream: a last line that had no newline comes out too (else
 * nothing happens). */
void ex_lines_finish(struct ex_lines *lines, ex_line_fn fn, void *ctx);

/* As ex_lines_feed, with the same lines, but data is scratch: while nothing is
 * buffered, the whole lines in data are handed to fn from data itself (no copy). */
void ex_lines_feed_in_place(struct ex_lines *lines, char *data, size_t n, ex_line_fn fn, void *ctx);

#endif /* XSOCK_EXAMPLE_H */
