/* transfer.c - the file transfer wire format (see transfer.h). */
#include "transfer.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

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

/* 1 if name (without the extension) is a Windows device name: CON, NUL, COM1, ... */
static int is_device_name(const char *name)
{
    static const char *const devices[] = {"CON", "PRN", "AUX", "NUL", "COM", "LPT"};
    size_t stem = strcspn(name, "."), i, k;
    for (i = 0; i < sizeof devices / sizeof devices[0]; i++) {
        size_t want = i < 4 ? 3 : 4; /* COM and LPT take a digit 1-9 */
        if (stem != want || (want == 4 && (name[3] < '1' || name[3] > '9')))
            continue;
        for (k = 0; k < 3 && toupper((unsigned char)name[k]) == devices[i][k]; k++) {
        }
        if (k == 3)
            return 1;
    }
    return 0;
}

const char *xfer_name_problem(const char *name, size_t len)
{
    size_t i;
    if (len == 0)
        return "it is empty";
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7F)
            return "it contains a control character";
        if (c == '/' || c == '\\')
            return "it contains a path separator";
        if (c == ':')
            return "it contains ':' (a drive letter or stream name)";
        if (strchr("<>\"|?*", c) != NULL)
            return "it contains a character that Windows forbids";
    }
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return "it names a folder";
    if (name[len - 1] == '.' || name[len - 1] == ' ')
        return "it ends with '.' or ' '";
    return is_device_name(name) ? "it is a reserved device name" : NULL;
}

const char *xfer_shown_name(const char *name, size_t len, char out[XFER_SHOWN_MAX])
{
    size_t i, n = 0;
    if (len > XFER_NAME_MAX)
        len = XFER_NAME_MAX;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7F)
            n += (size_t)snprintf(out + n, XFER_SHOWN_MAX - n, "\\x%02X", (unsigned)c);
        else
            out[n++] = (char)c;
    }
    out[n] = '\0';
    return out;
}

const char *xfer_check_fixed(const unsigned char fixed[XFER_FIXED_LEN], size_t *name_len)
{
    if (memcmp(fixed, XFER_MAGIC, 4) != 0)
        return "the server does not speak the file protocol (bad header)";
    if (fixed[4] != XFER_VERSION) {
        static char why[48];
        snprintf(why, sizeof why, "unsupported protocol version %u", (unsigned)fixed[4]);
        return why;
    }
    *name_len = fixed[5]; /* 0-255: the name check refuses 0 */
    return NULL;
}

const char *xfer_check_size(const unsigned char be[8], int64_t *size)
{
    uint64_t value = xfer_get_be(be, 8);
    if (value > (uint64_t)INT64_MAX)
        return "the server announced an impossible size";
    *size = (int64_t)value;
    return NULL;
}
