"""End-to-end: chat_server with Python clients as independent peers.

There is no chat client program, so every client here is a plain Python socket; in
"cross" mode the server of each build is exercised once. Checks: joins and leaves are
announced, a line reaches every other client exactly once (never its sender), 1,000
clients at once (100 under Wine), a client that never reads is dropped without
stalling the others, and the command line's exit codes.
"""
import os
import select
import selectors
import signal
import socket
import sys
import threading
import time
import unittest

from harness import Server, connect, pairs, raise_fd_limit, recv_line, run

# What a peer may send and how every server's log shows it (ex_shown_text): an escape
# sequence, a NUL, invalid UTF-8 and a C1 control as \xNN, valid UTF-8 as it is.
HOSTILE = b"\x1b[2Jred\x00nul \xff \xc3\xb1\xe2\x82\xac \xc2\x9b end"
HOSTILE_SHOWN = r"\x1B[2Jred\x00nul \xFF " + "\u00f1\u20ac" + r" \xC2\x9B end"
LINE_TIMEOUT = 10  # seconds to wait for one expected line
TALKER_TIMEOUT = 120  # seconds a talker's send may block while it is held back
SLOW_READER_DEADLINE = 240  # seconds for the slow reader's 40,000 lines
MANY_DEADLINE = 60  # seconds for each phase of the many-clients test
SENDERS = 4  # clients that talk in the many-clients test ...
MESSAGES = 5  # ... and the numbered lines each one sends


def server_builds():
    """The distinct builds whose chat_server this run exercises."""
    found = []
    for server_build, _ in pairs():
        if all(b.bin_dir != server_build.bin_dir for b in found):
            found.append(server_build)
    return found


class Peer:
    """One chat client: a Python socket, its address as the server names it, and the
    bytes received but not yet read as lines."""

    def __init__(self, port, rcvbuf=None):
        if rcvbuf is None:
            self.sock = connect(port, timeout=LINE_TIMEOUT)
        else:  # a small window, set before connecting, so a stall shows sooner
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
            self.sock.settimeout(LINE_TIMEOUT)
            self.sock.connect(("127.0.0.1", port))
        host, number = self.sock.getsockname()[:2]
        self.name = f"{host}:{number}"
        self.buf = b""
        self.welcome = None

    def line(self):
        line, self.buf = recv_line(self.sock, self.buf)
        return line

    def say(self, text):
        self.sock.sendall(text.encode() + b"\n")

    def close(self):
        self.sock.close()


class Room:
    """A chat_server and the peers connected to it, all closed by close()."""

    def __init__(self, build, *args):
        self.server = Server(build.command("chat_server", *args, "127.0.0.1", 0))
        self.peers = []

    def join(self, **kwargs):
        """A new peer, connected (nothing read yet)."""
        peer = Peer(self.server.port, **kwargs)
        self.peers.append(peer)
        return peer

    def close(self):
        for peer in self.peers:
            peer.close()
        self.server.kill()


class ChatRoom(unittest.TestCase):
    def each_server(self, check):
        for build in server_builds():
            with self.subTest(server=build):
                check(build)

    def enter(self, room, others):
        """Join room as a new peer; check the welcome and that the others hear of it."""
        peer = room.join()
        welcome = peer.line()
        self.assertTrue(welcome.startswith("Welcome"), welcome)
        self.assertIn(f"{peer.name} ({len(others)} others here)", welcome)
        for other in others:
            self.assertEqual(other.line(), f"* {peer.name} joined")
        return peer

    def test_three_clients(self):
        self.each_server(self.three_clients)

    def three_clients(self, build):
        room = Room(build)
        try:
            a = self.enter(room, [])
            b = self.enter(room, [a])
            c = self.enter(room, [a, b])
            room.server.wait_for(lambda l: l == f"* {c.name} joined", LINE_TIMEOUT)
            a.say("hello from A")
            self.assertEqual(b.line(), f"[{a.name}] hello from A")
            self.assertEqual(c.line(), f"[{a.name}] hello from A")
            room.server.wait_for(lambda l: l == f"[{a.name}] hello from A", LINE_TIMEOUT)
            b.say("hi from B")
            # next in line: so A did not get its own line, and C got A's only once
            self.assertEqual(a.line(), f"[{b.name}] hi from B")
            self.assertEqual(c.line(), f"[{b.name}] hi from B")
            b.close()
            self.assertEqual(a.line(), f"* {b.name} left")
            self.assertEqual(c.line(), f"* {b.name} left")
            room.server.wait_for(lambda l: l.startswith(f"* {b.name} left"), LINE_TIMEOUT)
            # leaving by reset (an error, not an orderly end) is announced too
            c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
            c.close()
            self.assertEqual(a.line(), f"* {c.name} left")
        finally:
            room.close()

    def test_a_leaving_client_is_announced_once(self):
        if not hasattr(signal, "SIGSTOP"):
            self.skipTest("no SIGSTOP here to hold the server")
        self.each_server(self.leaving_client_announced_once)

    def leaving_client_announced_once(self, build):
        # The server is held (SIGSTOP) while the talker sends lines for the leaver and
        # the leaver closes (FIN): when it resumes, its sends to the leaver meet a closed
        # socket and the leaver's end of input is there too. One "* X left" (issue 14).
        room = Room(build, "--once")
        try:
            talker = self.enter(room, [])
            leaver = self.enter(room, [talker])
            room.server.wait_for(lambda l: l == f"* {leaver.name} joined", LINE_TIMEOUT)
            os.kill(room.server.proc.pid, signal.SIGSTOP)
            try:
                talker.sock.sendall(b"".join(b"line %d\n" % i for i in range(50)))
                leaver.close()
            finally:
                os.kill(room.server.proc.pid, signal.SIGCONT)
            self.assertEqual(talker.line(), f"* {leaver.name} left")
            talker.sock.shutdown(socket.SHUT_WR)  # the talker leaves: the room empties
            heard = []  # what the talker hears until the server closes it
            while True:
                try:
                    heard.append(talker.line())
                except AssertionError:  # "connection closed": the end
                    break
            self.assertEqual(room.server.wait(), 0, room.server.stderr())  # --once
            printed = []
            while not room.server.out.empty():
                line = room.server.out.get()
                if line is not None and line.startswith(f"* {leaver.name} left"):
                    printed.append(line)
            self.assertEqual(heard, [], "the talker heard more after the leave")
            self.assertEqual(len(printed), 1, printed)
        finally:
            room.close()

    def test_log_rule_and_last_line_without_newline(self):
        self.each_server(self.log_rule_and_last_line)

    def log_rule_and_last_line(self, build):
        # the others hear every byte (a NUL too); the server's log shows the line by
        # the one rule; a last line without a newline is a line
        room = Room(build)
        try:
            listener = self.enter(room, [])
            talker = self.enter(room, [listener])
            talker.sock.sendall(HOSTILE + b"\n" + b"last words")
            talker.sock.shutdown(socket.SHUT_WR)
            prefix = f"[{talker.name}] ".encode()
            for want in (HOSTILE, b"last words"):
                while b"\n" not in listener.buf:
                    chunk = listener.sock.recv(65536)
                    self.assertTrue(chunk, "closed")
                    listener.buf += chunk
                raw, listener.buf = listener.buf.split(b"\n", 1)
                self.assertEqual(raw, prefix + want)
            self.assertEqual(listener.line(), f"* {talker.name} left")
            room.server.wait_for(lambda l: l == f"[{talker.name}] {HOSTILE_SHOWN}",
                                 LINE_TIMEOUT)
            room.server.wait_for(lambda l: l == f"[{talker.name}] last words", LINE_TIMEOUT)
        finally:
            room.close()

    def test_slow_reader_is_owed_every_line(self):
        self.each_server(self.slow_reader)

    def slow_reader(self, build):
        # A listener that reads, but more slowly than the talker sends, is owed every
        # line in order: its queue fills, the talker is held back (its own socket
        # buffers fill and its sends block) until the queue is down to half, and so the
        # room goes at the slow reader's pace (conn.h). It is never dropped, whatever
        # the two speeds: the only drop is of a full queue that takes nothing for
        # EX_CONN_STALL_MS, and this reader takes 4 KiB every 10 ms (slow enough that
        # the system reports room to write only seconds apart: what the server must not
        # take for a stall).
        count = 40000
        room = Room(build)
        try:
            talker = self.enter(room, [])
            slow = room.join(rcvbuf=4096)
            self.assertTrue(slow.line().startswith("Welcome"))
            self.assertEqual(talker.line(), f"* {slow.name} joined")
            lines = [b"%06d %s" % (i, b"s" * 83) for i in range(count)]
            talker.sock.settimeout(TALKER_TIMEOUT)
            sender = threading.Thread(target=talker.sock.sendall,
                                      args=(b"".join(line + b"\n" for line in lines),),
                                      daemon=True)
            sender.start()
            prefix = f"[{talker.name}] ".encode()
            got, buf = 0, b""
            deadline = time.monotonic() + SLOW_READER_DEADLINE
            while got < count:
                self.assertLess(time.monotonic(), deadline, f"{got} of {count} lines")
                chunk = slow.sock.recv(4096)
                self.assertTrue(chunk, f"the slow reader was dropped after {got} lines")
                buf += chunk
                *done, buf = buf.split(b"\n")
                for line in done:
                    self.assertEqual(line, prefix + lines[got])
                    got += 1
                time.sleep(0.01)  # slower than the talker
            sender.join(TALKER_TIMEOUT)
            self.assertFalse(sender.is_alive())
            talker.say("done")
            self.assertEqual(slow.line(), f"[{talker.name}] done")
        finally:
            room.close()

    def test_idle_client_leaves(self):
        self.each_server(self.idle_client_leaves)

    def idle_client_leaves(self, build):
        room = Room(build, "--idle", 1000)
        try:
            quiet = self.enter(room, [])
            talker = self.enter(room, [quiet])
            deadline = time.monotonic() + LINE_TIMEOUT
            for number in range(1000):  # the talker keeps itself active meanwhile
                self.assertLess(time.monotonic(), deadline, "idle client never dropped")
                talker.say(f"still here {number}")
                if select.select([talker.sock], [], [], 0.1)[0]:
                    self.assertEqual(talker.line(), f"* {quiet.name} left")
                    break
            self.assertEqual(quiet.line(), f"[{talker.name}] still here 0")
            for _ in range(1000):  # what was sent to it, then the end: it was closed
                if not quiet.sock.recv(65536):
                    break
            else:
                self.fail("the idle client was not disconnected")
            room.server.wait_for(lambda l: l.startswith(f"* {quiet.name} left (dropped: idle"),
                                 LINE_TIMEOUT)
        finally:
            room.close()

    def test_client_that_never_reads_is_dropped(self):
        self.each_server(self.client_that_never_reads)

    def client_that_never_reads(self, build):
        room = Room(build)
        try:
            a = self.enter(room, [])
            b = self.enter(room, [a])
            stalled = room.join(rcvbuf=4096)  # never reads a byte
            self.assertEqual(a.line(), f"* {stalled.name} joined")
            self.assertEqual(b.line(), f"* {stalled.name} joined")
            sent = self.flood_until_dropped(a, b, stalled)
            a.say("after the drop")
            self.assertEqual(b.line(), f"[{a.name}] after the drop")
            self.assertEqual(a.line(), f"* {stalled.name} left")
            room.server.wait_for(
                lambda l: l.startswith(f"* {stalled.name} left (dropped: not reading"),
                LINE_TIMEOUT)
            print(f"\n  {build}: the silent client was dropped after {sent >> 10} KiB",
                  file=sys.stderr)
        finally:
            room.close()

    def flood_until_dropped(self, a, b, stalled):
        """A talks in batches; B reads each batch in full (so it never falls behind)
        until it hears that `stalled` left. Returns the bytes A sent."""
        filler = "x" * 1000
        sent, number, left = 0, 0, False
        deadline = time.monotonic() + 60
        while not left:
            self.assertLess(sent, 64 << 20, "not dropped after 64 MiB")
            self.assertLess(time.monotonic(), deadline, "not dropped within 60 s")
            batch = [f"{number + i:07d} {filler}" for i in range(64)]
            data = ("\n".join(batch) + "\n").encode()
            a.sock.sendall(data)
            sent += len(data)
            number += len(batch)
            for text in batch:
                line = b.line()
                if line == f"* {stalled.name} left":
                    left = True
                    line = b.line()
                self.assertEqual(line, f"[{a.name}] {text}")
        return sent

    def test_many_clients(self):
        self.each_server(self.many_clients)

    def many_clients(self, build):
        count = 100 if build.windows else 1000
        reason = raise_fd_limit(count + 64)
        if reason:
            self.skipTest(reason)
        room = Room(build, "--once")
        try:
            started = time.monotonic()
            self.open_clients(room, count)
            opened = time.monotonic()
            # the first, the last and some in between
            senders = [room.peers[i * (count - 1) // (SENDERS - 1)] for i in range(SENDERS)]
            for index, sender in enumerate(senders):
                lines = [f"msg {index} {k}" for k in range(MESSAGES)] + [f"msg {index} end"]
                sender.sock.sendall(("\n".join(lines) + "\n").encode())
            heard = self.hear_everything(room.peers, senders)
            chatted = time.monotonic()
            for peer in room.peers:
                wanted = {s.name: list(range(MESSAGES)) for s in senders if s is not peer}
                self.assertEqual(heard[peer], wanted, peer.name)
            self.assertIn(f"({count - 1} others here)", room.peers[-1].welcome)
            for peer in room.peers:
                peer.close()
            room.peers = []
            self.assertEqual(room.server.wait(MANY_DEADLINE), 0, room.server.stderr())
            print(f"\n  {build}: {count} clients held; connecting {opened - started:.1f} s, "
                  f"chat {chatted - opened:.1f} s, leaving {time.monotonic() - chatted:.1f} s",
                  file=sys.stderr)
        finally:
            room.close()

    def open_clients(self, room, count):
        """Connect count peers, in batches smaller than the listen backlog, each batch
        confirmed by the server's "joined" lines before the next."""
        deadline = time.monotonic() + MANY_DEADLINE
        joined = 0
        while len(room.peers) < count:
            self.assertLess(time.monotonic(), deadline, f"only {joined} clients joined")
            for _ in range(min(50, count - len(room.peers))):
                room.join()
            while joined < len(room.peers):
                wait = min(LINE_TIMEOUT, max(0.1, deadline - time.monotonic()))
                line = room.server.line(wait)
                self.assertTrue(line.endswith(" joined"), line)
                joined += 1

    def hear_everything(self, peers, senders):
        """Read every peer until it has each other sender's "end" line. Returns
        {peer: {sender name: [numbers heard in order]}}; fails on anything unexpected
        (its own line, a leave, junk) or at the deadline."""
        number_of = {s.name: str(i) for i, s in enumerate(senders)}
        heard = {p: {s.name: [] for s in senders if s is not p} for p in peers}
        selector = selectors.DefaultSelector()
        try:
            for peer in peers:
                peer.sock.setblocking(False)
                selector.register(peer.sock, selectors.EVENT_READ, peer)
            deadline = time.monotonic() + MANY_DEADLINE
            waiting = len(peers)
            while waiting:
                left = deadline - time.monotonic()
                self.assertGreater(left, 0, f"{waiting} clients still waiting for lines")
                for key, _ in selector.select(min(left, 1.0)):
                    peer = key.data
                    if self.take_lines(peer, number_of, heard[peer]):
                        selector.unregister(peer.sock)
                        waiting -= 1
        finally:
            selector.close()
        return heard

    def take_lines(self, peer, number_of, heard):
        """Read what peer has received; record chat lines. True when it has heard the
        end from every other sender."""
        chunk = peer.sock.recv(65536)
        self.assertTrue(chunk, f"{peer.name} was disconnected")
        peer.buf += chunk
        *lines, peer.buf = peer.buf.split(b"\n")
        for raw in lines:
            line = raw.decode().rstrip("\r")
            if line.startswith("Welcome"):
                peer.welcome = line
                continue
            if line.endswith(" joined"):
                continue
            self.assertTrue(line.startswith("["), f"{peer.name} got {line!r}")
            name, text = line[1:].split("] ", 1)
            self.assertIn(name, heard, f"{peer.name} got {line!r}")
            index, number = text.split(" ")[1:]
            self.assertEqual(index, number_of[name], line)
            self.assertNotIn("end", heard[name], f"{peer.name} got {line!r} after the end")
            heard[name].append("end" if number == "end" else int(number))
        done = all(h[-1:] == ["end"] for h in heard.values())
        if done:
            for name in heard:
                heard[name].pop()
        return done


class ChatArguments(unittest.TestCase):
    def test_bad_arguments(self):
        for build in server_builds():
            for args in (["--bogus"], ["127.0.0.1", "70000"], ["127.0.0.1", "port"],
                         ["--idle", "soon"], ["--idle", "0"], ["a", "1", "extra"]):
                with self.subTest(server=build, args=args):
                    code, out, err = run(build.command("chat_server", *args))
                    self.assertEqual(code, 2, (out, err))
                    self.assertIn("chat_server", err)

    def test_help(self):
        for build in server_builds():
            with self.subTest(server=build):
                code, out, err = run(build.command("chat_server", "--help"))
                self.assertEqual(code, 0, err)
                self.assertIn("usage:", out)

    def test_port_in_use(self):
        for build in server_builds():
            with self.subTest(server=build):
                taken = socket.socket()
                try:
                    taken.bind(("127.0.0.1", 0))
                    taken.listen(1)
                    code, out, err = run(build.command("chat_server", "127.0.0.1",
                                                       taken.getsockname()[1]))
                finally:
                    taken.close()
                self.assertEqual(code, 1, (out, err))
                self.assertIn("port in use", err)


if __name__ == "__main__":
    unittest.main()
