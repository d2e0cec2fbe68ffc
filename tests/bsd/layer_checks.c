/* layer_checks.c - what the BSD layer promises beyond Linux's behaviour, or where Linux
 * would crash or corrupt memory: bad input gives -1 and errno, never a crash; the
 * Windows-only answers (ENOSYS for what cannot exist). Windows builds only (ctest runs
 * it under Wine); written with the BSD names, as a program sees them. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

static int failures = 0;

#define CHECK(name, cond)                                                                        \
    do {                                                                                         \
        if (cond) {                                                                              \
            printf("ok %s\n", name);                                                             \
        } else {                                                                                 \
            printf("FAIL %s (line %d, errno %d: %s)\n", name, __LINE__, errno, strerror(errno)); \
            failures++;                                                                          \
        }                                                                                        \
    } while (0)

int main(void)
{
    fd_set set;
    struct timeval tv = {0, 0};
    char buf[64];
    int sv[2];
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int file;
    socklen_t len = 4;

    CHECK("EWOULDBLOCK is EAGAIN", EWOULDBLOCK == EAGAIN && ENOTSUP == EOPNOTSUPP);
    CHECK("strerror knows the socket errors",
          strcmp(strerror(ETIMEDOUT), "Operation timed out") == 0 &&
              strcmp(strerror(ECONNRESET), "Connection reset by peer") == 0 &&
              strcmp(strerror(EINPROGRESS), "Operation in progress") == 0);
    CHECK("strerror keeps the runtime's texts",
          strcmp(strerror(ENOENT), "No such file or directory") == 0);

    FD_ZERO(&set);
    FD_SET(fd, &set);
    FD_SET(FD_SETSIZE + 5, &set);
    errno = 0;
    CHECK("FD_SET past FD_SETSIZE: select fails with EINVAL, never drops it",
          select(FD_SETSIZE, &set, NULL, NULL, &tv) == -1 && errno == EINVAL);
    FD_ZERO(&set);
    FD_SET(0, &set);
    errno = 0;
    CHECK("select on stdin: EBADF (WinSock waits on sockets only)",
          select(1, &set, NULL, NULL, &tv) == -1 && errno == EBADF);

    errno = 0;
    CHECK("dup of a socket: ENOSYS", dup(fd) == -1 && errno == ENOSYS);
    errno = 0;
    CHECK("dup2 onto a socket: ENOSYS", dup2(1, fd) == -1 && errno == ENOSYS);
    errno = 0;
    CHECK("fdopen of a socket: ENOSYS", fdopen(fd, "r") == NULL && errno == ENOSYS);
    file = open("layer_checks.tmp", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    errno = 0;
    CHECK("O_NONBLOCK on a file: EINVAL",
          fcntl(file, F_SETFL, O_NONBLOCK) == -1 && errno == EINVAL);
    close(file);
    remove("layer_checks.tmp");

    errno = 0;
    CHECK("send(NULL, 5): EFAULT", send(fd, NULL, 5, 0) == -1 && errno == EFAULT);
    errno = 0;
    CHECK("recv(NULL, 5): EFAULT", recv(fd, NULL, 5, 0) == -1 && errno == EFAULT);
    errno = 0;
    CHECK("accept(addr, NULL len): EFAULT",
          accept(fd, (struct sockaddr *)buf, NULL) == -1 && errno == EFAULT);
    errno = 0;
    CHECK("setsockopt with a huge length: EINVAL",
          setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, buf, 1 << 30) == -1 && errno == EINVAL);
    errno = 0;
    CHECK("getsockopt(NULL value): EFAULT",
          getsockopt(fd, SOL_SOCKET, SO_TYPE, NULL, &len) == -1 && errno == EFAULT);
    errno = 0;
    CHECK("socketpair(NULL): EFAULT",
          socketpair(AF_UNIX, SOCK_STREAM, 0, NULL) == -1 && errno == EFAULT);
    errno = 0;
    CHECK("socketpair(AF_INET): EAFNOSUPPORT",
          socketpair(AF_INET, SOCK_STREAM, 0, sv) == -1 && errno == EAFNOSUPPORT);
    errno = 0;
    CHECK("inet_pton(NULL): EFAULT", inet_pton(AF_INET, NULL, buf) == -1 && errno == EFAULT);
    errno = 0;
    CHECK("inet_ntop(NULL): EFAULT",
          inet_ntop(AF_INET, NULL, buf, sizeof(buf)) == NULL && errno == EFAULT);
    CHECK("gethostbyname(NULL): NULL, h_errno",
          gethostbyname(NULL) == NULL && h_errno == HOST_NOT_FOUND);
    CHECK("getaddrinfo(NULL, NULL): EAI_NONAME", getaddrinfo(NULL, NULL, NULL, NULL) == EAI_NONAME);
    freeaddrinfo(NULL);
    errno = 0;
    CHECK("gethostname(NULL): EFAULT", gethostname(NULL, 10) == -1 && errno == EFAULT);
    errno = 0;
    CHECK("poll(NULL, 1): EFAULT", poll(NULL, 1, 0) == -1 && errno == EFAULT);
    errno = 0;
    CHECK("ioctl unknown request: ENOTTY", ioctl(fd, 0x1234, buf) == -1 && errno == ENOTTY);
    CHECK("close of the socket", close(fd) == 0);
    errno = 0;
    CHECK("second close: EBADF", close(fd) == -1 && errno == EBADF);
    errno = 0;
    CHECK("write to a negative descriptor: EBADF", write(-3, "x", 1) == -1 && errno == EBADF);
    errno = 0;
    CHECK("read from a descriptor past every table: EBADF",
          read(70000, buf, 1) == -1 && errno == EBADF);
    printf("%d failed\n", failures);
    return failures == 0 ? 0 : 1;
}
