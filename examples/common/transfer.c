/* transfer.c - the file transfer wire format (see transfer.h). */
#include "transfer.h"

#include <string.h>

uint32_t xfer_crc32(uint32_t crc, const unsigned char *data, size_t len)
{
    static uint32_t table[256];
    static int table_ready = 0;
    size_t i;
    if (!table_ready) {
        uint32_t n, k, c;
        for (n = 0; n < 256; n++) {
            for (c = n, k = 0; k < 8; k++)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        table_ready = 1;
    }
    crc = ~crc;
    for (i = 0; i < len; i++)
        crc = table[(crc ^ data[i]) & 0xFFu] ^ (crc >> 8);
    return ~crc;
}

void xfer_put_be(unsigned char *out, uint64_t value, int bytes)
{
    while (bytes-- > 0) {
        out[bytes] = (unsigned char)(value & 0xFFu);
        value >>= 8;
    }
}

uint64_t xfer_get_be(const unsigned char *in, int bytes)
{
    uint64_t value = 0;
    int i;
    for (i = 0; i < bytes; i++)
        value = (value << 8) | in[i];
    return value;
}

size_t xfer_build_header(unsigned char *out, const char *name, int64_t size)
{
    size_t name_len = strlen(name);
    memcpy(out, XFER_MAGIC, 4);
    out[4] = XFER_VERSION;
    out[5] = (unsigned char)name_len;
    memcpy(out + XFER_FIXED_LEN, name, name_len);
    xfer_put_be(out + XFER_FIXED_LEN + name_len, (uint64_t)size, 8);
    return XFER_FIXED_LEN + name_len + 8;
}
