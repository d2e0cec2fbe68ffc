/* crc32.h - the CRC-32 of the file transfer: the reflected polynomial 0xEDB88320, the
 * same values as zlib's crc32(). xfer_crc32 is what programs call: it uses the CPU's
 * carry-less multiply (x86 PCLMULQDQ) or CRC instructions (ARMv8 CRC32, when the
 * compiler targets them) if present, else a portable table code. The two ways are
 * declared too, so that tests can compare them. */
#ifndef XSOCK_EXAMPLE_CRC32_H
#define XSOCK_EXAMPLE_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* CRC-32 of data (len bytes, any alignment), continuing from crc (0 to start): the
 * CRC of A then B equals the CRC of A followed by B. The fastest way this CPU has,
 * chosen once on first use; safe to call from several threads. */
uint32_t xfer_crc32(uint32_t crc, const unsigned char *data, size_t len);

/* The same CRC with the portable table code only ("slicing-by-16"). */
uint32_t xfer_crc32_table(uint32_t crc, const unsigned char *data, size_t len);

/* The hardware method this build can use on this CPU: "pclmulqdq" or "armv8-crc32";
 * NULL when there is none (a build for another CPU family, or an x86 CPU without
 * PCLMULQDQ), and then xfer_crc32_hw must not be called. */
const char *xfer_crc32_hw_name(void);

/* The same CRC with the hardware method (inputs under 64 bytes and the last 0-15 bytes
 * still go through the table code). Only when xfer_crc32_hw_name() is not NULL; in a
 * build without any hardware method it is the table code. */
uint32_t xfer_crc32_hw(uint32_t crc, const unsigned char *data, size_t len);

#endif /* XSOCK_EXAMPLE_CRC32_H */
