/* file_server.c - serve one file to every client that connects, one at a time.
 *
 *   file_server [--once] [--quiet] [--name NAME] FILE [ADDRESS [PORT]]
 *
 * Each client gets a header, the contents (sent with xsock_sendfile: zero-copy where
 * the system has it) and a CRC-32 of the contents. Size and CRC-32 come from a first
 * pass over the file, made once "listening on" is printed (clients wait in the
 * backlog meanwhile); if the file changes later, clients see a checksum mismatch (or a
 * short transfer) and keep nothing. A name file_client would refuse (xfer_name_problem)
 * is refused up front. The wire format, big-endian:
 *
 *   "XSFT"  version (1 byte, 1)  name length (1 byte, 1-255)  name  size (8 bytes)
 *   contents (size bytes)
 *   CRC-32 of the contents (4 bytes; the zlib / IEEE 802.3 polynomial)
 *
 * file_client is the matching client.
 */
#include "ex.h"
#include "transfer.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEND_TIMEOUT_MS 60000 /* a client that stops reading frees the server */

static const char usage[] =
    "usage: %s [--once] [--quiet] [--name NAME] FILE [ADDRESS [PORT]]\n"
    "Serve FILE to every client that connects (file_client fetches it).\n"
    "  FILE         the file to serve\n"
    "  ADDRESS      address to listen on (default 127.0.0.1)\n"
    "  PORT         port to listen on (default 10001; 0 picks a free one)\n"
    "  --name NAME  the file name offered to clients (default: FILE's base name)\n"
    "  --once       exit after the first client (status 1 if its transfer failed)\n"
    "  --quiet      print nothing but the listening line and errors\n"
    "  --help       show this help\n";

struct options {
    const char *path;
    const char *name;
    const char *host;
    uint16_t port;
    int once;
    int quiet;
};

/* The file being served, with the size and checksum of the first pass. */
struct served_file {
    FILE *file;
    const char *name;
    int64_t size;
    uint32_t crc;
};

/* The part of path after the last '/' or '\\'. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *backslash = strrchr(path, '\\');
    if (backslash != NULL && (slash == NULL || backslash > slash))
        slash = backslash;
    return slash ? slash + 1 : path;
}

static void take_positional(struct options *opt, int *count, const char *arg)
{
    if (*count == 0)
        opt->path = arg;
    else if (*count == 1)
        opt->host = arg;
    else if (*count == 2)
        opt->port = ex_parse_port(arg);
    else
        ex_usage_error("too many arguments");
    (*count)++;
}

/* Offer only a name that file_client keeps (the one rule, xfer_name_problem): a name
 * it refuses would make every transfer look sent and leave nothing. */
static void check_name(const char *name)
{
    size_t len = strlen(name);
    const char *reason =
        len > XFER_NAME_MAX ? "it is longer than 255 bytes" : xfer_name_problem(name, len);
    char shown[XFER_SHOWN_MAX];
    if (reason != NULL)
        ex_usage_error("cannot offer the file name \"%s\": %s; clients would refuse it "
                       "(give another with --name)",
                       xfer_shown_name(name, len, shown), reason);
}

static struct options parse_args(int argc, char **argv)
{
    struct options opt = {NULL, NULL, "127.0.0.1", 10001, 0, 0};
    int i, positional = 0;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            ex_help(usage);
        } else if (strcmp(argv[i], "--once") == 0) {
            opt.once = 1;
        } else if (strcmp(argv[i], "--quiet") == 0) {
            opt.quiet = 1;
        } else if (strcmp(argv[i], "--name") == 0) {
            opt.name = ex_option_value(argc, argv, &i, "a file name");
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            ex_unknown_option(argv[i]);
        } else {
            take_positional(&opt, &positional, argv[i]);
        }
    }
    if (opt.path == NULL)
        ex_usage_error("FILE is required");
    if (opt.name == NULL)
        opt.name = base_name(opt.path);
    check_name(opt.name);
    return opt;
}

/* First pass: size and CRC-32 of the whole file. 0, or -1 with errno set. */
static int scan_file(struct served_file *f)
{
    static unsigned char block[256 * 1024];
    size_t n;
    f->size = 0;
    f->crc = 0;
    while ((n = fread(block, 1, sizeof block, f->file)) > 0) {
        f->crc = xfer_crc32(f->crc, block, n);
        f->size += (int64_t)n;
    }
    return ferror(f->file) ? -1 : 0;
}

/* Header, contents, checksum. NULL on success, else what failed (the code in *code). */
static const char *send_file(xsock_t client, const struct served_file *f, int *code)
{
    unsigned char header[XFER_HEADER_MAX], trailer[XFER_TRAILER_LEN];
    int64_t sent;
    *code = xsock_send_all(client, header, xfer_build_header(header, f->name, f->size), NULL);
    if (*code < 0)
        return "sending the header";
    sent = xsock_sendfile(client, f->file, 0, f->size);
    *code = sent < 0 ? (int)sent : 0;
    if (sent < 0)
        return "sending the contents";
    if (sent != f->size)
        return "sending the contents (the file shrank)";
    xfer_put_be(trailer, f->crc, 4);
    *code = xsock_send_all(client, trailer, sizeof trailer, NULL);
    return *code < 0 ? "sending the checksum" : NULL;
}

/* Serve one client; 0 on success, -1 (reported on stderr) on failure. */
static int serve_client(xsock_t client, const xsock_addr *peer, const struct served_file *f,
                        int quiet)
{
    char peer_text[XSOCK_ADDRSTRLEN];
    int code = 0;
    const char *failed;
    ex_addr_text(peer, peer_text);
    xsock_set_send_timeout(client, SEND_TIMEOUT_MS);
    failed = send_file(client, f, &code);
    xsock_close(client);
    if (failed == NULL) {
        if (!quiet)
            printf("sent %s to %s (%" PRId64 " bytes)\n", f->name, peer_text, f->size);
        return 0;
    }
    fflush(stdout);
    fprintf(stderr, "%s: transfer to %s failed while %s%s%s\n", ex_program, peer_text, failed,
            code < 0 ? ": " : "", code < 0 ? xsock_strerror(code) : "");
    return -1;
}

/* Open the file (exits with a message on failure). */
static struct served_file open_file(const struct options *opt)
{
    struct served_file f = {NULL, NULL, 0, 0};
    f.name = opt->name;
    f.file = fopen(opt->path, "rb");
    if (f.file == NULL)
        ex_die(EX_FAIL, "cannot open \"%s\": %s", opt->path, strerror(errno));
    return f;
}

/* The first pass, after "listening on" (clients wait in the backlog meanwhile): a
 * large file takes seconds to read, and the operator sees what is going on. */
static void prepare_file(struct served_file *f, const struct options *opt)
{
    if (!opt->quiet)
        printf("reading %s to checksum it\n", opt->path);
    if (scan_file(f) != 0)
        ex_die(EX_FAIL, "cannot read \"%s\": %s", opt->path, strerror(errno));
    if (!opt->quiet)
        printf("serving %s (%" PRId64 " bytes, CRC-32 %08" PRIX32 ")\n", f->name, f->size, f->crc);
}

int main(int argc, char **argv)
{
    struct options opt;
    struct served_file file;
    xsock_t server;
    ex_start(argv[0]);
    opt = parse_args(argc, argv);
    file = open_file(&opt);
    server = ex_serve(opt.host, opt.port, SOCK_STREAM);
    ex_announce(server);
    prepare_file(&file, &opt);
    for (;;) {
        xsock_t client;
        xsock_addr peer;
        int rc = xsock_accept(server, &client, &peer), ok;
        if (rc < 0) {
            if (opt.once)
                ex_die_code(rc, "accept");
            fprintf(stderr, "%s: accept: %s\n", ex_program, xsock_strerror(rc));
            continue;
        }
        ok = serve_client(client, &peer, &file, opt.quiet) == 0;
        if (opt.once)
            return ok ? 0 : EX_FAIL;
    }
}
