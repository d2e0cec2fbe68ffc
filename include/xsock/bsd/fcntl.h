/* fcntl.h - BSD <fcntl.h> for Windows builds: part of xsock's BSD layer (see xsock_bsd.h). */
#ifndef XSOCK_BSD_FCNTL_H
#define XSOCK_BSD_FCNTL_H
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC system_header
#endif
#include_next <fcntl.h>
#include "xsock_bsd.h"
#endif
