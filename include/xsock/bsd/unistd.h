/* unistd.h - BSD <unistd.h> for Windows builds: part of xsock's BSD layer (see xsock_bsd.h). */
#ifndef XSOCK_BSD_UNISTD_H
#define XSOCK_BSD_UNISTD_H
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC system_header
#endif
#if !defined(_MSC_VER) || defined(__clang__)
#include_next <unistd.h> /* MinGW's; MSVC has none */
#endif
#include "xsock_bsd.h"
#endif
