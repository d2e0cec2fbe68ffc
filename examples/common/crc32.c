/* crc32.c - CRC-32 (reflected polynomial 0xEDB88320, as zlib): a portable table code,
 * PCLMULQDQ folding on x86 and x86-64, the CRC32 instructions on ARMv8 (see crc32.h). */
#include "crc32.h"

#include <string.h>

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define CRC_CLMUL 1
#include <cpuid.h>
#include <emmintrin.h>
#include <wmmintrin.h>
/* The compiler may use PCLMULQDQ in these functions only, so the file builds without
 * -mpclmul and runs on any x86; 32-bit Windows keeps the stack 4-byte aligned, hence
 * the realignment for the 16-byte vectors on i386. */
#if defined(__i386__)
#define CLMUL_TARGET __attribute__((target("pclmul,sse2"), force_align_arg_pointer))
#else
#define CLMUL_TARGET __attribute__((target("pclmul,sse2")))
#endif
#elif defined(_MSC_VER) && (defined(_M_X64) || defined(_M_IX86))
#define CRC_CLMUL 1
#include <emmintrin.h>
#include <intrin.h>
#include <wmmintrin.h>
#define CLMUL_TARGET
#elif defined(__ARM_FEATURE_CRC32) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define CRC_ARMV8 1
#include <arm_acle.h>
#endif

typedef uint32_t (*crc_fn)(uint32_t crc, const unsigned char *data, size_t len);

/* Set once, after the table is built: the function xfer_crc32 uses. */
static crc_fn crc_chosen;

/* Loading and storing crc_chosen: the store of the pointer happens after the table
 * is built, and a thread that sees the pointer also sees the table (release/acquire;
 * free on x86). Threads that meet on first use each build the same table and choose
 * the same pointer: they write identical values, so the race only costs time. MSVC
 * gives volatile accesses these semantics on x86 and x64 (/volatile:ms, its default). */
#if defined(__GNUC__) || defined(__clang__)
#define CRC_LOAD(p) __atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define CRC_STORE(p, v) __atomic_store_n(&(p), (v), __ATOMIC_RELEASE)
#else
#define CRC_LOAD(p) (*(crc_fn volatile *)&(p))
#define CRC_STORE(p, v) (*(crc_fn volatile *)&(p) = (v))
#endif

/* ---- The table code: sixteen bytes at a time ("slicing-by-16") ----
 * crc_table[k][n] is the CRC of byte n followed by k zero bytes, so sixteen independent
 * table lookups replace sixteen dependent steps. The bytes are combined explicitly: the
 * result does not depend on the byte order of the machine. */
static uint32_t crc_table[16][256];

static void crc_make_table(void)
{
    uint32_t n, k, c;
    for (n = 0; n < 256; n++) {
        for (c = n, k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[0][n] = c;
    }
    for (n = 0; n < 256; n++)
        for (k = 1; k < 16; k++)
            crc_table[k][n] =
                (crc_table[k - 1][n] >> 8) ^ crc_table[0][crc_table[k - 1][n] & 0xFFu];
}

/* The CRC register after the 16 bytes at p, from crc. */
static uint32_t crc_step16(uint32_t crc, const unsigned char *p)
{
    uint32_t(*t)[256] = crc_table;
    crc ^= (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    return t[15][crc & 0xFFu] ^ t[14][(crc >> 8) & 0xFFu] ^ t[13][(crc >> 16) & 0xFFu] ^
           t[12][crc >> 24] ^ t[11][p[4]] ^ t[10][p[5]] ^ t[9][p[6]] ^ t[8][p[7]] ^ t[7][p[8]] ^
           t[6][p[9]] ^ t[5][p[10]] ^ t[4][p[11]] ^ t[3][p[12]] ^ t[2][p[13]] ^ t[1][p[14]] ^
           t[0][p[15]];
}

/* The CRC register (no inversion before or after) after len bytes at p, from crc. */
static uint32_t crc_table_raw(uint32_t crc, const unsigned char *p, size_t len)
{
    for (; len >= 16; p += 16, len -= 16)
        crc = crc_step16(crc, p);
    for (; len > 0; p++, len--)
        crc = crc_table[0][(crc ^ *p) & 0xFFu] ^ (crc >> 8);
    return crc;
}

/* The table built and the method chosen, once; returns the method. */
static crc_fn crc_init(void)
{
    crc_fn fn = CRC_LOAD(crc_chosen);
    if (fn == NULL) {
        crc_make_table();
        /* (always false in a build without a hardware method, as cppcheck sees it) */
        /* cppcheck-suppress knownConditionTrueFalse */
        fn = xfer_crc32_hw_name() != NULL ? xfer_crc32_hw : xfer_crc32_table;
        CRC_STORE(crc_chosen, fn);
    }
    return fn;
}

uint32_t xfer_crc32(uint32_t crc, const unsigned char *data, size_t len)
{
    return crc_init()(crc, data, len);
}

uint32_t xfer_crc32_table(uint32_t crc, const unsigned char *data, size_t len)
{
    crc_init();
    return ~crc_table_raw(~crc, data, len);
}

#if defined(CRC_CLMUL)
/* ---- x86: folding with carry-less multiplication (PCLMULQDQ) ----
 * The method of Gopal et al., "Fast CRC Computation for Generic Polynomials Using
 * PCLMULQDQ Instruction" (Intel, 2009), in the bit-reflected form.
 *
 * A 16-byte block loaded little-endian is the polynomial A(x) of degree < 128 whose
 * highest coefficient is bit 0 (the CRC is reflected): its low 64 bits hold H, its high
 * 64 bits L, A = H x^64 + L. The CRC depends on the message only modulo P (P = x^32 +
 * ... the polynomial 0x104C11DB7), so a block D bits before another may be replaced
 * by anything congruent to A x^D = H x^(D+64) + L x^D, added into the later block:
 * two 64x32-bit carry-less products. For reflected operands, PCLMULQDQ of a 64-bit
 * value and a constant that holds the 32-bit reflection of Q shifted left by one
 * yields the value times Q x^32; so the constant for H is Q = x^(D+32) mod P, for L
 * x^(D-32) mod P. Generated by this Python (reflect in 32 bits, then << 1):
 *
 *   def k(n):            # x^n mod P, 32-bit reflected, << 1
 *       r = 1
 *       for _ in range(n):
 *           r = (r << 1) ^ (0x104C11DB7 if r & 0x80000000 else 0)
 *       return int(format(r, "032b")[::-1], 2) << 1
 *
 * Four blocks at a time go forward D = 512 bits; then the four fold into one and the
 * rest of the whole blocks go forward D = 128 bits. What remains is one block with the
 * same CRC as everything folded into it: instead of a Barrett reduction, the table
 * code takes that block and the last 0-15 bytes (a 16-byte step, not worth more). */
#define CLMUL_MIN 64 /* shorter inputs: the table code */

/* {low, high} = {k(512 + 32), k(512 - 32)}, {k(128 + 32), k(128 - 32)} */
static const uint64_t fold_512[2] = {0x154442BD4u, 0x1C6E41596u};
static const uint64_t fold_128[2] = {0x1751997D0u, 0x0CCAA009Eu};

/* Bit 1 of ECX (PCLMULQDQ) and bit 26 of EDX (SSE2), CPUID leaf 1. */
#define CPUID1_ECX_PCLMULQDQ (1u << 1)
#define CPUID1_EDX_SSE2 (1u << 26)

/* 1 if this CPU has PCLMULQDQ and SSE2 (the only instructions used below). */
static int cpu_has_clmul(void)
{
#if defined(_MSC_VER)
    int r[4];
    __cpuid(r, 1);
    return ((unsigned)r[2] & CPUID1_ECX_PCLMULQDQ) && ((unsigned)r[3] & CPUID1_EDX_SSE2);
#else
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return 0;
    return (c & CPUID1_ECX_PCLMULQDQ) && (d & CPUID1_EDX_SSE2);
#endif
}

const char *xfer_crc32_hw_name(void) { return cpu_has_clmul() ? "pclmulqdq" : NULL; }

/* x moved forward by the distance of k (fold_512 or fold_128), to be added to the
 * block there. */
CLMUL_TARGET static __m128i clmul_fold(__m128i x, __m128i k)
{
    return _mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11));
}

/* Folds the whole 16-byte blocks of p (len >= 64), the CRC register crc added into the
 * first, into one block stored at out; returns how many bytes it covered. */
CLMUL_TARGET static size_t clmul_fold_all(uint32_t crc, const unsigned char *p, size_t len,
                                          unsigned char out[16])
{
    const __m128i k4 = _mm_loadu_si128((const __m128i *)fold_512);
    const __m128i k1 = _mm_loadu_si128((const __m128i *)fold_128);
    __m128i x0 = _mm_xor_si128(_mm_loadu_si128((const __m128i *)p), _mm_cvtsi32_si128((int)crc));
    __m128i x1 = _mm_loadu_si128((const __m128i *)(p + 16));
    __m128i x2 = _mm_loadu_si128((const __m128i *)(p + 32));
    __m128i x3 = _mm_loadu_si128((const __m128i *)(p + 48));
    size_t done = 64;
    for (; len - done >= 64; done += 64) {
        x0 = _mm_xor_si128(clmul_fold(x0, k4), _mm_loadu_si128((const __m128i *)(p + done)));
        x1 = _mm_xor_si128(clmul_fold(x1, k4), _mm_loadu_si128((const __m128i *)(p + done + 16)));
        x2 = _mm_xor_si128(clmul_fold(x2, k4), _mm_loadu_si128((const __m128i *)(p + done + 32)));
        x3 = _mm_xor_si128(clmul_fold(x3, k4), _mm_loadu_si128((const __m128i *)(p + done + 48)));
    }
    x0 = _mm_xor_si128(clmul_fold(x0, k1), x1);
    x0 = _mm_xor_si128(clmul_fold(x0, k1), x2);
    x0 = _mm_xor_si128(clmul_fold(x0, k1), x3);
    for (; len - done >= 16; done += 16)
        x0 = _mm_xor_si128(clmul_fold(x0, k1), _mm_loadu_si128((const __m128i *)(p + done)));
    _mm_storeu_si128((__m128i *)out, x0);
    return done;
}

uint32_t xfer_crc32_hw(uint32_t crc, const unsigned char *data, size_t len)
{
    unsigned char folded[16];
    size_t done;
    if (len < CLMUL_MIN)
        return xfer_crc32_table(crc, data, len);
    crc_init(); /* the table, for the last block and the tail */
    done = clmul_fold_all(~crc, data, len, folded);
    return ~crc_table_raw(crc_table_raw(0, folded, 16), data + done, len - done);
}

#elif defined(CRC_ARMV8)
/* ---- ARMv8: the CRC32 instructions (CRC32X/CRC32B: this polynomial, not CRC32C's),
 * present whenever the compiler targets them (__ARM_FEATURE_CRC32). ---- */
const char *xfer_crc32_hw_name(void) { return "armv8-crc32"; }

uint32_t xfer_crc32_hw(uint32_t crc, const unsigned char *data, size_t len)
{
    uint32_t c = ~crc;
    for (; len >= 8; data += 8, len -= 8) {
        uint64_t v;
        memcpy(&v, data, 8); /* little-endian: the first byte lowest, as the CRC wants */
        c = __crc32d(c, v);
    }
    for (; len > 0; data++, len--)
        c = __crc32b(c, *data);
    return ~c;
}

#else
/* ---- Other CPUs: the table code only. ---- */
const char *xfer_crc32_hw_name(void) { return NULL; }

uint32_t xfer_crc32_hw(uint32_t crc, const unsigned char *data, size_t len)
{
    return xfer_crc32_table(crc, data, len);
}
#endif
