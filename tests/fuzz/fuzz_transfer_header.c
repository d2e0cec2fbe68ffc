/* fuzz_transfer_header.c - libFuzzer target: the file client's checks of the header a
 * server sends (transfer.h), in the order file_client applies them. Whatever passes is
 * a plain file name (1-255 bytes, no separator, no ':', not "." or ".." and not ending
 * in '.', so it can never leave the destination folder; "a..b" is a legal name) and a
 * size in range. */
#include "transfer.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_accepted_name(const char *name, size_t len)
{
    if (len == 0 || len > XFER_NAME_MAX || strchr(name, '/') || strchr(name, '\\') ||
        strchr(name, ':') || strlen(name) != len || name[len - 1] == '.' ||
        strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char name[XFER_NAME_MAX + 1];
    size_t name_len = 0;
    int64_t file_size = -1;
    if (size < XFER_FIXED_LEN || xfer_check_fixed(data, &name_len) != NULL)
        return 0;
    if (name_len > XFER_NAME_MAX || size < XFER_FIXED_LEN + name_len)
        return name_len > XFER_NAME_MAX ? (abort(), 0) : 0;
    memcpy(name, data + XFER_FIXED_LEN, name_len);
    name[name_len] = '\0';
    if (xfer_name_problem(name, name_len) != NULL)
        return 0;
    check_accepted_name(name, name_len);
    if (size < XFER_FIXED_LEN + name_len + 8)
        return 0;
    if (xfer_check_size(data + XFER_FIXED_LEN + name_len, &file_size) == NULL && file_size < 0)
        abort();
    return 0;
}
