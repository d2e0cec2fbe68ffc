/* fcntl.h - BSD <fcntl.h> for Windows builds: part of xsock's BSD layer (see xsock_bsd.h). */
#ifndef XSOCK_BSD_FCNTL_H
#define XSOCK_BSD_FCNTL_H
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC system_header
#endif
#if defined(_MSC_VER) && !defined(__clang__)
/* MSVC has no #include_next: the UCRT's header, found through its own folder's name. */
#include <../ucrt/fcntl.h>
#else
#include_next <fcntl.h>
#endif
#include "xsock_bsd.h"
#endif
