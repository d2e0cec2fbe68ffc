/* fuzz_crc32.c - libFuzzer target: the file transfer's CRC-32 (crc32.h). For any input,
 * cut at points taken from its first bytes, the hardware path (when this CPU has one),
 * the table code and the chosen method agree, and continuing over the pieces gives the
 * CRC of the whole. */
#include "crc32.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The CRC of the pieces of data cut at cuts[0..n) (ascending), one after the other. */
static uint32_t crc_in_pieces(uint32_t (*fn)(uint32_t, const unsigned char *, size_t),
                              const uint8_t *data, size_t size, const size_t *cuts, int n)
{
    uint32_t crc = 0;
    size_t at = 0;
    int i;
    for (i = 0; i < n; i++) {
        crc = fn(crc, data + at, cuts[i] - at);
        at = cuts[i];
    }
    return fn(crc, data + at, size - at);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t cuts[3];
    int n = 0, i, j;
    uint32_t whole = xfer_crc32_table(0, data, size);
    if (xfer_crc32(0, data, size) != whole)
        abort();
    if (xfer_crc32_hw_name() != NULL && xfer_crc32_hw(0, data, size) != whole)
        abort();
    for (i = 0; i < 3 && size >= 2 * (size_t)(i + 1); i++) /* 2 bytes per cut point */
        cuts[n++] = ((size_t)data[2 * i] << 8 | data[2 * i + 1]) % (size + 1);
    for (i = 1; i < n; i++) /* ascending (insertion sort of at most 3) */
        for (j = i; j > 0 && cuts[j - 1] > cuts[j]; j--) {
            size_t t = cuts[j];
            cuts[j] = cuts[j - 1];
            cuts[j - 1] = t;
        }
    if (crc_in_pieces(xfer_crc32_table, data, size, cuts, n) != whole ||
        crc_in_pieces(xfer_crc32, data, size, cuts, n) != whole)
        abort();
    if (xfer_crc32_hw_name() != NULL && crc_in_pieces(xfer_crc32_hw, data, size, cuts, n) != whole)
        abort();
    return 0;
}
