/* strict_c99.c - the public header alone, as strict ISO C99 (no GNU extensions), and
 * plain BSD calls on xsock types with no #ifdef: what a user's program looks like. */
#include <xsock.h>

#include <string.h>

int main(void)
{
    xsock_t s = XSOCK_INVALID;
    struct sockaddr_in sin;
    socklen_t len = (socklen_t)sizeof sin;
    ssize_t none = 0;
    if (xsock_socket(&s, AF_INET, SOCK_STREAM, 0) != 0)
        return 1;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *)&sin, len) != 0 || /* raw BSD call on an xsock_t */
        getsockname(s, (struct sockaddr *)&sin, &len) != 0 || ntohs(sin.sin_port) == 0)
        return 2;
    (void)none;
    (void)XSOCK_SHUT_RDWR;
    return xsock_close(s) == 0 && xsock_version()[0] != '\0' ? 0 : 3;
}
