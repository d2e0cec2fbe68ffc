/* uv_echo.c - the libuv baseline of the many-clients benchmark: the echo server of
 * the libuv guide ("Networking", tcp-echo-server), plus the welcome line the xsock
 * tcp_server example sends, so the load generator treats every server alike.
 *
 *   bench_uv_echo [--once] [ADDRESS [PORT]]     (default 127.0.0.1 0 = a free port)
 *
 * Prints "listening on ADDRESS:PORT" first. --once exits when the last client leaves
 * (after at least one came). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

typedef struct {
    uv_write_t req;
    uv_buf_t buf;
} write_req_t;

static uv_loop_t *loop;
static uv_tcp_t server;
static int once, clients, accepted;

static void alloc_buffer(uv_handle_t *handle, size_t suggested_size, uv_buf_t *buf)
{
    (void)handle;
    buf->base = malloc(suggested_size);
    buf->len = suggested_size;
}

static void on_close(uv_handle_t *handle)
{
    free(handle);
    if (--clients == 0 && once)
        uv_close((uv_handle_t *)&server, NULL); /* the loop then ends */
}

static void free_write_req(uv_write_t *req)
{
    write_req_t *wr = (write_req_t *)req;
    free(wr->buf.base);
    free(wr);
}

static void echo_write(uv_write_t *req, int status)
{
    if (status)
        fprintf(stderr, "bench_uv_echo: write error %s\n", uv_strerror(status));
    free_write_req(req);
}

static void echo_read(uv_stream_t *client, ssize_t nread, const uv_buf_t *buf)
{
    if (nread > 0) {
        write_req_t *req = malloc(sizeof *req);
        req->buf = uv_buf_init(buf->base, (unsigned int)nread);
        uv_write((uv_write_t *)req, client, &req->buf, 1, echo_write);
        return;
    }
    if (nread < 0)
        uv_close((uv_handle_t *)client, on_close); /* UV_EOF or an error */
    free(buf->base);
}

static void on_new_connection(uv_stream_t *listener, int status)
{
    uv_tcp_t *client;
    if (status < 0) {
        fprintf(stderr, "bench_uv_echo: new connection error %s\n", uv_strerror(status));
        return;
    }
    client = malloc(sizeof *client);
    uv_tcp_init(loop, client);
    clients++;
    if (uv_accept(listener, (uv_stream_t *)client) == 0) {
        struct sockaddr_storage peer;
        int len = sizeof peer;
        char addr[64] = "?";
        write_req_t *req = malloc(sizeof *req);
        accepted++;
        uv_tcp_getpeername(client, (struct sockaddr *)&peer, &len);
        uv_ip4_name((const struct sockaddr_in *)&peer, addr, sizeof addr);
        req->buf.base = malloc(128);
        req->buf.len =
            (size_t)snprintf(req->buf.base, 128, "Welcome to the libuv server, %s:%u\n", addr,
                             (unsigned)ntohs(((struct sockaddr_in *)&peer)->sin_port));
        uv_write((uv_write_t *)req, (uv_stream_t *)client, &req->buf, 1, echo_write);
        uv_read_start((uv_stream_t *)client, alloc_buffer, echo_read);
    } else {
        uv_close((uv_handle_t *)client, on_close);
    }
}

int main(int argc, char **argv)
{
    struct sockaddr_in addr;
    struct sockaddr_storage bound;
    const char *host = "127.0.0.1";
    int port = 0, positional = 0, i, r, len = sizeof bound;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--once") == 0)
            once = 1;
        else if (positional == 0 && argv[i][0] != '-')
            host = argv[i], positional++;
        else if (positional == 1 && argv[i][0] != '-')
            port = atoi(argv[i]), positional++;
        else {
            fprintf(stderr, "usage: %s [--once] [ADDRESS [PORT]]\n", argv[0]);
            return 2;
        }
    }
    loop = uv_default_loop();
    uv_tcp_init(loop, &server);
    uv_ip4_addr(host, port, &addr);
    uv_tcp_bind(&server, (const struct sockaddr *)&addr, 0);
    r = uv_listen((uv_stream_t *)&server, 128, on_new_connection);
    if (r) {
        fprintf(stderr, "bench_uv_echo: listen error %s\n", uv_strerror(r));
        return 1;
    }
    uv_tcp_getsockname(&server, (struct sockaddr *)&bound, &len);
    printf("listening on %s:%u\n", host, (unsigned)ntohs(((struct sockaddr_in *)&bound)->sin_port));
    fflush(stdout);
    r = uv_run(loop, UV_RUN_DEFAULT);
    uv_loop_close(loop);
    return r;
}
