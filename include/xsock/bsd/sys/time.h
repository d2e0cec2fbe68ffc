/* sys/time.h - BSD <sys/time.h> for Windows builds: part of xsock's BSD layer (see
 * xsock_bsd.h). struct timeval comes from WinSock; MinGW's own header (gettimeofday) is
 * included where it exists (MSVC has none). */
#ifndef XSOCK_BSD_SYS_TIME_H
#define XSOCK_BSD_SYS_TIME_H
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC system_header
#endif
#if !defined(_MSC_VER) || defined(__clang__)
#include_next <sys/time.h>
#else
#include <winsock2.h>
#endif
#endif
