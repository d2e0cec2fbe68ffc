/* addr_text.c - numeric IPv4/IPv6 parsing and formatting, written once so that the
 * accepted text and the output are the same on every platform (the system's
 * inet_pton/inet_ntop differ in edge cases and need WSAStartup on Windows). */
#include "addr_text.h"

#include <string.h>

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int hex_value(char c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* One decimal part 0-255 without leading zeros; advances *p. -1 if malformed. */
static int parse_octet(const char **p, const char *end)
{
    unsigned value = 0;
    const char *start = *p;
    while (*p < end && is_digit(**p)) {
        if (*p > start && value == 0)
            return -1; /* leading zero: "01" could be read as octal elsewhere */
        value = value * 10u + (unsigned)(**p - '0');
        if (value > 255u)
            return -1;
        (*p)++;
    }
    return *p == start ? -1 : (int)value;
}

int xsock__ipv4_parse(const char *p, const char *end, unsigned char out[4])
{
    int part;
    for (part = 0; part < 4; part++) {
        int value;
        if (part > 0) {
            if (p >= end || *p != '.')
                return -1;
            p++;
        }
        value = parse_octet(&p, end);
        if (value < 0)
            return -1;
        out[part] = (unsigned char)value;
    }
    return p == end ? 0 : -1;
}

/* 1-4 hex digits; advances *p. -1 if none or too many. */
static long parse_hex_group(const char **p, const char *end)
{
    long value = 0;
    int digits = 0;
    while (*p < end && hex_value(**p) >= 0) {
        if (++digits > 4)
            return -1;
        value = value * 16 + hex_value(**p);
        (*p)++;
    }
    return digits == 0 ? -1 : value;
}

/* Expand groups[0..n) with the "::" gap before index gap (-1: none) into 16 bytes. */
static int expand_groups(const unsigned groups[8], int n, int gap, unsigned char out[16])
{
    int i, zeros = 8 - n;
    if ((gap < 0 && n != 8) || (gap >= 0 && n > 7))
        return -1; /* "::" stands for at least one zero group */
    memset(out, 0, 16);
    for (i = 0; i < n; i++) {
        int at = (gap >= 0 && i >= gap) ? i + zeros : i;
        out[2 * at] = (unsigned char)(groups[i] >> 8);
        out[2 * at + 1] = (unsigned char)(groups[i] & 0xffu);
    }
    return 0;
}

/* A dotted IPv4 tail at p becomes two groups. -1 if it does not fit or is malformed. */
static int parse_ipv4_tail(const char *p, const char *end, unsigned groups[8], int *n)
{
    unsigned char v4[4];
    if (*n > 6 || xsock__ipv4_parse(p, end, v4) != 0)
        return -1;
    groups[(*n)++] = (unsigned)(v4[0] << 8 | v4[1]);
    groups[(*n)++] = (unsigned)(v4[2] << 8 | v4[3]);
    return 0;
}

int xsock__ipv6_parse(const char *p, const char *end, unsigned char out[16])
{
    unsigned groups[8];
    int n = 0, gap = -1;
    if (end - p >= 2 && p[0] == ':' && p[1] == ':') {
        gap = 0;
        p += 2;
    } else if (p >= end || *p == ':') {
        return -1;
    }
    while (p < end) {
        const char *group = p;
        long value = parse_hex_group(&p, end);
        if (p < end && *p == '.')
            return parse_ipv4_tail(group, end, groups, &n) == 0 ? expand_groups(groups, n, gap, out)
                                                                : -1;
        if (value < 0 || n == 8)
            return -1;
        groups[n++] = (unsigned)value;
        if (p == end)
            break;
        if (*p++ != ':' || p == end)
            return -1; /* junk, or a single trailing colon */
        if (*p == ':') {
            if (gap >= 0)
                return -1; /* a second "::" */
            gap = n;
            p++;
        }
    }
    return expand_groups(groups, n, gap, out);
}

static size_t write_decimal(unsigned value, char *out)
{
    char digits[10];
    size_t n = 0, i;
    do {
        digits[n++] = (char)('0' + value % 10u);
        value /= 10u;
    } while (value != 0);
    for (i = 0; i < n; i++)
        out[i] = digits[n - 1 - i];
    return n;
}

size_t xsock__ipv4_format(const unsigned char a[4], char *out)
{
    size_t len = 0;
    int i;
    for (i = 0; i < 4; i++) {
        if (i > 0)
            out[len++] = '.';
        len += write_decimal(a[i], out + len);
    }
    out[len] = '\0';
    return len;
}

static size_t write_hex(unsigned value, char *out)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = 0;
    int shift;
    for (shift = 12; shift >= 0; shift -= 4) {
        unsigned nibble = (value >> (unsigned)shift) & 0xfu;
        if (n > 0 || nibble != 0 || shift == 0)
            out[n++] = hex[nibble];
    }
    return n;
}

/* The longest run of two or more zero groups (the first on a tie): start, or -1. */
static int longest_zero_run(const unsigned groups[8], int *run_len)
{
    int best = -1, best_len = 1, i = 0;
    while (i < 8) {
        int j = i;
        while (j < 8 && groups[j] == 0)
            j++;
        if (j - i > best_len) {
            best = i;
            best_len = j - i;
        }
        i = j > i ? j : i + 1;
    }
    *run_len = best_len;
    return best;
}

static int is_ipv4_mapped(const unsigned char a[16])
{
    static const unsigned char prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return memcmp(a, prefix, sizeof prefix) == 0;
}

size_t xsock__ipv6_format(const unsigned char a[16], char *out)
{
    unsigned groups[8];
    int i, run_len, run;
    size_t len = 0;
    if (is_ipv4_mapped(a)) {
        memcpy(out, "::ffff:", 7);
        return 7 + xsock__ipv4_format(a + 12, out + 7);
    }
    for (i = 0; i < 8; i++)
        groups[i] = (unsigned)(a[2 * i] << 8 | a[2 * i + 1]);
    run = longest_zero_run(groups, &run_len);
    for (i = 0; i < 8; i++) {
        if (i == run) {
            out[len++] = ':';
            out[len++] = ':';
            i += run_len - 1;
            continue;
        }
        if (i > 0 && i != run + run_len)
            out[len++] = ':';
        len += write_hex(groups[i], out + len);
    }
    out[len] = '\0';
    return len;
}
