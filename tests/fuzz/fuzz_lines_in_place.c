/* fuzz_lines_in_place.c - libFuzzer target, differential: ex_lines_feed_in_place (as ex_conn_read
 * uses it, with a callback that writes line[len] like tcp_server) must deliver exactly what one
 * ex_lines_feed of the whole stream delivers, for any chunking. */
#include "ex.h"
#include <stdlib.h>
#include <string.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
struct out {
    char *b;
    size_t n;
};
static void rec(void *ctx, char *line, size_t len)
{
    struct out *o = ctx;
    if (line[len] != '\0' || strlen(line) > len)
        abort();
    o->b = realloc(o->b, o->n + len + 16);
    memcpy(o->b + o->n, line, len);
    o->n += len;
    memcpy(o->b + o->n, "\0|", 2);
    o->n += 2;
    memcpy(o->b + o->n, &len, sizeof len);
    o->n += sizeof len;
    line[len] = '\n'; /* as tcp_server does */
}
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ex_lines a, b;
    struct out oa = {0}, ob = {0};
    size_t at = 0;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    if (size == 0)
        return 0;
    /* first byte picks the chunk sizes; the rest is the stream */
    unsigned seed = data[0];
    data++;
    size--;
    ex_lines_feed(&a, (const char *)data, size, rec, &oa);
    while (at < size) {
        size_t piece = 1 + (size_t)((seed = seed * 1103515245u + 12345u) >> 16) % 2400u;
        char *buf;
        if (piece > size - at)
            piece = size - at;
        buf = malloc(piece); /* exact size: ASan catches any write past it */
        memcpy(buf, data + at, piece);
        ex_lines_feed_in_place(&b, buf, piece, rec, &ob);
        free(buf);
        at += piece;
    }
    if (oa.n != ob.n || (oa.n && memcmp(oa.b, ob.b, oa.n)) || a.len != b.len ||
        memcmp(a.buf, b.buf, a.len))
        abort();
    free(oa.b);
    free(ob.b);
    return 0;
}
