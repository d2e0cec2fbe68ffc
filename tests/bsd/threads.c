/* threads.c - the first socket calls of a process made by several threads at once (no
 * setup call anywhere): each thread resolves, creates, binds and closes sockets, and
 * formats an error text.
 *
 * Usage: bsd_threads   Prints "threads ok" and exits 0 when every thread succeeded. */
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define THREADS 8
#define ROUNDS 50

static volatile int go = 0;
static char expected_text[256]; /* gai_strerror(EAI_NONAME), read before the threads */

static void *worker(void *arg)
{
    int *ok = (int *)arg;
    int i;

    while (!go)
        ; /* start together */
    for (i = 0; i < ROUNDS; i++) {
        struct addrinfo hints, *res = NULL;
        int fd;

        memset(&hints, 0, sizeof(hints));
        hints.ai_family = AF_INET;
        hints.ai_socktype = SOCK_DGRAM;
        hints.ai_flags = AI_NUMERICHOST;
        if (getaddrinfo("127.0.0.1", "0", &hints, &res) != 0)
            return NULL;
        fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
        if (fd == -1 || bind(fd, res->ai_addr, res->ai_addrlen) == -1) {
            freeaddrinfo(res);
            return NULL;
        }
        freeaddrinfo(res);
        if (close(fd) == -1)
            return NULL;
        if (strcmp(gai_strerror(EAI_NONAME), expected_text) != 0)
            return NULL;
    }
    *ok = 1;
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    int ok[THREADS] = {0};
    int i, all = 1;

    snprintf(expected_text, sizeof(expected_text), "%s", gai_strerror(EAI_NONAME));
    for (i = 0; i < THREADS; i++) {
        if (pthread_create(&t[i], NULL, worker, &ok[i]) != 0) {
            perror("pthread_create");
            return 1;
        }
    }
    go = 1;
    for (i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        all = all && ok[i];
    }
    printf(all ? "threads ok\n" : "threads FAILED\n");
    return all ? 0 : 1;
}
