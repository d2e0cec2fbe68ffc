/* sendfile.c - TransmitFile, and reading the file behind a FILE * by offset. */
#include "internal.h"

#include <io.h>

/* TransmitFile takes a DWORD count (at most 2^31 - 1); 1 GiB per call keeps clear.
 * A test build may define a small chunk to exercise the loop. */
#ifndef XSOCK__TRANSMIT_CHUNK_MAX
#define XSOCK__TRANSMIT_CHUNK_MAX ((int64_t)1 << 30)
#endif

static INIT_ONCE transmitfile_once = INIT_ONCE_STATIC_INIT;
static LPFN_TRANSMITFILE transmitfile_fn; /* written once, inside transmitfile_once */

struct lookup {
    SOCKET s;
    int error;
};

static BOOL CALLBACK lookup_transmitfile(PINIT_ONCE once, PVOID param, PVOID *context)
{
    struct lookup *lookup = (struct lookup *)param;
    GUID id = WSAID_TRANSMITFILE;
    LPFN_TRANSMITFILE fn = NULL;
    DWORD bytes = 0;
    int rc;

    (void)once;
    (void)context;
    rc = WSAIoctl(lookup->s, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof id, &fn, sizeof fn,
                  &bytes, NULL, NULL);
    if (rc != 0 || fn == NULL) {
        lookup->error = WSAGetLastError();
        return FALSE; /* not cached: a later socket may have a provider that has it */
    }
    transmitfile_fn = fn;
    return TRUE;
}

LPFN_TRANSMITFILE xsock__win_transmitfile(xsock_t s)
{
    struct lookup lookup;

    lookup.s = s;
    lookup.error = 0;
    if (InitOnceExecuteOnce(&transmitfile_once, lookup_transmitfile, &lookup, NULL))
        return transmitfile_fn;
    xsock__plat_fail_with(lookup.error != 0 ? lookup.error : WSAEOPNOTSUPP);
    return NULL;
}

/* The Win32 handle of the stream's descriptor, or INVALID_HANDLE_VALUE. */
static HANDLE file_handle(FILE *file) { return (HANDLE)_get_osfhandle(_fileno(file)); }

/* Errors by which TransmitFile refuses this kind of handle or socket, as opposed
 * to a failing transfer: the caller can still copy the data itself. */
static int is_unsupported(int native)
{
    return native == WSAEOPNOTSUPP || native == WSAEINVAL || native == ERROR_INVALID_PARAMETER ||
           native == ERROR_NOT_SUPPORTED;
}

/* Send one chunk at offset; *sent gets the byte count. 0 or the native error. */
static int transmit_chunk(LPFN_TRANSMITFILE transmit, SOCKET s, HANDLE file, int64_t offset,
                          DWORD len, HANDLE event, DWORD *sent)
{
    OVERLAPPED ov;
    DWORD flags = 0;

    ZeroMemory(&ov, sizeof ov);
    ov.Offset = (DWORD)((uint64_t)offset & 0xFFFFFFFFu);
    ov.OffsetHigh = (DWORD)((uint64_t)offset >> 32);
    ResetEvent(event);
    /* The low bit keeps the completion off any I/O completion port the caller has
     * tied the socket to (documented for OVERLAPPED.hEvent); waits ignore it. */
    ov.hEvent = (HANDLE)((uintptr_t)event | 1);
    if (!transmit(s, file, len, 0, &ov, NULL, 0)) {
        int err = WSAGetLastError();
        if (err != WSA_IO_PENDING) /* == ERROR_IO_PENDING */
            return err;
    }
    /* Completed or pending: the result (and count) comes from the overlapped state. */
    if (!WSAGetOverlappedResult(s, &ov, sent, TRUE, &flags))
        return WSAGetLastError();
    return 0;
}

/* Loop over chunks; a short chunk means the file ended. */
static int64_t transmit_all(LPFN_TRANSMITFILE transmit, SOCKET s, HANDLE file, int64_t offset,
                            int64_t count, HANDLE event)
{
    int64_t total = 0;

    while (total < count) {
        int64_t left = count - total;
        int64_t want = left < XSOCK__TRANSMIT_CHUNK_MAX ? left : XSOCK__TRANSMIT_CHUNK_MAX;
        DWORD sent = 0;
        int err = transmit_chunk(transmit, s, file, offset + total, (DWORD)want, event, &sent);

        if (err != 0 && total == 0 && is_unsupported(err)) {
            xsock__plat_fail_with(err);
            return XSOCK_ENOTSUP;
        }
        if (err != 0)
            return xsock__plat_fail_with(err);
        total += sent;
        if ((int64_t)sent < want)
            break;
    }
    return total;
}

int64_t xsock__plat_sendfile(xsock_t s, FILE *file, int64_t offset, int64_t count)
{
    LPFN_TRANSMITFILE transmit;
    HANDLE handle = file_handle(file);
    HANDLE event;
    int64_t result;

    if (count == 0)
        return 0; /* TransmitFile reads a 0 count as "the whole file" */
    if (handle == INVALID_HANDLE_VALUE)
        return xsock__plat_fail_with(ERROR_INVALID_HANDLE);
    transmit = xsock__win_transmitfile(s);
    if (transmit == NULL)
        return XSOCK_ENOTSUP; /* native error recorded by the lookup */
    event = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (event == NULL)
        return xsock__plat_fail_with((int)GetLastError());
    result = transmit_all(transmit, s, handle, offset, count, event);
    CloseHandle(event);
    return result;
}

int64_t xsock__plat_file_size(FILE *file)
{
    HANDLE handle = file_handle(file);
    LARGE_INTEGER size;

    if (handle == INVALID_HANDLE_VALUE)
        return xsock__plat_fail_with(ERROR_INVALID_HANDLE);
    if (!GetFileSizeEx(handle, &size))
        return xsock__plat_fail_with((int)GetLastError());
    return (int64_t)size.QuadPart;
}

/* ReadFile at offset; 0 or the native error. On a synchronous handle (as the C
 * runtime opens them) the OVERLAPPED only carries the offset and the read is done
 * on return; an overlapped handle is waited for. */
static DWORD read_at(HANDLE handle, void *buf, DWORD want, int64_t offset, DWORD *got)
{
    OVERLAPPED ov;
    DWORD err;

    ZeroMemory(&ov, sizeof ov);
    ov.Offset = (DWORD)((uint64_t)offset & 0xFFFFFFFFu);
    ov.OffsetHigh = (DWORD)((uint64_t)offset >> 32);
    if (ReadFile(handle, buf, want, got, &ov))
        return 0;
    err = GetLastError();
    if (err == ERROR_IO_PENDING && GetOverlappedResult(handle, &ov, got, TRUE))
        return 0;
    return err == ERROR_IO_PENDING ? GetLastError() : err;
}

ssize_t xsock__plat_pread(FILE *file, void *buf, size_t len, int64_t offset)
{
    HANDLE handle = file_handle(file);
    DWORD want = len > XSOCK__WIN_IO_MAX ? (DWORD)XSOCK__WIN_IO_MAX : (DWORD)len;
    DWORD got = 0;
    DWORD err;

    if (handle == INVALID_HANDLE_VALUE)
        return xsock__plat_fail_with(ERROR_INVALID_HANDLE);
    err = read_at(handle, buf, want, offset, &got);
    if (err == ERROR_HANDLE_EOF)
        return 0; /* reading at or past the end */
    if (err != 0)
        return xsock__plat_fail_with((int)err);
    return (ssize_t)got;
}
