"""A server asked to stop (SIGINT as Ctrl-C, natively also SIGTERM) stops from its own
loop: each client leaves with "server stopping" and sees the end of its stream, and the
program exits 0. Natively and as a Windows program under Wine (Wine delivers SIGINT as
a Ctrl-C console event)."""
import signal
import socket
import time
import unittest

from harness import TIMEOUT, Server, builds, connect, recv_line


class ServerStops(unittest.TestCase):
    def setUp(self):
        self.build = builds()[0]

    def signals(self):
        # Wine has no console event for SIGTERM: a Windows program is stopped by Ctrl-C
        return [signal.SIGINT] if self.build.windows else [signal.SIGINT, signal.SIGTERM]

    def stop_and_check(self, server, clients, sig):
        server.proc.send_signal(sig)
        for c in clients:
            c.settimeout(TIMEOUT)
            rest = b""
            deadline = time.monotonic() + TIMEOUT
            while True:  # what the server still sent, then the end of the stream
                self.assertLess(time.monotonic(), deadline, "no end of stream")
                chunk = c.recv(65536)
                if not chunk:
                    break
                rest += chunk
            c.close()
        code = server.wait(TIMEOUT)
        self.assertEqual(code, 0, f"exit code after {sig!r}; stderr: {server.stderr()!r}")
        return [line for line in server.stdout().splitlines()]

    def test_tcp_server_stops_on_request(self):
        for sig in self.signals():
            with self.subTest(signal=sig):
                server = Server(self.build.command("tcp_server", "127.0.0.1", 0))
                self.addCleanup(server.kill)
                clients = [connect(server.port) for _ in range(3)]
                names = []
                for c in clients:
                    welcome, _ = recv_line(c)
                    self.assertIn("Welcome", welcome)
                    names.append("%s:%d" % c.getsockname()[:2])
                printed = self.stop_and_check(server, clients, sig)
                for name in names:
                    self.assertIn(f"server stopping {name}", printed)

    def test_chat_server_stops_on_request(self):
        for sig in self.signals():
            with self.subTest(signal=sig):
                server = Server(self.build.command("chat_server", "127.0.0.1", 0))
                self.addCleanup(server.kill)
                clients = [connect(server.port) for _ in range(3)]
                for c in clients:
                    recv_line(c)  # its welcome
                printed = self.stop_and_check(server, clients, sig)
                left = [line for line in printed if "left (server stopping)" in line]
                self.assertEqual(len(left), 3, printed)


if __name__ == "__main__":
    unittest.main()
