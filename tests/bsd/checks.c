/* checks.c - classic BSD socket snippets, each checked as it behaves on Linux. Built
 * unchanged with gcc (system headers) and with MinGW through xsock's BSD layer; the
 * e2e test runs both and wants the same "ok NAME" lines and exit code 0.
 *
 * Usage: bsd_checks [refused-port]   (a loopback port where nothing listens) */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

#ifndef MSG_NOSIGNAL /* the usual fallback of portable programs */
#define MSG_NOSIGNAL 0
#endif

static int failures = 0;

#define CHECK(name, cond)                                                                        \
    do {                                                                                         \
        if (cond) {                                                                              \
            printf("ok %s\n", name);                                                             \
        } else {                                                                                 \
            printf("FAIL %s (line %d, errno %d: %s)\n", name, __LINE__, errno, strerror(errno)); \
            failures++;                                                                          \
        }                                                                                        \
        fflush(stdout);                                                                          \
    } while (0)

/* A listening TCP socket on 127.0.0.1 with a free port (with SO_REUSEADDR, as servers
 * set it); *port gets it. */
static int listener(unsigned short *port)
{
    struct sockaddr_in a;
    socklen_t len = sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;

    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd == -1 || bind(fd, (struct sockaddr *)&a, sizeof(a)) == -1 || listen(fd, 8) == -1)
        return -1;
    getsockname(fd, (struct sockaddr *)&a, &len);
    *port = ntohs(a.sin_port);
    return fd;
}

static int connect_to(unsigned short port)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd == -1 || connect(fd, (struct sockaddr *)&a, sizeof(a)) == -1)
        return -1;
    return fd;
}

static void check_descriptors(void)
{
    unsigned short port;
    int l = listener(&port);
    int c = connect_to(port);
    int s = accept(l, NULL, NULL);
    char buf[16];
    int fd;

    CHECK("socket descriptors are small non-negative ints", l >= 0 && c >= 0 && s >= 0 && l < 100);
    CHECK("write/read on sockets", write(c, "hola", 4) == 4 && read(s, buf, sizeof(buf)) == 4 &&
                                       memcmp(buf, "hola", 4) == 0);
    fd = open("bsd_checks.tmp", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK("write/close on a file beside sockets",
          fd >= 0 && fd != c && fd != s && write(fd, "a\r\nb", 4) == 4 && close(fd) == 0);
    fd = open("bsd_checks.tmp", O_RDONLY);
    CHECK("read on a file keeps its bytes", fd >= 0 && read(fd, buf, sizeof(buf)) == 4 &&
                                                memcmp(buf, "a\r\nb", 4) == 0 && close(fd) == 0);
    remove("bsd_checks.tmp");
    CHECK("write on stdout", write(1, "", 0) == 0);
    CHECK("read on stdin at end of input", read(0, buf, sizeof(buf)) == 0);
    CHECK("close on sockets", close(c) == 0 && close(s) == 0 && close(l) == 0);
    errno = 0;
    CHECK("a closed descriptor gives EBADF", close(c) == -1 && errno == EBADF);
    errno = 0;
    CHECK("send on a closed descriptor gives EBADF", send(s, "x", 1, 0) == -1 && errno == EBADF);
    errno = 0;
    CHECK("read on a bad descriptor gives EBADF", read(-1, buf, 1) == -1 && errno == EBADF);
    errno = 0;
    CHECK("close of a huge descriptor gives EBADF", close(1000000) == -1 && errno == EBADF);
}

/* Descriptors are numbered with files (the lowest free number), so a closed socket's
 * number may come back as a file: it must then act as that file, never as the socket. */
static void check_numbering_and_bad_input(void)
{
    struct sockaddr_in a;
    socklen_t len = sizeof(a);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    int fd, opt = 0;
    struct pollfd p;

    memset(&a, 0, sizeof(a));
    close(s);
    fd = open("bsd_checks.num", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK("a file takes the lowest free number, a closed socket's", fd == s);
    errno = 0;
    CHECK("send on a file descriptor: ENOTSOCK", send(fd, "x", 1, 0) == -1 && errno == ENOTSOCK);
    errno = 0;
    CHECK("setsockopt on a file descriptor: ENOTSOCK",
          setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &opt, sizeof(opt)) == -1 && errno == ENOTSOCK);
    CHECK("write on it reaches the file", write(fd, "abc", 3) == 3);
    close(fd);
    remove("bsd_checks.num");
    p.fd = fd;
    p.events = POLLIN;
    CHECK("poll on a closed descriptor: POLLNVAL", poll(&p, 1, 0) == 1 && p.revents == POLLNVAL);
    errno = 0;
    CHECK("socket with an unknown family: EAFNOSUPPORT",
          socket(12345, SOCK_STREAM, 0) == -1 && errno == EAFNOSUPPORT);
    s = socket(AF_INET, SOCK_STREAM, 0);
    errno = 0;
    CHECK("bind(NULL): EFAULT", bind(s, NULL, sizeof(a)) == -1 && errno == EFAULT);
    a.sin_family = AF_INET;
    errno = 0;
    CHECK("connect with a short length: EINVAL",
          connect(s, (struct sockaddr *)&a, 1) == -1 && errno == EINVAL);
    errno = 0;
    CHECK("getsockopt with a NULL length: EFAULT",
          getsockopt(s, SOL_SOCKET, SO_TYPE, &opt, NULL) == -1 && errno == EFAULT);
    errno = 0;
    CHECK("getpeername unconnected: ENOTCONN",
          getpeername(s, (struct sockaddr *)&a, &len) == -1 && errno == ENOTCONN);
    errno = 0;
    CHECK("accept on a bad descriptor: EBADF", accept(-5, NULL, NULL) == -1 && errno == EBADF);
    CHECK("strerror(EAGAIN) and strerror(EWOULDBLOCK)",
          strcmp(strerror(EAGAIN), "Resource temporarily unavailable") == 0 &&
              strcmp(strerror(EWOULDBLOCK), "Resource temporarily unavailable") == 0);
    CHECK("strerror(EADDRINUSE)", strcmp(strerror(EADDRINUSE), "Address already in use") == 0);
    close(s);
}

static void check_nonblocking_connect(unsigned short refused)
{
    struct sockaddr_in a;
    struct pollfd p;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int err = 0, rc;
    socklen_t len = sizeof(err);
    int flags = fcntl(fd, F_GETFL, 0);

    CHECK("fcntl O_NONBLOCK", flags != -1 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 &&
                                  (fcntl(fd, F_GETFL, 0) & O_NONBLOCK) != 0);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons(refused);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    rc = connect(fd, (struct sockaddr *)&a, sizeof(a));
    CHECK("non-blocking connect: EINPROGRESS", rc == -1 && errno == EINPROGRESS);
    p.fd = fd;
    p.events = POLLOUT;
    rc = poll(&p, 1, 10000);
    CHECK("refused connect: poll says POLLERR|POLLHUP",
          rc == 1 && (p.revents & POLLERR) && (p.revents & POLLHUP));
    CHECK("refused connect: SO_ERROR is ECONNREFUSED",
          getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == ECONNREFUSED);
    close(fd);

#ifdef SOCK_NONBLOCK /* Linux, the BSDs and the layer; not macOS */
    fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    CHECK("SOCK_NONBLOCK | SOCK_CLOEXEC",
          fd != -1 && (fcntl(fd, F_GETFL, 0) & O_NONBLOCK) && (fcntl(fd, F_GETFD, 0) & FD_CLOEXEC));
    close(fd);
#endif

    fd = socket(AF_INET, SOCK_STREAM, 0);
    errno = 0;
    rc = connect(fd, (struct sockaddr *)&a, sizeof(a));
    CHECK("blocking connect: ECONNREFUSED", rc == -1 && errno == ECONNREFUSED);
    fprintf(stderr, "perror says: ");
    perror("connect");
    CHECK("strerror(ECONNREFUSED)", strcmp(strerror(ECONNREFUSED), "Connection refused") == 0);
    close(fd);
}

static void check_timeouts_and_flags(void)
{
    unsigned short port;
    int l = listener(&port);
    int c = connect_to(port);
    int s = accept(l, NULL, NULL);
    struct timeval tv;
    char buf[8];
    int n = 0, on = 1;
    socklen_t len = sizeof(tv);

    tv.tv_sec = 0;
    tv.tv_usec = 200000;
    CHECK("SO_RCVTIMEO takes a struct timeval",
          setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0);
    memset(&tv, 0, sizeof(tv));
    CHECK("SO_RCVTIMEO reads back", getsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, &len) == 0 &&
                                        tv.tv_sec == 0 && tv.tv_usec == 200000);
    errno = 0;
    CHECK("SO_RCVTIMEO expires with EAGAIN (and EWOULDBLOCK)",
          recv(c, buf, sizeof(buf), 0) == -1 && errno == EAGAIN && errno == EWOULDBLOCK);
    errno = 0;
    CHECK("MSG_DONTWAIT: EAGAIN", recv(s, buf, sizeof(buf), MSG_DONTWAIT) == -1 &&
                                      (errno == EAGAIN || errno == EWOULDBLOCK));
    CHECK("MSG_NOSIGNAL accepted", send(s, "ab", 2, MSG_NOSIGNAL) == 2);
    CHECK("MSG_PEEK", recv(c, buf, 1, MSG_PEEK) == 1 && buf[0] == 'a');
    CHECK("ioctl FIONREAD", ioctl(c, FIONREAD, &n) == 0 && n == 2);
    CHECK("MSG_WAITALL", recv(c, buf, 2, MSG_WAITALL) == 2 && memcmp(buf, "ab", 2) == 0);
    CHECK("TCP_NODELAY", setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) == 0);
    CHECK("SO_KEEPALIVE", setsockopt(c, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on)) == 0);
    errno = 0;
    CHECK("setsockopt NULL value: EFAULT",
          setsockopt(c, SOL_SOCKET, SO_KEEPALIVE, NULL, sizeof(on)) == -1 && errno == EFAULT);
    errno = 0;
    CHECK("setsockopt short length: EINVAL",
          setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, 1) == -1 && errno == EINVAL);
    CHECK("shutdown SHUT_WR: the peer reads end of stream",
          shutdown(s, SHUT_WR) == 0 && recv(c, buf, sizeof(buf), 0) == 0);
    CHECK("signal(SIGPIPE, SIG_IGN)", signal(SIGPIPE, SIG_IGN) != SIG_ERR);
    close(c);
    close(s);
    close(l);
}

static void check_accept_loop(void)
{
    unsigned short port;
    int l = listener(&port);
    int c1, c2, got = 0, tries;

    fcntl(l, F_SETFL, fcntl(l, F_GETFL, 0) | O_NONBLOCK);
    errno = 0;
    CHECK("non-blocking accept with nothing pending: EAGAIN",
          accept(l, NULL, NULL) == -1 && (errno == EAGAIN || errno == EWOULDBLOCK));
    c1 = connect_to(port);
    c2 = connect_to(port);
    for (tries = 0; tries < 100 && got < 2; tries++) {
        int s = accept(l, NULL, NULL);
        if (s == -1) {
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                break;
            poll(NULL, 0, 20);
            continue;
        }
        CHECK("accepted socket is blocking", (fcntl(s, F_GETFL, 0) & O_NONBLOCK) == 0);
        close(s);
        got++;
    }
    CHECK("non-blocking accept loop takes both clients", got == 2);
    {
        struct timeval tv;
        int l2 = listener(&port);
        tv.tv_sec = 0;
        tv.tv_usec = 100000;
        setsockopt(l2, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        errno = 0;
        CHECK("accept with SO_RCVTIMEO expires with EAGAIN",
              accept(l2, NULL, NULL) == -1 && (errno == EAGAIN || errno == EWOULDBLOCK));
        close(l2);
    }
    close(c1);
    close(c2);
    close(l);
}

static void check_names(void)
{
    struct addrinfo hints, *res, *ai;
    int v4 = 0, v6 = 0, rc;
    unsigned char bin[16];
    char text[INET6_ADDRSTRLEN];
    struct hostent *h;
    char host[256];

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    rc = getaddrinfo(NULL, "8080", &hints, &res);
    CHECK("getaddrinfo(NULL, \"8080\", AI_PASSIVE)", rc == 0);
    if (rc == 0) {
        for (ai = res; ai != NULL; ai = ai->ai_next) {
            int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
            v4 += ai->ai_family == AF_INET;
            v6 += ai->ai_family == AF_INET6;
            if (fd != -1)
                close(fd);
        }
        freeaddrinfo(res);
    }
    CHECK("getaddrinfo loop sees IPv4 and IPv6", v4 > 0 && v6 > 0);
    rc = getaddrinfo("::1", "80", &hints, &res);
    CHECK("getaddrinfo(\"::1\")", rc == 0 && res->ai_family == AF_INET6);
    if (rc == 0)
        freeaddrinfo(res);
    hints.ai_flags = AI_NUMERICHOST;
    rc = getaddrinfo("not an address", "80", &hints, &res);
    CHECK("getaddrinfo failure text",
          rc != 0 && strcmp(gai_strerror(rc), "Name or service not known") == 0);
    CHECK("inet_pton/inet_ntop IPv6",
          inet_pton(AF_INET6, "2001:db8::1", bin) == 1 &&
              strcmp(inet_ntop(AF_INET6, bin, text, sizeof(text)), "2001:db8::1") == 0);
    CHECK("inet_pton rejects junk", inet_pton(AF_INET, "1.2.3", bin) == 0);
    errno = 0;
    CHECK("inet_ntop too small: ENOSPC",
          inet_ntop(AF_INET, bin, text, 4) == NULL && errno == ENOSPC);
    h = gethostbyname("127.0.0.1");
    CHECK("gethostbyname",
          h != NULL && h->h_addrtype == AF_INET && memcmp(h->h_addr, "\x7f\x00\x00\x01", 4) == 0);
    CHECK("gethostname", gethostname(host, sizeof(host)) == 0 && host[0] != '\0');
}

/* SO_REUSEADDR as on Linux: a restarted server rebinds over TIME_WAIT, and a second
 * live listener never gets the port. */
static void check_reuseaddr(void)
{
    struct sockaddr_in a;
    unsigned short port;
    int one = 1, v6only = -1;
    socklen_t len = sizeof(v6only);
    int l = listener(&port);
    int c = connect_to(port);
    int s = accept(l, NULL, NULL);
    int second = socket(AF_INET, SOCK_STREAM, 0);
    int six = socket(AF_INET6, SOCK_STREAM, 0);

    char byte;

    /* The server side closes first, and both ends see the other's FIN before the
     * restart: the server's end of the connection is then in TIME_WAIT. */
    shutdown(s, SHUT_WR);
    CHECK("the client reads the server's end of stream", recv(c, &byte, 1, 0) == 0);
    close(c);
    CHECK("the server reads the client's end of stream", recv(s, &byte, 1, 0) == 0);
    close(s);
    close(l);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    l = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    CHECK("SO_REUSEADDR: a restarted server rebinds its port",
          bind(l, (struct sockaddr *)&a, sizeof(a)) == 0 && listen(l, 4) == 0);
    setsockopt(second, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    errno = 0;
    CHECK("SO_REUSEADDR: no second listener on a live port",
          bind(second, (struct sockaddr *)&a, sizeof(a)) == -1 && errno == EADDRINUSE);
    CHECK("IPV6_V6ONLY is off by default (dual stack)",
          six != -1 && getsockopt(six, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &len) == 0 &&
              v6only == 0);
    close(six);
    close(second);
    close(l);
}

static void check_pairs(void)
{
    int sv[2];
    char c = 0;
    struct sockaddr_un un;

    CHECK("socketpair(AF_UNIX, SOCK_STREAM)", socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0 &&
                                                  write(sv[0], "z", 1) == 1 &&
                                                  read(sv[1], &c, 1) == 1 && c == 'z');
    close(sv[0]);
    close(sv[1]);
    CHECK("struct sockaddr_un is declared", sizeof(un.sun_path) >= 92);
}

static void check_select(void)
{
    fd_set r;
    struct timeval tv;
    unsigned short port;
    int l = listener(&port);
    int c = connect_to(port);
    int rc;

    FD_ZERO(&r);
    FD_SET(l, &r);
    tv.tv_sec = 5;
    tv.tv_usec = 0;
    rc = select(l + 1, &r, NULL, NULL, &tv);
    CHECK("select: a pending connection makes the listener readable", rc == 1 && FD_ISSET(l, &r));
    close(c);
    close(l);
    tv.tv_sec = 0;
    tv.tv_usec = 1000;
    CHECK("select with no descriptors sleeps", select(0, NULL, NULL, NULL, &tv) == 0);
    FD_ZERO(&r);
    tv.tv_sec = 0;
    tv.tv_usec = 1000;
    CHECK("select(FD_SETSIZE, ...) on an empty set", select(FD_SETSIZE, &r, NULL, NULL, &tv) == 0);
}

int main(int argc, char *argv[])
{
    check_descriptors();
    check_numbering_and_bad_input();
    check_nonblocking_connect((unsigned short)(argc > 1 ? atoi(argv[1]) : 1));
    check_timeouts_and_flags();
    check_accept_loop();
    check_names();
    check_reuseaddr();
    check_pairs();
    check_select();
    printf("%d failed\n", failures);
    return failures == 0 ? 0 : 1;
}
