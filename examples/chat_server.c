/* chat_server.c - a chat room: every line a client sends goes to all the other clients
 * as "[ADDRESS] message", and everyone hears when someone joins or leaves. Clients are
 * served at once with an xsock_poller (no threads, no limit on their number). A client
 * that reads slowly gets every line: while its queue is full the talkers are held back;
 * one that takes nothing for a while with a full queue is dropped, so it never stalls
 * the others for long (the loop is in common/server.c, shared with tcp_server; conn.h
 * says what a slow reader is owed). The server prints one line per event.
 *
 *   chat_server [--once] [--idle MS] [ADDRESS [PORT]]    (default 127.0.0.1 10002)
 */
#include "server.h"

#include <stdio.h>
#include <string.h>

/* Longest text sent to a client: "[ADDRESS] " + a line + "\n". */
#define CHAT_TEXT_MAX (EX_LINE_MAX + XSOCK_ADDRSTRLEN + 4)

static const char usage[] =
    "usage: %s [--once] [--quiet] [--idle MS] [ADDRESS [PORT]]\n"
    "Chat server: each line a client sends goes to all the other clients.\n"
    "  ADDRESS    address to listen on (default 127.0.0.1)\n"
    "  PORT       port to listen on (default 10002; 0 picks a free one)\n"
    "  --once     exit once the first client has come and every client has gone\n"
    "  --quiet    print nothing but the listening line and errors\n"
    "  --idle MS  drop clients silent for MS milliseconds (default 300000)\n"
    "  --help     show this help\n";

/* Send text to everyone in the room but `from` (those leaving hear nothing more; one
 * whose queue is full is dropped). */
static void broadcast(struct ex_server *sv, const struct ex_conn *from, const char *text,
                      size_t len)
{
    size_t i;
    for (i = 0; i < sv->count; i++) {
        struct ex_conn *c = sv->clients[i];
        if (c != from)
            ex_server_send(sv, c, text, len);
    }
}

static void on_join(struct ex_server *sv, struct ex_conn *c)
{
    char text[64 + XSOCK_ADDRSTRLEN];
    snprintf(text, sizeof text, "Welcome to the xsock chat, %s (%lu others here)\n", c->name,
             (unsigned long)(sv->count - 1));
    ex_server_send(sv, c, text, strlen(text));
    snprintf(text, sizeof text, "* %s joined\n", c->name);
    if (!sv->opts.quiet)
        fputs(text, stdout);
    broadcast(sv, c, text, strlen(text));
}

/* A line from c goes to the others as "[ADDRESS] line", every byte of it (a NUL too);
 * the server's own log shows it by the rule of ex_shown_text. */
static void on_line(struct ex_server *sv, struct ex_conn *c, char *line, size_t len)
{
    char text[CHAT_TEXT_MAX];
    size_t prefix = (size_t)snprintf(text, sizeof text, "[%s] ", c->name);
    memcpy(text + prefix, line, len);
    text[prefix + len] = '\n';
    if (!sv->opts.quiet) {
        static char shown[EX_SHOWN_MAX(EX_LINE_MAX)];
        ex_shown_text(line, len, shown);
        printf("[%s] %s\n", c->name, shown);
    }
    broadcast(sv, c, text, prefix + len + 1);
}

static void on_leave(struct ex_server *sv, struct ex_conn *c, const char *why)
{
    char text[32 + XSOCK_ADDRSTRLEN];
    snprintf(text, sizeof text, "* %s left\n", c->name);
    if (!sv->opts.quiet)
        printf("* %s left (%s)\n", c->name, why);
    c->closing = c->closing < 0 ? c->closing : 1; /* hears nothing more */
    broadcast(sv, c, text, strlen(text));
}

int main(int argc, char **argv)
{
    static const struct ex_server_calls calls = {on_join, on_line, on_leave};
    struct ex_server_opts opts = {"127.0.0.1", 10002, 0, 0, 5 * 60 * 1000};
    ex_start(argv[0]);
    ex_server_args(argc, argv, usage, &opts);
    ex_server_run(&opts, &calls);
    return 0;
}
