/* test_crc32.c - the file transfer's CRC-32 (examples/common/crc32.h): the hardware
 * path (PCLMULQDQ on x86) equals the table code on every length, alignment and split,
 * and both equal zlib's crc32 on known values (computed with Python's zlib.crc32). */
#include "support.h"
#include "crc32.h"

#include <stdlib.h>
#include <string.h>

#define SMALL_MAX 4160 /* lengths 0 to 4 KiB and a little, at any offset 0-63 */
#define BIG (3u * 1024 * 1024 + 1)

/* A deterministic pseudo-random stream (xorshift32). */
static uint32_t rng_state = 2463534242u;
static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

/* n bytes of the pattern (i * 131 + i / 256) mod 256 (the Python vectors use it). */
static unsigned char *pattern(size_t n)
{
    unsigned char *p = malloc(n + 1);
    size_t i;
    assert_non_null(p);
    for (i = 0; i < n; i++)
        p[i] = (unsigned char)((i * 131u + (i >> 8)) & 0xFFu);
    return p;
}

/* n random bytes in a new allocation. */
static unsigned char *random_bytes(size_t n)
{
    unsigned char *p = malloc(n + 1);
    size_t i;
    assert_non_null(p);
    for (i = 0; i < n; i++)
        p[i] = (unsigned char)(rng() >> 24);
    return p;
}

/* 1 if the hardware path can run here; else says once why it is not tested. */
static int have_hw(void)
{
    static int said;
    if (xfer_crc32_hw_name() != NULL)
        return 1;
    if (!said)
        print_message("no hardware CRC-32 on this CPU or in this build (x86 without "
                      "PCLMULQDQ, or another CPU family): only the table code is tested\n");
    said = 1;
    return 0;
}

/* The CRC of data by every path, each checked against want. */
static void expect_crc(uint32_t want, uint32_t from, const unsigned char *data, size_t len)
{
    assert_int_equal(xfer_crc32_table(from, data, len), want);
    assert_int_equal(xfer_crc32(from, data, len), want);
    if (have_hw())
        assert_int_equal(xfer_crc32_hw(from, data, len), want);
}

static void known_values(void **state)
{
    const char *fox = "The quick brown fox jumps over the lazy dog";
    unsigned char *zeros = calloc(1, 1u << 20), ones[4096];
    (void)state;
    assert_non_null(zeros);
    memset(ones, 0xFF, sizeof ones);
    expect_crc(0xCBF43926u, 0, (const unsigned char *)"123456789", 9);
    expect_crc(0u, 0, (const unsigned char *)"", 0);
    expect_crc(0xE8B7BE43u, 0, (const unsigned char *)"a", 1);
    expect_crc(0x414FA339u, 0, (const unsigned char *)fox, strlen(fox));
    expect_crc(0xA738EA1Cu, 0, zeros, 1u << 20);
    expect_crc(0xF154670Au, 0, ones, sizeof ones);
    free(zeros);
    print_message("hardware CRC-32: %s\n",
                  xfer_crc32_hw_name() ? xfer_crc32_hw_name() : "none (table code)");
}

/* Lengths around the hardware path's thresholds (64 bytes, 16-byte blocks). */
static void known_values_of_a_pattern(void **state)
{
    static const struct {
        size_t len;
        uint32_t crc;
    } cases[] = {{63, 0x4C6CC41Cu},
                 {64, 0x9E279317u},
                 {65, 0xCA2B8F69u},
                 {1000, 0xFB45E7EEu},
                 {100003, 0x602CEC13u}};
    unsigned char *p = pattern(100003);
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_crc(cases[i].crc, 0, p, cases[i].len);
    expect_crc(0x45CC97B1u, 0x12345678u, p, 100003); /* continued from another CRC */
    free(p);
}

/* Every length 0-1100 at every offset 0-63, then random lengths up to SMALL_MAX, each
 * from a random starting CRC: hardware and table agree. */
static void hw_equals_table_on_small_inputs(void **state)
{
    unsigned char *buf = random_bytes(SMALL_MAX + 64);
    size_t len, offset;
    int i;
    (void)state;
    if (!have_hw()) {
        free(buf);
        XTEST_SKIP("no PCLMULQDQ on this CPU (or no hardware CRC in this build)");
    }
    for (offset = 0; offset < 64; offset++)
        for (len = 0; len <= 1100; len++) {
            uint32_t from = rng();
            assert_int_equal(xfer_crc32_hw(from, buf + offset, len),
                             xfer_crc32_table(from, buf + offset, len));
        }
    for (i = 0; i < 3000; i++) {
        uint32_t from = rng();
        offset = rng() % 64;
        len = rng() % (SMALL_MAX + 1);
        assert_int_equal(xfer_crc32_hw(from, buf + offset, len),
                         xfer_crc32_table(from, buf + offset, len));
    }
    free(buf);
}

/* Large buffers, whole and at odd offsets and lengths. */
static void hw_equals_table_on_large_inputs(void **state)
{
    static const size_t sizes[] = {64 * 1024, 256 * 1024, 1024 * 1024 + 13, BIG - 7};
    unsigned char *buf = random_bytes(BIG);
    size_t i;
    (void)state;
    if (!have_hw()) {
        free(buf);
        XTEST_SKIP("no PCLMULQDQ on this CPU (or no hardware CRC in this build)");
    }
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        assert_int_equal(xfer_crc32_hw(0, buf, sizes[i]), xfer_crc32_table(0, buf, sizes[i]));
        assert_int_equal(xfer_crc32_hw(~0u, buf + 7 - i, sizes[i]),
                         xfer_crc32_table(~0u, buf + 7 - i, sizes[i]));
    }
    free(buf);
}

/* The CRC of A then of B from there equals the CRC of A followed by B, on every path,
 * at split points near the start, the end, and at random. */
static void continuation(void **state)
{
    unsigned char *p = pattern(100003);
    const uint32_t whole = 0x602CEC13u;
    size_t cuts[64 + 8], i, n = 0;
    (void)state;
    for (i = 0; i < 33; i++) {
        cuts[n++] = i;
        cuts[n++] = 100003 - i;
    }
    while (n < sizeof cuts / sizeof cuts[0])
        cuts[n++] = rng() % 100004;
    for (i = 0; i < n; i++) {
        size_t a = cuts[i], b = 100003 - cuts[i];
        assert_int_equal(xfer_crc32_table(xfer_crc32_table(0, p, a), p + a, b), whole);
        assert_int_equal(xfer_crc32(xfer_crc32(0, p, a), p + a, b), whole);
        if (have_hw())
            assert_int_equal(xfer_crc32_hw(xfer_crc32_hw(0, p, a), p + a, b), whole);
    }
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_values),
        cmocka_unit_test(known_values_of_a_pattern),
        cmocka_unit_test(hw_equals_table_on_small_inputs),
        cmocka_unit_test(hw_equals_table_on_large_inputs),
        cmocka_unit_test(continuation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
