/* file_client.c - fetch the file that file_server offers, and keep it only if it
 * arrived whole.
 *
 *   file_client [--timeout MS] [--dir FOLDER] HOST PORT
 *
 * The server's header names the file; a name that is not a plain file name (a path,
 * "..", a drive letter, control characters, ...) is refused before anything is
 * written. The contents go to a temporary "NAME.partXXXX" created exclusively in the
 * folder; only when the size and the CRC-32 match is it renamed to NAME. On any
 * failure the temporary file is removed, so a broken transfer never leaves a file
 * that looks complete; so is it on an interrupt (SIGINT, SIGTERM, SIGHUP, SIGQUIT;
 * on Windows Ctrl-C, Ctrl-Break, closing the console, logoff, shutdown). What no
 * program can catch (SIGKILL, a Windows TerminateProcess) leaves it. The wire format
 * is described in file_server.c.
 */
#include "ex.h"
#include "transfer.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The platform differences here: creating a file that must not exist yet, and removing
 * the temporary file when the program is interrupted (the terminal check and the clock
 * are ex_stdout_is_terminal and ex_now_ms). */

/* The temporary file while it is incomplete: removed at exit unless renamed. */
static FILE *partial_file;
static char *partial_path;
/* partial_path as the interrupt handler sees it: set once the file exists, cleared once
 * it is renamed (the handler never frees it). */
static char *volatile interrupt_path;

#if defined(_WIN32)
#include <fcntl.h>
#include <io.h>
#include <sys/stat.h>

static FILE *create_new_file(const char *path)
{
    int fd = _open(path, _O_WRONLY | _O_CREAT | _O_EXCL | _O_BINARY, _S_IREAD | _S_IWRITE);
    FILE *file = fd < 0 ? NULL : _fdopen(fd, "wb");
    if (fd >= 0 && file == NULL) {
        _close(fd);
        remove(path);
    }
    return file;
}

/* Held while the temporary file is created, written or renamed: the console handler
 * runs on a thread of its own, and Windows removes no file that is open. */
static CRITICAL_SECTION partial_lock;

/* Ctrl-C, Ctrl-Break, the console closed, logoff or shutdown: close and remove the
 * temporary file, then end as a Ctrl-C does. */
static BOOL WINAPI on_console_event(DWORD event)
{
    (void)event;
    EnterCriticalSection(&partial_lock);
    if (interrupt_path != NULL) {
        if (partial_file != NULL)
            fclose(partial_file);
        partial_file = NULL;
        remove(interrupt_path);
        interrupt_path = NULL;
    }
    ExitProcess((UINT)STATUS_CONTROL_C_EXIT); /* the main thread waits on the lock */
}

static void interrupts_init(void)
{
    InitializeCriticalSection(&partial_lock);
    SetConsoleCtrlHandler(on_console_event, TRUE);
}

static void interrupts_hold(void) { EnterCriticalSection(&partial_lock); }

static void interrupts_release(void) { LeaveCriticalSection(&partial_lock); }
#else
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

static FILE *create_new_file(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
    FILE *file = fd < 0 ? NULL : fdopen(fd, "wb");
    if (fd >= 0 && file == NULL) {
        close(fd);
        remove(path);
    }
    return file;
}

static const int interrupts[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

/* Remove the temporary file (unlink is async-signal-safe), then die of the signal as
 * if there were no handler, so that the parent sees what ended the program. */
static void on_signal(int sig)
{
    char *path = interrupt_path;
    if (path != NULL)
        unlink(path);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Catch the interrupts that are not ignored (a signal ignored by the parent, as under
 * nohup, stays ignored). */
static void interrupts_init(void)
{
    size_t i;
    for (i = 0; i < sizeof interrupts / sizeof interrupts[0]; i++) {
        struct sigaction now, action;
        if (sigaction(interrupts[i], NULL, &now) != 0 || now.sa_handler == SIG_IGN)
            continue;
        memset(&action, 0, sizeof action);
        action.sa_handler = on_signal;
        sigemptyset(&action.sa_mask);
        sigaction(interrupts[i], &action, NULL);
    }
}

/* Blocks the interrupts while the file is created or renamed, so that the handler
 * sees a path that exists (or none). */
static void interrupts_mask(int how)
{
    sigset_t set;
    size_t i;
    sigemptyset(&set);
    for (i = 0; i < sizeof interrupts / sizeof interrupts[0]; i++)
        sigaddset(&set, interrupts[i]);
    sigprocmask(how, &set, NULL);
}

static void interrupts_hold(void) { interrupts_mask(SIG_BLOCK); }

static void interrupts_release(void) { interrupts_mask(SIG_UNBLOCK); }
#endif

#define TEMP_PREFIX_MAX 200 /* of the name, in "NAME.partXXXX" (file names max ~255) */
/* One recv() takes up to this much (loopback hands over megabytes at once): fewer
 * calls and larger writes; measured faster than 64-512 KiB (bench/file_transfer.sh). */
#define BUFFER_SIZE (1024 * 1024)
#define PROGRESS_INTERVAL 0.1 /* seconds between progress bar updates */
#define PROGRESS_WIDTH 30

static const char usage[] =
    "usage: %s [--timeout MS] [--dir FOLDER] HOST PORT\n"
    "Fetch the file that file_server offers on HOST PORT into FOLDER.\n"
    "  HOST          name or address of the server\n"
    "  PORT          its port\n"
    "  --timeout MS  connect, and wait for data, at most MS milliseconds (default 10000)\n"
    "  --dir FOLDER  where to save the file (default: the current folder)\n"
    "  --help        show this help\n";

struct options {
    const char *host;
    const char *port;
    const char *dir;
    int timeout_ms;
};

/* What the server announced. */
struct header {
    char name[XFER_NAME_MAX + 1];
    size_t name_len;
    int64_t size;
};

static char *final_path; /* where the file goes once verified */

/* The progress bar: drawn only on a terminal. */
static struct {
    int enabled, drawn;
    double start, last;
} progress;

static void remove_partial(void)
{
    interrupts_hold();
    interrupt_path = NULL;
    if (partial_file != NULL)
        fclose(partial_file);
    if (partial_path != NULL)
        remove(partial_path);
    free(partial_path);
    free(final_path);
    partial_file = NULL;
    partial_path = final_path = NULL;
    interrupts_release();
}

/* Report a failure as one line on stderr and exit EX_FAIL (removing the temporary
 * file, through atexit). Ends an unfinished progress bar line first. */
EX_NORETURN static void fail(const char *fmt, ...)
{
    char message[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    if (progress.drawn)
        putchar('\n');
    progress.drawn = 0;
    ex_die(EX_FAIL, "%s", message);
}

static void take_positional(struct options *opt, int *count, const char *arg)
{
    if (*count == 0) {
        opt->host = arg;
    } else if (*count == 1) {
        ex_parse_port(arg);
        opt->port = arg;
    } else {
        ex_usage_error("too many arguments");
    }
    (*count)++;
}

static struct options parse_args(int argc, char **argv)
{
    struct options opt = {NULL, NULL, ".", 10000};
    int i, positional = 0;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            ex_help(usage);
        } else if (strcmp(argv[i], "--timeout") == 0) {
            opt.timeout_ms = ex_parse_ms(i + 1 < argc ? argv[++i] : NULL, "--timeout");
        } else if (strcmp(argv[i], "--dir") == 0) {
            opt.dir = ex_option_value(argc, argv, &i, "a folder");
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            ex_unknown_option(argv[i]);
        } else {
            take_positional(&opt, &positional, argv[i]);
        }
    }
    if (positional != 2)
        ex_usage_error("HOST and PORT are required");
    return opt;
}

static xsock_t connect_to(const struct options *opt)
{
    xsock_t s;
    int rc = xsock_dial(&s, opt->host, opt->port, SOCK_STREAM, opt->timeout_ms);
    if (rc < 0)
        fail("cannot connect to %s port %s: %s", opt->host, opt->port, xsock_strerror(rc));
    rc = xsock_set_recv_timeout(s, opt->timeout_ms);
    if (rc < 0)
        ex_die_code(rc, "setting the receive timeout");
    return s;
}

/* Exactly len bytes of the header or trailer, or exit with what was missing. */
static void receive_exact(xsock_t s, void *buf, size_t len, const char *what)
{
    int rc = len == 0 ? 0 : xsock_recv_all(s, buf, len, NULL);
    if (rc == XSOCK_EOF)
        fail("connection closed while reading the %s", what);
    if (rc < 0)
        fail("reading the %s: %s", what, xsock_strerror(rc));
}

static void read_header(xsock_t s, struct header *h)
{
    unsigned char fixed[XFER_FIXED_LEN], size[8];
    const char *reason;
    receive_exact(s, fixed, sizeof fixed, "header");
    reason = xfer_check_fixed(fixed, &h->name_len);
    if (reason != NULL)
        fail("%s", reason);
    receive_exact(s, h->name, h->name_len, "file name");
    h->name[h->name_len] = '\0';
    reason = xfer_name_problem(h->name, h->name_len);
    if (reason != NULL) {
        char shown[XFER_SHOWN_MAX];
        fail("refusing the file name \"%s\" offered by the server: %s",
             xfer_shown_name(h->name, h->name_len, shown), reason);
    }
    receive_exact(s, size, sizeof size, "file size");
    reason = xfer_check_size(size, &h->size);
    if (reason != NULL)
        fail("%s", reason);
}

/* "DIR/NAME" (or "DIR/NAME-prefix.partXXXX" with a suffix) in a new allocation. */
static char *join_path(const char *dir, const char *name, size_t name_len, const char *suffix)
{
    size_t dir_len = strlen(dir), size = dir_len + 1 + name_len + strlen(suffix) + 1;
    int has_separator = dir[dir_len - 1] == '/' || dir[dir_len - 1] == '\\';
    char *path = malloc(size);
    if (path == NULL)
        fail("out of memory");
    snprintf(path, size, "%s%s%.*s%s", dir, has_separator ? "" : "/", (int)name_len, name, suffix);
    return path;
}

/* Create the temporary file exclusively (a new name on each collision). */
static void create_partial(const char *dir, const struct header *h)
{
    size_t prefix = h->name_len < TEMP_PREFIX_MAX ? h->name_len : TEMP_PREFIX_MAX;
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)clock();
    int attempt, error = 0;
    for (attempt = 0; attempt < 100; attempt++) {
        char suffix[16];
        char *path;
        snprintf(suffix, sizeof suffix, ".part%04X", (seed + (unsigned)attempt * 7919u) & 0xFFFFu);
        path = join_path(dir, h->name, prefix, suffix);
        interrupts_hold(); /* an interrupt now finds the file and its path, or neither */
        partial_file = create_new_file(path);
        error = errno;
        if (partial_file != NULL) {
            /* whole blocks of up to BUFFER_SIZE go out: stdio's buffer would only add a
             * copy and a second write() for each block's last few KiB */
            setvbuf(partial_file, NULL, _IONBF, 0);
            partial_path = interrupt_path = path;
            interrupts_release();
            return;
        }
        interrupts_release();
        free(path);
        if (error != EEXIST)
            break;
    }
    fail("cannot create a file in \"%s\": %s", dir, strerror(error));
}

static void progress_draw(int64_t got, int64_t size, double now)
{
    char bar[PROGRESS_WIDTH + 1];
    double fraction = size > 0 ? (double)got / (double)size : 1.0;
    double elapsed = now - progress.start;
    double rate = elapsed > 0 ? (double)got / elapsed : 0.0;
    int filled = (int)(fraction * PROGRESS_WIDTH), i;
    for (i = 0; i < PROGRESS_WIDTH; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[PROGRESS_WIDTH] = '\0';
    printf("\r[%s] %3d%% %8.1f MiB/s", bar, (int)(fraction * 100.0), rate / (1024.0 * 1024.0));
    fflush(stdout);
    progress.drawn = 1;
}

/* Redraw at most every PROGRESS_INTERVAL seconds, and always at the end. */
static void progress_update(int64_t got, int64_t size)
{
    double now;
    if (!progress.enabled)
        return;
    now = (double)ex_now_ms() / 1000.0;
    if (got < size && now - progress.last < PROGRESS_INTERVAL)
        return;
    progress.last = now;
    progress_draw(got, size, now);
}

static void write_block(const unsigned char *data, size_t len)
{
    size_t written;
    interrupts_hold();
    written = fwrite(data, 1, len, partial_file);
    interrupts_release();
    if (written != len)
        fail("writing \"%s\": %s", partial_path, strerror(errno));
}

/* Exactly size bytes into the temporary file; returns their CRC-32. */
static uint32_t receive_contents(xsock_t s, int64_t size)
{
    static unsigned char buffer[BUFFER_SIZE];
    int64_t got = 0;
    uint32_t crc = 0;
    while (got < size) {
        size_t want = size - got < BUFFER_SIZE ? (size_t)(size - got) : BUFFER_SIZE;
        ssize_t n = xsock_recv(s, buffer, want, 0);
        if (n == 0)
            fail("connection closed after %" PRId64 " of %" PRId64 " bytes", got, size);
        if (n < 0 && n != XSOCK_EINTR)
            fail("receiving after %" PRId64 " of %" PRId64 " bytes: %s", got, size,
                 xsock_strerror((int)n));
        if (n < 0)
            continue;
        crc = xfer_crc32(crc, buffer, (size_t)n); /* first, while the block is in cache */
        write_block(buffer, (size_t)n);
        got += n;
        progress_update(got, size);
    }
    return crc;
}

/* Close the temporary file and rename it to DIR/NAME, replacing an older file (on
 * Windows rename() refuses an existing target: remove it, then rename again). */
static void install_file(const char *dir, const struct header *h)
{
    FILE *file = partial_file;
    int rc;
    final_path = join_path(dir, h->name, h->name_len, "");
    interrupts_hold(); /* released once the file is in place (a failure exits) */
    partial_file = NULL;
    if (fclose(file) != 0)
        fail("writing \"%s\": %s", partial_path, strerror(errno));
    rc = rename(partial_path, final_path);
    if (rc != 0 && (errno == EEXIST || errno == EACCES)) {
        remove(final_path);
        rc = rename(partial_path, final_path);
    }
    if (rc != 0)
        fail("cannot rename \"%s\" to \"%s\": %s", partial_path, final_path, strerror(errno));
    interrupt_path = NULL;
    free(partial_path);
    partial_path = NULL; /* installed: nothing left to remove at exit */
    interrupts_release();
}

int main(int argc, char **argv)
{
    struct options opt;
    struct header h;
    unsigned char trailer[4];
    uint32_t crc;
    xsock_t s;
    ex_start(argv[0]);
    opt = parse_args(argc, argv);
    interrupts_init();
    atexit(remove_partial);
    s = connect_to(&opt);
    read_header(s, &h);
    create_partial(opt.dir, &h);
    progress.enabled = ex_stdout_is_terminal();
    progress.start = (double)ex_now_ms() / 1000.0;
    progress.last = progress.start - PROGRESS_INTERVAL;
    crc = receive_contents(s, h.size);
    progress_update(h.size, h.size);
    receive_exact(s, trailer, sizeof trailer, "checksum");
    xsock_close(s);
    if (crc != (uint32_t)xfer_get_be(trailer, 4))
        fail("checksum mismatch: received data has CRC-32 %08" PRIX32
             ", the server sent %08" PRIX32,
             crc, (uint32_t)xfer_get_be(trailer, 4));
    install_file(opt.dir, &h);
    if (progress.drawn)
        putchar('\n');
    printf("received %s (%" PRId64 " bytes, checksum OK)\n", h.name, h.size);
    return 0;
}
