/* raw_file.c - the file transfer baseline: plain POSIX sockets, no xsock.
 *
 *   bench_raw_file send FILE PORT_FILE --block N
 *       listen on 127.0.0.1 (a free port, written to PORT_FILE), accept one client,
 *       send FILE with read() and send() of N-byte blocks, close and exit
 *   bench_raw_file recv HOST PORT OUT --block N
 *       connect to HOST PORT, recv() N-byte blocks and write() them to OUT (created or
 *       truncated) until the sender closes
 *
 * N = 65536 is the "raw 64 KiB" pair of the file transfer benchmark, N = 1024 the
 * tutorials' block loop. No checksum, no header: it moves bytes and nothing else, on
 * purpose (bench/file_transfer.sh compares the output with the input). Exit status 0
 * on success, 1 on any failure (with a message on stderr), 2 on bad usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_BLOCK (16 * 1024 * 1024)

static const char *const usage_text = "usage: bench_raw_file send FILE PORT_FILE --block N\n"
                                      "       bench_raw_file recv HOST PORT OUT --block N\n";

static void die(const char *what)
{
    fprintf(stderr, "bench_raw_file: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void usage(void)
{
    fputs(usage_text, stderr);
    exit(2);
}

/* The N of "--block N" (1 byte to 16 MiB), from the last two arguments. */
static size_t parse_block(int argc, char **argv, int at)
{
    char *end = NULL;
    long value;
    if (argc != at + 2 || strcmp(argv[at], "--block") != 0)
        usage();
    value = strtol(argv[at + 1], &end, 10);
    if (end == argv[at + 1] || *end != '\0' || value < 1 || value > MAX_BLOCK)
        usage();
    return (size_t)value;
}

static void *alloc_block(size_t size)
{
    void *block = malloc(size);
    if (block == NULL)
        die("malloc");
    return block;
}

/* All len bytes of buf to the socket (send may take fewer). */
static void send_all(int s, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = send(s, buf, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            die("send");
        buf += n;
        len -= (size_t)n;
    }
}

/* All len bytes of buf to the file. */
static void write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            die("write");
        buf += n;
        len -= (size_t)n;
    }
}

/* A listening socket on 127.0.0.1 with a free port; its port into *port. */
static int listen_loopback(unsigned *port)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0)
        die("socket");
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    if (bind(s, (struct sockaddr *)&a, sizeof a) != 0)
        die("bind");
    if (listen(s, 1) != 0)
        die("listen");
    if (getsockname(s, (struct sockaddr *)&a, &len) != 0)
        die("getsockname");
    *port = ntohs(a.sin_port);
    return s;
}

/* Write the port to path through a temporary name, so a reader never sees half. */
static void publish_port(const char *path, unsigned port)
{
    char temp[4096];
    FILE *f;
    if (snprintf(temp, sizeof temp, "%s.tmp", path) >= (int)sizeof temp) {
        errno = ENAMETOOLONG;
        die("port file name");
    }
    f = fopen(temp, "w");
    if (f == NULL)
        die("creating the port file");
    if (fprintf(f, "%u\n", port) < 0 || fclose(f) != 0)
        die("writing the port file");
    if (rename(temp, path) != 0)
        die("renaming the port file");
}

static int accept_one(int listener)
{
    int c;
    do {
        c = accept(listener, NULL, NULL);
    } while (c < 0 && errno == EINTR);
    if (c < 0)
        die("accept");
    close(listener);
    return c;
}

/* read() blocks from fd and send() each whole until the file ends. */
static void copy_file_to_socket(int fd, int s, size_t block_size)
{
    char *block = alloc_block(block_size);
    for (;;) {
        ssize_t n = read(fd, block, block_size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            die("read");
        if (n == 0)
            break;
        send_all(s, block, (size_t)n);
    }
    free(block);
}

/* recv() blocks from s and write() each whole until the peer closes. */
static void copy_socket_to_file(int s, int fd, size_t block_size)
{
    char *block = alloc_block(block_size);
    for (;;) {
        ssize_t n = recv(s, block, block_size, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            die("recv");
        if (n == 0)
            break;
        write_all(fd, block, (size_t)n);
    }
    free(block);
}

static int run_send(const char *path, const char *port_file, size_t block_size)
{
    unsigned port;
    int fd = open(path, O_RDONLY), listener, s;
    if (fd < 0)
        die(path);
    listener = listen_loopback(&port);
    publish_port(port_file, port);
    s = accept_one(listener);
    copy_file_to_socket(fd, s, block_size);
    if (close(s) != 0)
        die("close (socket)");
    close(fd);
    return 0;
}

static int connect_to(const char *host, const char *port_text)
{
    struct sockaddr_in a;
    char *end = NULL;
    long port = strtol(port_text, &end, 10);
    int s;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    if (end == port_text || *end != '\0' || port < 1 || port > 65535 ||
        inet_pton(AF_INET, host, &a.sin_addr) != 1)
        usage();
    a.sin_port = htons((unsigned short)port);
    s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0)
        die("socket");
    if (connect(s, (struct sockaddr *)&a, sizeof a) != 0)
        die("connect");
    return s;
}

static int run_recv(const char *host, const char *port, const char *out, size_t block_size)
{
    int s = connect_to(host, port);
    int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        die(out);
    copy_socket_to_file(s, fd, block_size);
    if (close(fd) != 0)
        die("close (output)");
    close(s);
    return 0;
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    if (argc >= 2 && strcmp(argv[1], "send") == 0 && argc >= 4)
        return run_send(argv[2], argv[3], parse_block(argc, argv, 4));
    if (argc >= 2 && strcmp(argv[1], "recv") == 0 && argc >= 5)
        return run_recv(argv[2], argv[3], argv[4], parse_block(argc, argv, 5));
    usage();
    return 2;
}
