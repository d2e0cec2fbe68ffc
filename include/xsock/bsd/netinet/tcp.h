/* netinet/tcp.h - BSD <netinet/tcp.h> for Windows builds: part of xsock's BSD layer (see
 * xsock_bsd.h). */
#ifndef XSOCK_BSD_NETINET_TCP_H
#define XSOCK_BSD_NETINET_TCP_H
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC system_header
#endif
#include "../xsock_bsd.h"
#endif
