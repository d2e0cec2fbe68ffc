// cxx.cpp - the public header compiles as C++ and links (extern "C").
#include <xsock.h>

int main()
{
    xsock_addr a;
    char text[XSOCK_ADDRSTRLEN];
    if (xsock_addr_parse(&a, "[::1]:80", 0) != 0)
        return 1;
    if (xsock_addr_format(&a, text, sizeof text) != 8)
        return 2;
    return xsock_strerror(XSOCK_EINVAL) != nullptr ? 0 : 3;
}
