/* fuzz_addr_parse.c - libFuzzer target: xsock_addr_parse on any text. Whatever parses
 * must format within XSOCK_ADDRSTRLEN and parse back to an equal address. */
#include <xsock.h>

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), formatted[XSOCK_ADDRSTRLEN];
    xsock_addr a, b;
    int n;
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (xsock_addr_parse(&a, text, 4242) == 0) {
        n = xsock_addr_format(&a, formatted, sizeof formatted);
        if (n <= 0 || (size_t)n >= sizeof formatted || strlen(formatted) != (size_t)n)
            abort(); /* every parsed address has text that fits */
        if (xsock_addr_parse(&b, formatted, 0) != 0 || xsock_addr_equal(&a, &b) != 1)
            abort(); /* and the text round-trips */
    }
    free(text);
    return 0;
}
