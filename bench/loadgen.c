/* loadgen.c - load generator for the many-clients benchmark.
 *
 *   bench_loadgen HOST PORT CONNECTIONS ACTIVE MESSAGES_PER_ACTIVE [--skip-welcome]
 *                 [--timeout SECONDS] [--server-pid PID] [--helper-pid PID]
 *
 * Opens CONNECTIONS connections to a line echo server (in batches, so the listen
 * backlog never overflows), reads and discards the server's welcome line on each when
 * --skip-welcome is given, then runs request/response on ACTIVE of them (spread evenly
 * over the set): 64-byte messages (63 bytes + '\n'), one in flight per connection,
 * driven by epoll, until each active connection has done MESSAGES_PER_ACTIVE round
 * trips. Every reply is checked against its request. The other connections stay open
 * and silent. Prints one line
 *
 *   msgs=N seconds=S rate=R connections=C active=A [server_cpu_us_per_msg=U
 *   server_sys_share=K] client_cpu_us_per_msg=V
 *
 * (rate in messages per second, timed from the first request to the last reply.
 * With --server-pid PID, the server process is sampled around that interval: U is
 * its CPU time (user + system) per message, from /proc/PID/schedstat; K the kernel's
 * share of it, from the tick-sampled utime/stime of /proc/PID/stat. V is this
 * program's own CPU time per message. With --helper-pid PID, a process that works for
 * the server, sampled the same way, adds helper_cpu_us_per_msg=H: wineserver for a
 * Windows server under Wine, where every wait and socket request is a round trip to
 * it.)
 * Everything is bounded by --timeout (default 120 s): past it the program fails.
 * Linux only (epoll). Exit status 0 on success, 1 on any failure, 2 on bad usage. */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MSG_SIZE 64
#define CONNECT_BATCH 64 /* at most this many handshakes/welcomes outstanding */
#define WELCOME_MAX 512
#define MAX_CONNECTIONS 100000

struct conn {
    int fd;
    int connected; /* connect finished */
    int welcomed;  /* welcome line read (or not wanted) */
    size_t got;    /* bytes of the current reply (or welcome) received */
    long done;     /* round trips completed */
    char sent[MSG_SIZE];
};

static double deadline;

static void die(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "bench_loadgen: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

/* What the load generator samples of the server process (--server-pid) around the
 * timed phase: CPU time (/proc/PID/schedstat, ns) and its user and system shares
 * (/proc/PID/stat, clock ticks: a sampled split). */
struct sample {
    double cpu;
    unsigned long long utime, stime;
};

static int sample_of(long pid, struct sample *s)
{
    char path[64], line[256];
    unsigned long long ns;
    FILE *f;
    int ok;
    snprintf(path, sizeof path, "/proc/%ld/schedstat", pid);
    if ((f = fopen(path, "r")) == NULL)
        return -1;
    ok = fscanf(f, "%llu", &ns) == 1;
    fclose(f);
    s->cpu = (double)ns / 1e9;
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    if (!ok || (f = fopen(path, "r")) == NULL)
        return -1;
    /* pid (comm) state ppid ... field 14 utime, 15 stime; comm may hold spaces */
    ok = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    if (ok) {
        const char *p = strrchr(line, ')');
        ok = p != NULL && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
                                 &s->utime, &s->stime) == 2;
    }
    return ok ? 0 : -1;
}

static double self_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Milliseconds left before the deadline (fails past it). */
static int left_ms(const char *what)
{
    double left = deadline - now_s();
    if (left <= 0)
        die("timed out %s", what);
    return left > 1.0 ? 1000 : (int)(left * 1000) + 1;
}

static long parse_count(const char *text, const char *what, long min, long max)
{
    char *end = NULL;
    long v;
    errno = 0;
    v = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < min || v > max) {
        fprintf(stderr, "bench_loadgen: bad %s \"%s\" (%ld-%ld)\n", what, text, min, max);
        exit(2);
    }
    return v;
}

static void raise_fd_limit(long want)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= (rlim_t)want)
        return;
    rl.rlim_cur =
        rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= (rlim_t)want ? (rlim_t)want : rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < (rlim_t)want)
        die("need %ld descriptors, the limit is %lu (raise ulimit -n)", want,
            (unsigned long)rl.rlim_cur);
}

/* Send message number c->done of connection i whole: "conn IIIIII msg NNNNNNNNN "
 * then letters and '\n' (built once; only the message number changes). */
static void send_request(struct conn *c, long i)
{
    size_t off = 0;
    long v = c->done;
    int k;
    if (v == 0) {
        snprintf(c->sent, sizeof c->sent, "conn %06ld msg %09ld ", i % 1000000, 0L);
        for (k = (int)strlen(c->sent); k < MSG_SIZE - 1; k++)
            c->sent[k] = (char)('a' + k % 26);
        c->sent[MSG_SIZE - 1] = '\n';
    }
    for (k = 24; k >= 16; k--, v /= 10) /* the 9 digits after "conn IIIIII msg " */
        c->sent[k] = (char)('0' + v % 10);
    while (off < MSG_SIZE) {
        ssize_t n = send(c->fd, c->sent + off, MSG_SIZE - off, MSG_NOSIGNAL);
        if (n > 0) {
            off += (size_t)n;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd p;
            p.fd = c->fd;
            p.events = POLLOUT;
            if (poll(&p, 1, left_ms("sending")) < 0 && errno != EINTR)
                die("poll: %s", strerror(errno));
        } else if (n < 0 && errno != EINTR) {
            die("send on connection %ld: %s", i, strerror(errno));
        }
    }
    c->got = 0;
}

/* Read what a connection has; returns 1 when its reply is complete. */
static int read_reply(struct conn *c, long i)
{
    char buf[MSG_SIZE];
    for (;;) {
        ssize_t n = recv(c->fd, buf, MSG_SIZE - c->got, MSG_DONTWAIT);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (n < 0)
            die("recv on connection %ld: %s", i, strerror(errno));
        if (n == 0)
            die("connection %ld closed by the server after %ld round trips", i, c->done);
        if (memcmp(buf, c->sent + c->got, (size_t)n) != 0)
            die("connection %ld: reply %ld differs from the request", i, c->done);
        c->got += (size_t)n;
        if (c->got == MSG_SIZE)
            return 1;
    }
}

/* Read the welcome line; returns 1 once its '\n' has arrived. */
static int read_welcome(struct conn *c, long i)
{
    char buf[WELCOME_MAX];
    for (;;) {
        ssize_t n = recv(c->fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (n < 0)
            die("reading the welcome on connection %ld: %s", i, strerror(errno));
        if (n == 0)
            die("connection %ld closed before its welcome line", i);
        c->got += (size_t)n;
        if (buf[n - 1] == '\n')
            return 1; /* the server sends nothing else before a request */
        if (c->got > WELCOME_MAX)
            die("connection %ld: no end to the welcome line", i);
    }
}

/* Open connections [first, last): non-blocking connects, then wait (epoll) for each
 * to complete and, if wanted, for its welcome line. */
static void open_batch(int ep, struct conn *conns, long first, long last, const struct addrinfo *ai,
                       int skip_welcome)
{
    long i, pending = last - first;
    struct epoll_event evs[CONNECT_BATCH];
    for (i = first; i < last; i++) {
        struct conn *c = &conns[i];
        struct epoll_event ev;
        int one = 1;
        c->fd =
            socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
        if (c->fd < 0)
            die("socket: %s (connection %ld)", strerror(errno), i);
        setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (connect(c->fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS)
            die("connect: %s (connection %ld)", strerror(errno), i);
        ev.events = EPOLLOUT | EPOLLIN;
        ev.data.u64 = (uint64_t)i;
        if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) != 0)
            die("epoll_ctl: %s", strerror(errno));
    }
    while (pending > 0) {
        int k, n = epoll_wait(ep, evs, CONNECT_BATCH, left_ms("connecting"));
        if (n < 0 && errno != EINTR)
            die("epoll_wait: %s", strerror(errno));
        for (k = 0; k < n; k++) {
            long j = (long)evs[k].data.u64;
            struct conn *c = &conns[j];
            if (!c->connected && (evs[k].events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
                int err = 0;
                socklen_t len = sizeof err;
                struct epoll_event ev;
                getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
                if (err != 0)
                    die("connect: %s (connection %ld)", strerror(err), j);
                c->connected = 1;
                ev.events = EPOLLIN;
                ev.data.u64 = (uint64_t)j;
                epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                if (!skip_welcome)
                    c->welcomed = 1;
            }
            if (c->connected && !c->welcomed && (evs[k].events & (EPOLLIN | EPOLLERR | EPOLLHUP)))
                c->welcomed = read_welcome(c, j);
            if (c->connected && c->welcomed) {
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                pending--;
            }
        }
    }
}

int main(int argc, char **argv)
{
    struct addrinfo hints, *ai = NULL;
    struct epoll_event *evs;
    struct conn *conns;
    long connections, active, messages, i, finished = 0, total;
    int ep, rc, skip_welcome = 0, positional = 0, max_events;
    long server_pid = 0, helper_pid = 0;
    double timeout = 120, start, elapsed, self_cpu;
    struct sample before, after, helper_before, helper_after;
    const char *args[5];
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--skip-welcome") == 0) {
            skip_welcome = 1;
        } else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc) {
            timeout = (double)parse_count(argv[++i], "timeout", 1, 3600);
        } else if (strcmp(argv[i], "--server-pid") == 0 && i + 1 < argc) {
            server_pid = parse_count(argv[++i], "server pid", 1, 1L << 30);
        } else if (strcmp(argv[i], "--helper-pid") == 0 && i + 1 < argc) {
            helper_pid = parse_count(argv[++i], "helper pid", 1, 1L << 30);
        } else if (positional < 5 && (argv[i][0] != '-' || argv[i][1] == '\0')) {
            args[positional++] = argv[i];
        } else {
            positional = -1;
            break;
        }
    }
    if (positional != 5) {
        fprintf(stderr,
                "usage: %s HOST PORT CONNECTIONS ACTIVE MESSAGES_PER_ACTIVE "
                "[--skip-welcome] [--timeout SECONDS] [--server-pid PID] "
                "[--helper-pid PID]\n",
                argv[0]);
        return 2;
    }
    connections = parse_count(args[2], "CONNECTIONS", 1, MAX_CONNECTIONS);
    active = parse_count(args[3], "ACTIVE", 0, connections);
    messages = parse_count(args[4], "MESSAGES_PER_ACTIVE", 0, 1000000000L);
    deadline = now_s() + timeout;
    raise_fd_limit(connections + 16);

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    rc = getaddrinfo(args[0], args[1], &hints, &ai);
    if (rc != 0)
        die("cannot resolve %s port %s: %s", args[0], args[1], gai_strerror(rc));

    conns = calloc((size_t)connections, sizeof *conns);
    max_events = active > 0 ? (int)(active < 1024 ? active : 1024) : 1;
    evs = calloc((size_t)(max_events > CONNECT_BATCH ? max_events : CONNECT_BATCH), sizeof *evs);
    if (conns == NULL || evs == NULL)
        die("out of memory");
    ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0)
        die("epoll_create1: %s", strerror(errno));
    for (i = 0; i < connections; i += CONNECT_BATCH)
        open_batch(ep, conns, i, i + CONNECT_BATCH < connections ? i + CONNECT_BATCH : connections,
                   ai, skip_welcome);
    freeaddrinfo(ai);

    /* The active connections, spread evenly over the set. */
    for (i = 0; i < active; i++) {
        long j = i * connections / active;
        struct epoll_event ev;
        ev.events = EPOLLIN;
        ev.data.u64 = (uint64_t)j;
        if (epoll_ctl(ep, EPOLL_CTL_ADD, conns[j].fd, &ev) != 0)
            die("epoll_ctl: %s", strerror(errno));
    }
    if (server_pid > 0 && sample_of(server_pid, &before) != 0)
        die("cannot read /proc/%ld/{schedstat,stat}", server_pid);
    if (helper_pid > 0 && sample_of(helper_pid, &helper_before) != 0)
        die("cannot read /proc/%ld/{schedstat,stat}", helper_pid);
    self_cpu = self_cpu_s();
    start = now_s();
    if (messages > 0) {
        for (i = 0; i < active; i++) {
            long j = i * connections / active;
            send_request(&conns[j], j);
        }
    } else {
        finished = active;
    }
    while (finished < active) {
        int k, n = epoll_wait(ep, evs, max_events, left_ms("waiting for replies"));
        if (n < 0 && errno != EINTR)
            die("epoll_wait: %s", strerror(errno));
        for (k = 0; k < n; k++) {
            long j = (long)evs[k].data.u64;
            struct conn *c = &conns[j];
            if (!read_reply(c, j))
                continue;
            if (++c->done < messages)
                send_request(c, j);
            else
                finished++;
        }
    }
    elapsed = now_s() - start;
    self_cpu = self_cpu_s() - self_cpu;
    if (server_pid > 0 && sample_of(server_pid, &after) != 0)
        die("cannot read /proc/%ld/{schedstat,stat}", server_pid);
    if (helper_pid > 0 && sample_of(helper_pid, &helper_after) != 0)
        die("cannot read /proc/%ld/{schedstat,stat}", helper_pid);
    total = active * messages;
    printf("msgs=%ld seconds=%.6f rate=%.1f connections=%ld active=%ld", total, elapsed,
           elapsed > 0 ? (double)total / elapsed : 0.0, connections, active);
    if (server_pid > 0 && total > 0) {
        unsigned long long ticks = after.utime + after.stime - before.utime - before.stime;
        printf(" server_cpu_us_per_msg=%.3f server_sys_share=%.2f",
               (after.cpu - before.cpu) * 1e6 / (double)total,
               ticks ? (double)(after.stime - before.stime) / (double)ticks : 0.0);
    }
    if (helper_pid > 0 && total > 0)
        printf(" helper_cpu_us_per_msg=%.3f",
               (helper_after.cpu - helper_before.cpu) * 1e6 / (double)total);
    if (total > 0)
        printf(" client_cpu_us_per_msg=%.3f", self_cpu * 1e6 / (double)total);
    printf("\n");
    fflush(stdout);
    for (i = 0; i < connections; i++)
        close(conns[i].fd);
    close(ep);
    free(conns);
    free(evs);
    return 0;
}
