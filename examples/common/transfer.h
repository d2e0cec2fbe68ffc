/* transfer.h - the wire format of file_server and file_client, in one place:
 *
 *   "XSFT"  version (1 byte, 1)  name length (1 byte, 1-255)  name  size (8 bytes)
 *   contents (size bytes)
 *   CRC-32 of the contents (4 bytes)
 *
 * Numbers are big-endian. The CRC-32 (xfer_crc32) is in crc32.h. */
#ifndef XSOCK_EXAMPLE_TRANSFER_H
#define XSOCK_EXAMPLE_TRANSFER_H

#include <stddef.h>
#include <stdint.h>

#include "crc32.h"

#define XFER_MAGIC "XSFT"
#define XFER_VERSION 1
#define XFER_NAME_MAX 255
#define XFER_FIXED_LEN 6 /* magic, version, name length */
#define XFER_HEADER_MAX (XFER_FIXED_LEN + XFER_NAME_MAX + 8)
#define XFER_TRAILER_LEN 4

/* bytes (1-8) of value, big-endian, into out. */
void xfer_put_be(unsigned char *out, uint64_t value, int bytes);

/* bytes (1-8) big-endian from in. */
uint64_t xfer_get_be(const unsigned char *in, int bytes);

/* The header for name (1-XFER_NAME_MAX bytes) and size into out (XFER_HEADER_MAX
 * bytes); returns its length. */
size_t xfer_build_header(unsigned char *out, const char *name, int64_t size);

/* Checks of what a peer sends, in the order it arrives. Each returns NULL if the part
 * is acceptable, else why not (one line of text, valid until the next call). */

/* The fixed part (magic, version, name length); the name's length into *name_len. */
const char *xfer_check_fixed(const unsigned char fixed[XFER_FIXED_LEN], size_t *name_len);

/* name (len bytes, NUL-terminated at len) as a plain file name: not empty, not "." or
 * "..", no path separator, drive letter, control or Windows-forbidden character, no
 * trailing dot or space, no Windows device name (CON, NUL, COM1, ...). Dots inside a
 * name are harmless ("a..b", ".profile"): without a separator nothing leaves the
 * folder. file_server refuses to offer, and file_client to keep, what this refuses. */
const char *xfer_name_problem(const char *name, size_t len);

/* Room for a name of up to XFER_NAME_MAX bytes as xfer_shown_name writes it. */
#define XFER_SHOWN_MAX (4 * XFER_NAME_MAX + 1)

/* name (len bytes) with control characters as \xNN, so that a message about it stays
 * one line; returns out. */
const char *xfer_shown_name(const char *name, size_t len, char out[XFER_SHOWN_MAX]);

/* The 8-byte size; into *size (0 to INT64_MAX). */
const char *xfer_check_size(const unsigned char be[8], int64_t *size);

#endif /* XSOCK_EXAMPLE_TRANSFER_H */
