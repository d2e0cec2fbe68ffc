"""test_file.py - file_server and file_client end to end: transfers between the builds,
a Python fake server that lies or breaks off (the client must keep nothing), a Python
client that checks the server's protocol, and the programs' failure paths.

Wire format (see examples/file_server.c), integers big-endian:
  b"XSFT", version 1, name length (1 byte), name, size (8 bytes), contents, CRC-32 (4)
"""
import os
import signal
import socket
import struct
import tempfile
import threading
import time
import unittest
import zlib

from harness import TIMEOUT, Process, Server, builds, connect, free_port, pairs, run

MAGIC = b"XSFT"
VERSION = 1
SAME_MODE = os.environ.get("XSOCK_E2E_MODE", "same") == "same"


def header(name, size):
    """The bytes of a file header offering name (bytes) of size bytes."""
    return MAGIC + bytes([VERSION, len(name)]) + name + struct.pack(">Q", size)


def trailer(data):
    return struct.pack(">I", zlib.crc32(data) & 0xFFFFFFFF)


def write_file(folder, name, data):
    path = os.path.join(folder, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def read_file(path):
    with open(path, "rb") as f:
        return f.read()


def recv_exact(sock, n):
    """Exactly n bytes from a Python socket (AssertionError if it closes first)."""
    chunks, got = [], 0
    while got < n:
        chunk = sock.recv(min(n - got, 1 << 20))
        if not chunk:
            raise AssertionError(f"connection closed after {got} of {n} bytes")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def serve(build, path, *options, cwd=None):
    """file_server on 127.0.0.1 with a port the system picks."""
    return Server(build.command("file_server", *options, path, "127.0.0.1", "0"), cwd=cwd)


def fetch(build, port, folder=None, *options, cwd=None):
    """Run file_client to completion: (exit code, stdout, stderr)."""
    args = list(options) + (["--dir", folder] if folder is not None else [])
    return run(build.command("file_client", *args, "127.0.0.1", port), cwd=cwd)


class FakeServer:
    """A Python file server for one client: handler(conn) says what it sends. Errors
    from a client that hangs up first are expected and ignored."""

    def __init__(self, handler):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.sock.settimeout(TIMEOUT)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._run, args=(handler,), daemon=True)
        self.thread.start()

    def _run(self, handler):
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(TIMEOUT)
            try:
                handler(conn)
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.sock.close()
        self.thread.join(TIMEOUT)


def wait_until_closed(conn, limit=20.0):
    """Keep the connection open (sending nothing) until the peer closes it."""
    conn.settimeout(limit)
    try:
        while conn.recv(4096):
            pass
    except OSError:
        pass


class TransferTest(unittest.TestCase):
    """file_server and file_client of each (server, client) build pair."""

    def transfer(self, server_build, client_build, name, data):
        with tempfile.TemporaryDirectory() as src, tempfile.TemporaryDirectory() as dst:
            path = write_file(src, name, data)
            server = serve(server_build, path, "--once")
            try:
                self.assertTrue(server.address.startswith("127.0.0.1:"), server.address)
                self.assertNotEqual(server.port, 0)
                code, out, err = fetch(client_build, server.port, dst)
                self.assertEqual(code, 0, err)
                self.assertEqual(out.strip().splitlines(),
                                 [f"received {name} ({len(data)} bytes, checksum OK)"])
                self.assertEqual(os.listdir(dst), [name])
                self.assertTrue(read_file(os.path.join(dst, name)) == data, "contents differ")
                line = server.wait_for(lambda l: l.startswith("sent "))
                self.assertTrue(line.startswith(f"sent {name} to 127.0.0.1:"), line)
                self.assertTrue(line.endswith(f"({len(data)} bytes)"), line)
                self.assertEqual(server.wait(), 0, server.stderr())
            finally:
                server.kill()

    def test_binary_file(self):
        data = os.urandom(3 * 1024 * 1024 + 4321)
        for server_build, client_build in pairs():
            with self.subTest(server=server_build, client=client_build):
                self.transfer(server_build, client_build, "random.bin", data)

    def test_dots_inside_a_name(self):
        # "a..b" is a plain file name: the server offers it, the client keeps it
        for server_build, client_build in pairs():
            with self.subTest(server=server_build, client=client_build):
                self.transfer(server_build, client_build, "a..b", b"dots inside\n")

    def test_empty_file(self):
        for server_build, client_build in pairs():
            with self.subTest(server=server_build, client=client_build):
                self.transfer(server_build, client_build, "empty.dat", b"")

    def test_several_clients_renamed_into_current_folder(self):
        """Without --once the server keeps serving; --name overrides the name; the
        client saves into its current folder and replaces an older file."""
        data = os.urandom(100000)
        for server_build, client_build in pairs():
            with self.subTest(server=server_build, client=client_build), \
                    tempfile.TemporaryDirectory() as src, tempfile.TemporaryDirectory() as dst:
                path = write_file(src, "original.bin", data)
                write_file(dst, "offered.bin", b"an older version")
                server = serve(server_build, path, "--name", "offered.bin")
                try:
                    for _ in range(2):
                        code, out, err = fetch(client_build, server.port, cwd=dst)
                        self.assertEqual(code, 0, err)
                        self.assertIn("received offered.bin (100000 bytes, checksum OK)", out)
                        self.assertTrue(read_file(os.path.join(dst, "offered.bin")) == data)
                        self.assertIn("sent offered.bin to",
                                      server.wait_for(lambda l: l.startswith("sent ")))
                    self.assertEqual(os.listdir(dst), ["offered.bin"])
                finally:
                    server.kill()


class FakeServerTest(unittest.TestCase):
    """The client against a Python server that lies or breaks off: it must exit 1 and
    leave the folder as it was (no final file, no temporary file)."""

    def setUp(self):
        if not SAME_MODE:
            self.skipTest("independent-peer cases run in same mode")
        self.build = builds()[0]
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)

    def fetch_from(self, handler, *options):
        with FakeServer(handler) as fake:
            return fetch(self.build, fake.port, self.folder.name, *options)

    def assert_failed_clean(self, result, *phrases):
        code, out, err = result
        self.assertEqual(code, 1, f"stdout {out!r} stderr {err!r}")
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        for phrase in phrases:
            self.assertIn(phrase, err)
        self.assertEqual(os.listdir(self.folder.name), [])

    def test_name_with_a_path_is_refused(self):
        data = b"x" * 1000
        names = ["../evil", "/etc/x", "C:\\x", "a/b", "..", ".", "a\x01b", "NUL.txt", "",
                 "CON", "com1", "trail.", "space ", "...", "a:b", "a*b"]
        for name in names:
            with self.subTest(name=name):
                def offer(conn, raw=name.encode()):
                    conn.sendall(header(raw, len(data)) + data + trailer(data))
                    wait_until_closed(conn, 5)
                shown = name.replace("\x01", "\\x01")
                self.assert_failed_clean(self.fetch_from(offer), "refus", f'"{shown}"')

    def test_dot_file_name_is_accepted(self):
        data = b"hidden but harmless"

        def offer(conn):
            conn.sendall(header(b".profile", len(data)) + data + trailer(data))
        code, out, err = self.fetch_from(offer)
        self.assertEqual(code, 0, err)
        self.assertEqual(os.listdir(self.folder.name), [".profile"])
        self.assertEqual(read_file(os.path.join(self.folder.name, ".profile")), data)

    def test_close_in_the_middle_of_the_data(self):
        data = os.urandom(1 << 20)

        def break_off(conn):
            conn.sendall(header(b"part.bin", len(data)) + data[:300000])
        self.assert_failed_clean(self.fetch_from(break_off),
                                 "connection closed after 300000 of 1048576 bytes")

    def test_flipped_byte_fails_the_checksum(self):
        data = os.urandom(500000)
        bad = bytearray(data)
        bad[123456] ^= 0x01

        def corrupt(conn):
            conn.sendall(header(b"flip.bin", len(data)) + bytes(bad) + trailer(data))
        self.assert_failed_clean(self.fetch_from(corrupt), "checksum mismatch")

    def test_header_claims_more_than_is_sent(self):
        data = os.urandom(200000)

        def lie(conn):
            conn.sendall(header(b"short.bin", len(data) + 1000) + data + trailer(data))
        self.assert_failed_clean(self.fetch_from(lie),
                                 f"connection closed after {len(data) + 4} of {len(data) + 1000}")

    def test_stalled_server_times_out(self):
        def stall(conn):
            conn.sendall(header(b"slow.bin", 10000) + b"y" * 1000)
            wait_until_closed(conn)
        started = time.monotonic()
        result = self.fetch_from(stall, "--timeout", "500")
        self.assertLess(time.monotonic() - started, 15)
        self.assert_failed_clean(result, "timed out", "1000 of 10000")

    def test_hostile_headers(self):
        cases = {
            "bad magic": (b"HTTP/1.0 200 OK\r\n\r\n", "bad header"),
            "bad version": (MAGIC + bytes([9, 1]) + b"a" + bytes(8), "version 9"),
            "name cut short": (MAGIC + bytes([VERSION, 255]) + b"abc", "reading the file name"),
            "impossible size": (MAGIC + bytes([VERSION, 1]) + b"a" + b"\xff" * 8, "impossible"),
            "no checksum": (header(b"a", 3) + b"abc", "reading the checksum"),
        }
        for label, (sent, phrase) in cases.items():
            with self.subTest(case=label):
                def send(conn, sent=sent):
                    conn.sendall(sent)
                self.assert_failed_clean(self.fetch_from(send), phrase)


# Interrupts file_client cleans up after: natively each one, under Wine the ones Wine
# turns into a console control event (SIGINT becomes CTRL_C_EVENT); Wine ends a process
# on SIGTERM without running any of its code, so nothing can clean up (issue 14).
INTERRUPTS = ["SIGINT", "SIGTERM", "SIGHUP"]
WINE_INTERRUPTS = {"SIGINT"}


class InterruptTest(unittest.TestCase):
    """An interrupt in the middle of a download leaves no NAME.partXXXX behind."""

    def setUp(self):
        if not SAME_MODE:
            self.skipTest("independent-peer cases run in same mode")
        self.build = builds()[0]

    def test_interrupt_removes_the_temporary_file(self):
        for name in INTERRUPTS:
            with self.subTest(signal=name):
                if not hasattr(signal, name):
                    self.skipTest(f"no {name} on this system")
                if self.build.wine and name not in WINE_INTERRUPTS:
                    self.skipTest(f"Wine ends the process on {name} without running its code")
                self.interrupted(getattr(signal, name))

    def interrupted(self, signum):
        def stall(conn):
            conn.sendall(header(b"big.bin", 10 << 20) + b"y" * 100000)
            wait_until_closed(conn, TIMEOUT)
        with tempfile.TemporaryDirectory() as folder, FakeServer(stall) as fake:
            client = Process(self.build.command("file_client", "--dir", folder, "127.0.0.1",
                                                fake.port))
            try:
                deadline = time.monotonic() + TIMEOUT
                while not any(".part" in f for f in os.listdir(folder)):
                    self.assertLess(time.monotonic(), deadline, "no temporary file appeared")
                    self.assertIsNone(client.proc.poll(), client.stderr())
                    time.sleep(0.02)
                while os.path.getsize(os.path.join(folder, os.listdir(folder)[0])) == 0:
                    self.assertLess(time.monotonic(), deadline, "nothing written")
                    time.sleep(0.02)
                os.kill(client.proc.pid, signum)
                code = client.wait()
            finally:
                client.kill()
            self.assertNotEqual(code, 0)
            self.assertEqual(os.listdir(folder), [], client.stderr())


class ServerProtocolTest(unittest.TestCase):
    """file_server against a Python client."""

    def setUp(self):
        if not SAME_MODE:
            self.skipTest("independent-peer cases run in same mode")
        self.build = builds()[0]
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)

    def test_python_client_checks_bytes_and_checksum(self):
        data = os.urandom(1234567)
        path = write_file(self.folder.name, "proto.bin", data)
        server = serve(self.build, path, "--once")
        try:
            with connect(server.port) as sock:
                fixed = recv_exact(sock, 6)
                self.assertEqual(fixed[:4], MAGIC)
                self.assertEqual(fixed[4], VERSION)
                self.assertEqual(recv_exact(sock, fixed[5]), b"proto.bin")
                self.assertEqual(struct.unpack(">Q", recv_exact(sock, 8))[0], len(data))
                self.assertTrue(recv_exact(sock, len(data)) == data, "contents differ")
                self.assertEqual(recv_exact(sock, 4), trailer(data))
                self.assertEqual(sock.recv(1), b"")  # and then the server closes
            self.assertEqual(server.wait(), 0, server.stderr())
        finally:
            server.kill()

    def break_off_download(self, port):
        """Connect with a small window, read a little, and reset the connection."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32768)
        sock.settimeout(TIMEOUT)
        sock.connect(("127.0.0.1", port))
        recv_exact(sock, 6 + len("big.bin") + 8 + 65536)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()

    def test_client_leaving_mid_transfer_does_not_stop_the_server(self):
        if self.build.wine:
            self.skipTest("Wine's TransmitFile hangs when the peer resets mid-transfer")
        data = os.urandom(1 << 20) * 32
        path = write_file(self.folder.name, "big.bin", data)
        server = serve(self.build, path)
        try:
            self.break_off_download(server.port)
            deadline = time.monotonic() + TIMEOUT
            while "failed" not in server.stderr() and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertIn("transfer to 127.0.0.1:", server.stderr())
            with tempfile.TemporaryDirectory() as dst:
                code, out, err = fetch(self.build, server.port, dst)
                self.assertEqual(code, 0, err)
                self.assertTrue(read_file(os.path.join(dst, "big.bin")) == data)
            self.assertIsNone(server.proc.poll(), "the server stopped")
        finally:
            server.kill()

    def test_once_exits_1_when_the_transfer_fails(self):
        if self.build.wine:
            self.skipTest("Wine's TransmitFile hangs when the peer resets mid-transfer")
        data = os.urandom(1 << 20) * 32
        path = write_file(self.folder.name, "big.bin", data)
        server = serve(self.build, path, "--once")
        try:
            self.break_off_download(server.port)
            self.assertEqual(server.wait(), 1)
            self.assertEqual(len(server.stderr().strip().splitlines()), 1, server.stderr())
        finally:
            server.kill()


class FailureTest(unittest.TestCase):
    """Exit codes and messages of the programs on their own."""

    def setUp(self):
        if not SAME_MODE:
            self.skipTest("the programs' failure paths run in same mode")
        self.build = builds()[0]
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)
        self.path = write_file(self.folder.name, "f.txt", b"file\n")

    def program(self, name, *args):
        return run(self.build.command(name, *args))

    def test_server_refuses_names_clients_refuse(self):
        # the same rule as the client's (xfer_name_problem), before listening: a name
        # the client refuses would make every transfer "sent" and nothing kept
        for name in ["../evil", "a/b", "..", ".", "CON", "nul.txt", "trail.", "space ",
                     "a:b", "a\x01b", "n" * 256]:
            with self.subTest(name=name[:20]):
                code, out, err = run(self.build.command("file_server", "--name", name,
                                                        self.path, "127.0.0.1", "0"),
                                     timeout=20)
                self.assertEqual(code, 2, (out, err))
                self.assertEqual(out, "")
                self.assertEqual(len(err.strip().splitlines()), 1, err)
                self.assertIn("cannot offer the file name", err)
                self.assertIn("--name", err)

    def test_server_quiet(self):
        server = serve(self.build, self.path, "--once", "--quiet")
        try:
            with tempfile.TemporaryDirectory() as dst:
                code, out, err = fetch(self.build, server.port, dst)
            self.assertEqual(code, 0, err)
            self.assertEqual(server.wait(), 0, server.stderr())
            printed = []
            while not server.out.empty():
                printed.append(server.out.get())
            self.assertEqual(printed, [None])  # nothing after "listening on"
        finally:
            server.kill()

    def test_refused_connection(self):
        holder, port = free_port()
        with holder:
            code, out, err = self.program("file_client", "--dir", self.folder.name,
                                          "127.0.0.1", port)
        self.assertEqual(code, 1, err)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertIn("refused", err)

    def test_bad_arguments(self):
        cases = [
            ("file_client",), ("file_client", "127.0.0.1"),
            ("file_client", "127.0.0.1", "70000"), ("file_client", "--timeout", "0", "h", "1"),
            ("file_client", "--bogus", "127.0.0.1", "1"), ("file_client", "a", "1", "extra"),
            ("file_server",), ("file_server", self.path, "127.0.0.1", "70000"),
            ("file_server", "--bogus", self.path), ("file_server", self.path, "a", "1", "x"),
            ("file_server", "--name", "", self.path), ("file_server", "--name", "n" * 256, self.path),
        ]
        for args in cases:
            with self.subTest(args=args):
                code, out, err = self.program(*args)
                self.assertEqual(code, 2, err)
                self.assertEqual(len(err.strip().splitlines()), 1, err)

    def test_help(self):
        for name in ("file_client", "file_server"):
            with self.subTest(program=name):
                code, out, err = self.program(name, "--help")
                self.assertEqual(code, 0, err)
                self.assertIn(f"usage: {name}", out)

    def test_missing_file(self):
        missing = os.path.join(self.folder.name, "no-such-file")
        code, out, err = self.program("file_server", missing, "127.0.0.1", "0")
        self.assertEqual(code, 1, err)
        self.assertIn("no-such-file", err)
        self.assertEqual(len(err.strip().splitlines()), 1, err)

    def test_port_in_use(self):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen(1)
            code, out, err = self.program("file_server", self.path, "127.0.0.1",
                                          taken.getsockname()[1])
        self.assertNotEqual(code, 0)
        self.assertIn("in use", err)
        self.assertEqual(len(err.strip().splitlines()), 1, err)


if __name__ == "__main__":
    unittest.main()
