/* fuzz_lines.c - libFuzzer target: the examples' line framing (ex_lines_feed), fed a
 * peer's bytes in pieces whose sizes come from the input too. Every line is shorter
 * than EX_LINE_MAX, holds no newline, and the lines account for every byte given
 * (only newlines and the "\r" before them are dropped). */
#include "ex.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct tally {
    size_t bytes; /* line bytes plus the terminators they stood for */
};

static void check_line(void *ctx, char *line, size_t len)
{
    struct tally *t = ctx;
    if (len >= EX_LINE_MAX || strlen(line) > len || memchr(line, '\n', len) != NULL)
        abort();
    t->bytes += len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ex_lines lines;
    struct tally t = {0};
    size_t at = 0, newlines = 0, returns = 0, i;
    memset(&lines, 0, sizeof lines);
    while (at < size) {
        size_t piece = 1 + (size_t)(data[at] % 64u) * 37u; /* 1 to 2332 bytes */
        if (piece > size - at)
            piece = size - at;
        ex_lines_feed(&lines, (const char *)data + at, piece, check_line, &t);
        at += piece;
    }
    for (i = 0; i < size; i++) {
        newlines += data[i] == '\n';
        returns += data[i] == '\r' && i + 1 < size && data[i + 1] == '\n';
    }
    /* everything is delivered, dropped as a terminator, or still waiting: a "\r\n" is
     * dropped whole unless a piece of an overlong line ended between the two bytes */
    if (t.bytes + lines.len + newlines > size || t.bytes + lines.len + newlines + returns < size)
        abort();
    return 0;
}
