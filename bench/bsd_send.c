/* bsd_send.c - what a send() costs through xsock's BSD layer, against raw WinSock, in
 * the same run (Windows only: on POSIX the layer is not there and costs nothing).
 *
 * Two loopback TCP connections made the same way (xsock_socketpair), one used with raw
 * WinSock calls and one through the layer's descriptors; a thread drains each receiver. Each round
 * times ROUND_SENDS sends of 64 bytes with send(SOCKET) and with xsock_bsd_send(int), in
 * alternating order; the report is the median per-send time of each and the median per-round ratio,
 * then the same with 10,000 more descriptors open (the table must not slow down as it grows).
 *
 * Usage: bench_bsd_send [rounds]   Output: lines "name value" for bench/report.py. */
#include "xsock.h"
#include "xsock/bsd/xsock_bsd_api.h" /* the functions, without the BSD names as macros */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUND_SENDS 2000
#define MESSAGE 64
#define EXTRA_SOCKETS 10000

static DWORD WINAPI drain_raw(LPVOID arg)
{
    SOCKET s = *(SOCKET *)arg;
    char buf[65536];

    while (recv(s, buf, (int)sizeof buf, 0) > 0)
        ;
    return 0;
}

static DWORD WINAPI drain_layer(LPVOID arg)
{
    int fd = *(int *)arg;
    char buf[65536];

    while (xsock_bsd_recv(fd, buf, sizeof buf, 0) > 0)
        ;
    return 0;
}

/* The raw pair is made as the layer makes its own (xsock_socketpair: two loopback TCP
 * sockets), so that only the call path differs, not the sockets. */
static int raw_pair(SOCKET out[2]) { return xsock_socketpair(SOCK_STREAM, out) == 0 ? 0 : -1; }

static double now_us(void)
{
    LARGE_INTEGER f, t;

    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&t);
    return (double)t.QuadPart * 1e6 / (double)f.QuadPart;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, compare);
    return v[n / 2];
}

/* Per-send microseconds of one round. */
static double round_raw(SOCKET s, const char *msg)
{
    double t0 = now_us();
    int i;

    for (i = 0; i < ROUND_SENDS; i++) {
        int n = send(s, msg, MESSAGE, 0);
        if (n != MESSAGE) {
            fprintf(stderr, "send: %d, WinSock error %d\n", n, WSAGetLastError());
            return -1;
        }
    }
    return (now_us() - t0) / ROUND_SENDS;
}

static double round_layer(int fd, const char *msg)
{
    double t0 = now_us();
    int i;

    for (i = 0; i < ROUND_SENDS; i++) {
        if (xsock_bsd_send(fd, msg, MESSAGE, 0) != MESSAGE) {
            perror("xsock_bsd_send");
            return -1;
        }
    }
    return (now_us() - t0) / ROUND_SENDS;
}

/* rounds rounds, raw and layer in alternating order; the medians of each and of the
 * per-round ratio (layer / raw), which cancels drifts of the machine between rounds. */
static int measure(const char *label, SOCKET raw, int fd, int rounds)
{
    double *r = malloc(sizeof(double) * (size_t)rounds);
    double *l = malloc(sizeof(double) * (size_t)rounds);
    double *q = malloc(sizeof(double) * (size_t)rounds);
    char msg[MESSAGE];
    int i;

    if (r == NULL || l == NULL || q == NULL)
        return -1;
    memset(msg, 'x', sizeof msg);
    for (i = 0; i < rounds; i++) {
        if (i % 2 == 0) {
            r[i] = round_raw(raw, msg);
            l[i] = round_layer(fd, msg);
        } else {
            l[i] = round_layer(fd, msg);
            r[i] = round_raw(raw, msg);
        }
        if (r[i] <= 0 || l[i] <= 0)
            return -1;
        q[i] = l[i] / r[i];
    }
    printf("%s_raw_us %.3f\n", label, median(r, rounds));
    printf("%s_layer_us %.3f\n", label, median(l, rounds));
    printf("%s_ratio %.3f\n", label, median(q, rounds));
    free(r);
    free(l);
    free(q);
    return 0;
}

/* The layer's own work per call, without a system call under it: fcntl(F_GETFL) on a
 * socket descriptor is the table lookup and the stored flag. Nanoseconds per call. */
static double lookup_ns(int fd)
{
    const int calls = 2000000;
    double t0 = now_us();
    int i;
    volatile int sink = 0;

    for (i = 0; i < calls; i++)
        sink += xsock_bsd_fcntl(fd, 3 /* F_GETFL */);
    (void)sink;
    return (now_us() - t0) * 1000.0 / calls;
}

int main(int argc, char *argv[])
{
    int rounds = argc > 1 ? atoi(argv[1]) : 15;
    static SOCKET raw[2];
    static int fd[2];
    int i;

    /* the layer's pair (its socketpair is a loopback TCP pair) and a raw one */
    if (rounds < 1 || xsock_bsd_socketpair(AF_UNIX, SOCK_STREAM, 0, fd) != 0 ||
        raw_pair(raw) != 0) {
        fprintf(stderr, "setup failed\n");
        return 1;
    }
    if (CreateThread(NULL, 0, drain_raw, &raw[1], 0, NULL) == NULL ||
        CreateThread(NULL, 0, drain_layer, &fd[1], 0, NULL) == NULL)
        return 1;
    printf("descriptor %d\n", fd[0]);
    printf("lookup_ns %.1f\n", lookup_ns(fd[0]));
    if (measure("send", raw[0], fd[0], rounds) != 0)
        return 1;
    /* the same with the table grown by EXTRA_SOCKETS descriptors */
    for (i = 0; i < EXTRA_SOCKETS; i++) {
        if (xsock_bsd_socket(AF_INET, SOCK_DGRAM, 0) < 0) {
            fprintf(stderr, "socket %d failed\n", i);
            return 1;
        }
    }
    printf("extra_sockets %d\n", EXTRA_SOCKETS);
    printf("lookup_big_table_ns %.1f\n", lookup_ns(fd[0]));
    printf("lookup_last_descriptor_ns %.1f\n", lookup_ns(EXTRA_SOCKETS + 4));
    return measure("send_big_table", raw[0], fd[0], rounds) == 0 ? 0 : 1;
}
