"""End-to-end: udp_server and udp_client, with each other and with Python peers."""
import os
import socket
import threading
import unittest

from harness import Server, builds, pairs, run

SAME = os.environ.get("XSOCK_E2E_MODE", "same") == "same"

# What a peer may send and how every server's log shows it (ex_shown_text): an escape
# sequence, a NUL, invalid UTF-8 and a C1 control as \xNN, valid UTF-8 as it is.
HOSTILE = b"\x1b[2Jred\x00nul \xff \xc3\xb1\xe2\x82\xac \xc2\x9b end"
HOSTILE_SHOWN = r"\x1B[2Jred\x00nul \xFF " + "\u00f1\u20ac" + r" \xC2\x9B end"
UDP_MAX_V4 = 65507  # the most one UDP datagram holds over IPv4


class UdpPairs(unittest.TestCase):
    def test_client_and_server(self):
        for server_build, client_build in pairs():
            for host in ("127.0.0.1", "::1"):
                with self.subTest(server=server_build, client=client_build, host=host):
                    server = Server(server_build.command("udp_server", host, 0))
                    try:
                        lines = ["uno", "dos", "tres con espacios"]
                        code, out, err = run(client_build.command("udp_client", host,
                                                                  server.port),
                                             ("\n".join(lines) + "\n").encode())
                        self.assertEqual(code, 0, err)
                        self.assertEqual(out.splitlines(), lines)
                        printed = [server.line(10) for _ in lines]
                        self.assertTrue(all(p.startswith("> [") for p in printed), printed)
                        self.assertTrue(printed[2].endswith("]: tres con espacios"))
                    finally:
                        server.kill()


@unittest.skipUnless(SAME, "independent peers and failures run in the same-build mode")
class UdpWithPythonPeers(unittest.TestCase):
    def setUp(self):
        self.build = builds()[0]

    def test_server_with_python_client(self):
        server = Server(self.build.command("udp_server", "127.0.0.1", 0))
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(10)
        try:
            for payload in (b"hello", b"", b"\x00\x01binary\xff", b"z" * 60000):
                s.sendto(payload, ("127.0.0.1", server.port))
                data, addr = s.recvfrom(65536)
                self.assertEqual(data, payload)
                self.assertEqual(addr[1], server.port)
        finally:
            s.close()
            server.kill()

    def test_server_log_rule(self):
        server = Server(self.build.command("udp_server", "--once", "127.0.0.1", 0))
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(10)
        try:
            s.sendto(HOSTILE, ("127.0.0.1", server.port))
            self.assertEqual(s.recvfrom(65536)[0], HOSTILE)
            self.assertEqual(server.wait(), 0, server.stderr())
            port = s.getsockname()[1]
            self.assertEqual(server.out.get(), f"> [127.0.0.1:{port}]: {HOSTILE_SHOWN}")
        finally:
            s.close()
            server.kill()

    def test_client_sends_a_long_line_as_one_datagram(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        s.settimeout(30)
        got = []

        def answer():
            for _ in range(2):
                data, addr = s.recvfrom(65536)
                got.append(len(data))
                s.sendto(b"%d" % len(data), addr)

        t = threading.Thread(target=answer, daemon=True)
        t.start()
        lines = b"y" * 2000 + b"\n" + b"z" * UDP_MAX_V4 + b"\n"
        code, out, err = run(self.build.command("udp_client", "127.0.0.1",
                                                s.getsockname()[1]), lines)
        t.join(30)
        s.close()
        self.assertEqual(code, 0, err)
        self.assertEqual(got, [2000, UDP_MAX_V4])
        self.assertEqual(out.splitlines(), ["2000", str(UDP_MAX_V4)])

    def test_client_refuses_a_line_too_long_for_a_datagram(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        try:
            code, out, err = run(self.build.command("udp_client", "127.0.0.1",
                                                    s.getsockname()[1]),
                                 b"x" * (UDP_MAX_V4 + 1) + b"\n")
            s.settimeout(0)
            with self.assertRaises(BlockingIOError):
                s.recvfrom(65536)  # nothing was sent
        finally:
            s.close()
        self.assertEqual(code, 1, (out, err))
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn("line 1 is longer than 65507 bytes", err)

    def test_client_with_python_server(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        s.settimeout(30)
        import threading

        def answer():
            for _ in range(2):
                data, addr = s.recvfrom(100)
                s.sendto(data.upper(), addr)

        t = threading.Thread(target=answer)
        t.start()
        code, out, err = run(self.build.command("udp_client", "127.0.0.1",
                                                s.getsockname()[1]), b"abc\ndef\n")
        t.join(30)
        s.close()
        self.assertEqual(code, 0, err)
        self.assertEqual(out.splitlines(), ["ABC", "DEF"])

    def test_no_answer(self):
        silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        silent.bind(("127.0.0.1", 0))  # receives, never answers
        code, out, err = run(self.build.command("udp_client", "--timeout", 300, "127.0.0.1",
                                                silent.getsockname()[1]), b"anyone?\n")
        silent.close()
        self.assertEqual(code, 1)
        self.assertIn("no answer", err)

    def test_bad_arguments(self):
        for program, args in (("udp_client", ["127.0.0.1"]), ("udp_server", ["x", "99999"]),
                              ("udp_client", ["--timeout", "0", "h", "1"])):
            with self.subTest(program=program, args=args):
                code, out, err = run(self.build.command(program, *args))
                self.assertEqual(code, 2)
                self.assertTrue(err.strip())


if __name__ == "__main__":
    unittest.main()
