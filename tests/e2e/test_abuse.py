"""test_abuse.py - the example servers under abuse, with plain Python sockets as the
independent peers (no xsock code on this side), on 127.0.0.1 only.

tcp_server and chat_server (the shared poll loop of examples/common/server.c):
  - 1,000 clients (200 under Wine) that connect and vanish with a reset, in waves,
    while well-behaved clients keep talking before, during and after; and 100 that
    reset while still in the listen backlog (the server held with SIGSTOP): the next
    client is welcomed at once;
  - clients that send random bytes (invalid UTF-8, CR/LF in odd places), 100 KiB of
    zeros, a 5 MiB line with no newline, or nothing at all: everything they send comes
    out in lines of at most EX_LINE_MAX - 1 bytes, byte for byte as the framing rules
    say, and the well-behaved clients are served promptly meanwhile;
  - the server's resident memory (VmRSS, VmHWM from /proc) before and after those two;
  - --idle: a silent client and one that stalls mid-line are dropped, an active one is
    not;
  - clients that never read are dropped once their queue (EX_CONN_QUEUE_MAX) is full
    and takes nothing for EX_CONN_STALL_MS (their talkers are held back meanwhile);
  - more clients than the server has descriptors: it pauses accepting (EMFILE) without
    spinning, keeps serving, and takes the waiting clients once descriptors free up.
udp_server: the largest datagrams, empty ones, and a flood from several sockets.

Same-build mode only (the peers are Python either way). Every loop is bounded in
count and in time; numbers worth seeing (RSS, latencies, counts) go to stderr.
"""
import collections
import os
import queue
import random
import select
import signal
import socket
import struct
import sys
import threading
import time
import unittest

from harness import Server, builds, raise_fd_limit, resource

SAME = os.environ.get("XSOCK_E2E_MODE", "same") == "same"

PIECE = 1023  # EX_LINE_MAX - 1: the longest line the servers deliver in one piece
QUEUE_MAX = 256 * 1024  # EX_CONN_QUEUE_MAX
WAVE = 50  # clients connected at once in the reset waves (listen backlog is 128)
RSS_GROWTH_MAX_KIB = 64 * 1024  # bound on the servers' memory growth under abuse
UDP_MAX_V4 = 65507  # 65535 - 20 (IPv4 header) - 8 (UDP header)
UDP_MAX_V6 = 65527  # 65535 - 8 (the IPv6 payload length counts the UDP header)
FD_LIMIT = 64  # the server's descriptor limit in the EMFILE test
PAUSED = "(pausing new connections)"  # what the servers print when accept fails


def note(text):
    """A line for the test log (stderr, so that it shows next to unittest's -v lines)."""
    print(f"\n  {text}", file=sys.stderr, end="", flush=True)


def memory_kib(pid):
    """{"VmRSS": KiB, "VmHWM": KiB} of a process, or None without /proc."""
    try:
        with open(f"/proc/{pid}/status") as status:
            fields = dict(line.split(":", 1) for line in status if ":" in line)
        return {key: int(fields[key].split()[0]) for key in ("VmRSS", "VmHWM")}
    except (OSError, KeyError, ValueError, IndexError):
        return None


def cpu_seconds(pid):
    """User + system CPU time of a process (from /proc), or None."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def frame(data):
    """The lines the servers' framing (ex_lines_feed) makes of a byte stream: split at
    "\\n", one "\\r" before it removed; PIECE bytes without a newline come out as a
    piece that keeps every byte. Returns (lines, the unfinished rest)."""
    lines, pos, end = [], 0, len(data)
    while True:
        newline = data.find(b"\n", pos, pos + PIECE)
        if newline >= 0:
            line = data[pos:newline]
            lines.append(line[:-1] if line.endswith(b"\r") else line)
            pos = newline + 1
        elif end - pos >= PIECE:
            lines.append(data[pos:pos + PIECE])
            pos += PIECE
        else:
            return lines, data[pos:]


def as_printed(text):
    """What a server prints of a peer's bytes (ex_shown_text, the one rule of every
    server's log): printable ASCII and valid UTF-8 as they are, except the C1 controls
    U+0080-U+009F; every other byte (C0 controls, NUL, DEL, invalid UTF-8) as \\xNN."""
    out, i = [], 0
    while i < len(text):
        byte = text[i]
        if 0x20 <= byte < 0x7F:
            out.append(chr(byte))
            i += 1
            continue
        size = 2 if 0xC2 <= byte <= 0xDF else 3 if 0xE0 <= byte <= 0xEF else \
            4 if 0xF0 <= byte <= 0xF4 else 0
        try:
            char = text[i:i + size].decode("utf-8") if size else ""
        except UnicodeDecodeError:
            char = ""
        if len(char) == 1 and not 0x80 <= ord(char) <= 0x9F:
            out.append(char)
            i += size
        else:
            out.append("\\x%02X" % byte)
            i += 1
    return "".join(out)


def reset(sock):
    """Close with SO_LINGER {on, 0}: the peer gets a reset instead of an orderly end."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


class Client:
    """A plain Python TCP client. With read=True a thread reads everything it is sent
    (so the server never counts it as not reading) into lines (and raw bytes if asked)."""

    def __init__(self, port, read=True, raw=False, rcvbuf=None, timeout=30):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf is not None:  # a small window, set before connecting
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(timeout)
        self.sock.connect(("127.0.0.1", port))
        self.connected_at = time.monotonic()
        self.name = "%s:%d" % self.sock.getsockname()[:2]
        self.lines = queue.Queue()  # lines (bytes, without "\n") not yet taken
        self.history = []  # every line received
        self.raw = bytearray() if raw else None
        self.received = 0
        self.ended = threading.Event()  # end of stream or reset seen
        self.ended_at = None
        self.error = None
        self.stop = threading.Event()
        self.thread = None
        if read:
            self.thread = threading.Thread(target=self._read, daemon=True)
            self.thread.start()

    def _read(self):
        rest = b""
        while not self.stop.is_set():
            try:
                if not select.select([self.sock], [], [], 0.2)[0]:
                    continue
                chunk = self.sock.recv(1 << 16)
            except (socket.timeout, BlockingIOError, InterruptedError):
                continue
            except (OSError, ValueError) as e:  # a reset, or closed by this side
                if not self.stop.is_set():
                    self.error = e
                break
            if not chunk:
                break
            self.received += len(chunk)
            if self.raw is not None:
                self.raw.extend(chunk)
            *lines, rest = (rest + chunk).split(b"\n")
            for line in lines:
                self.history.append(line)
                self.lines.put(line)
        self.ended_at = time.monotonic()
        self.ended.set()

    def send_line(self, text):
        self.sock.sendall(text.encode() + b"\n")

    def next_line(self, timeout):
        """The next line received; AssertionError on timeout or at the end."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{self.name}: no line within {timeout} s")
            try:
                return self.lines.get(timeout=min(left, 0.2))
            except queue.Empty:
                if self.ended.is_set() and self.lines.empty():
                    raise AssertionError(f"{self.name}: disconnected ({self.error})")

    def close(self):
        self.stop.set()
        try:
            self.sock.close()
        except OSError:
            pass
        if self.thread is not None:
            self.thread.join(timeout=5)


class Log:
    """The server's output, taken from the harness as it comes and parsed: who joined,
    who left and why, and what was printed for each client's lines."""

    def __init__(self, server, parse):
        self.server = server
        self.parse = parse
        self.joins = collections.Counter()
        self.leaves = collections.Counter()
        self.why = collections.defaultdict(list)
        self.said = collections.defaultdict(list)
        self.other = []
        self.ended = False

    def pump(self):
        while not self.ended:
            try:
                line = self.server.out.get_nowait()
            except queue.Empty:
                return
            if line is None:
                self.ended = True
                return
            kind, name, text = self.parse(line)
            if kind == "join":
                self.joins[name] += 1
            elif kind == "leave":
                self.leaves[name] += 1
                self.why[name].append(text)
            elif kind == "line":
                self.said[name].append(text)
            else:
                self.other.append(line)

    def wait(self, predicate, timeout, what):
        deadline = time.monotonic() + timeout
        while True:
            self.pump()
            if predicate():
                return
            if self.ended:
                raise AssertionError(f"the server ended waiting for {what}; "
                                     f"stderr: {self.server.stderr()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"not seen within {timeout} s: {what}")
            time.sleep(0.02)

    def present(self):
        """Clients the server holds, by its own account (joined and not left)."""
        self.pump()
        return self.joins - self.leaves


def parse_tcp(line):
    """tcp_server: "connected NAME", "> [NAME]: text", "WHY NAME"."""
    if line.startswith("> ["):
        name, _, text = line[3:].partition("]: ")
        return "line", name, text
    if line.startswith("connected "):
        return "join", line[len("connected "):], None
    why, _, name = line.rpartition(" ")
    if why in ("disconnected", "lost") or why.startswith("dropped: "):
        return "leave", name, why
    return "other", None, None


def parse_chat(line):
    """chat_server: "* NAME joined", "* NAME left (WHY)", "[NAME] text"."""
    if line.startswith("* ") and line.endswith(" joined"):
        return "join", line[2:-len(" joined")], None
    if line.startswith("* ") and " left (" in line and line.endswith(")"):
        name, _, why = line[2:-1].partition(" left (")
        return "leave", name, why
    if line.startswith("["):
        name, _, text = line[1:].partition("] ")
        return "line", name, text
    return "other", None, None


class EchoPeer:
    """tcp_server's well-behaved client: each line comes back to it, next in line."""

    def __init__(self, test, port):
        self.test = test
        self.client = Client(port)
        test.addCleanup(self.client.close)
        welcome = self.client.next_line(test.prompt)
        test.assertTrue(welcome.startswith(b"Welcome"), welcome)
        self.names = {self.client.name}
        self.clients = [self.client]

    def exchange(self, text):
        """Send a line, check its echo; the seconds it took."""
        started = time.monotonic()
        self.client.send_line(text)
        self.test.assertEqual(self.client.next_line(self.test.prompt), text.encode())
        return time.monotonic() - started


class ChatPair:
    """chat_server's well-behaved clients: A and B, each hears the other's lines."""

    def __init__(self, test, port):
        self.test = test
        self.a = Client(port)
        test.addCleanup(self.a.close)
        test.assertTrue(self.a.next_line(test.prompt).startswith(b"Welcome"))
        self.b = Client(port)
        test.addCleanup(self.b.close)
        test.assertTrue(self.b.next_line(test.prompt).startswith(b"Welcome"))
        self.hear(self.a, f"* {self.b.name} joined")
        self.names = {self.a.name, self.b.name}
        self.clients = [self.a, self.b]

    def hear(self, client, text):
        """Skip joins, leaves and other clients' lines; the next one of the kind of
        `text` (from the same sender, or a notice) must be text."""
        wanted = text.encode()
        prefix = wanted.split(b"] ", 1)[0] + b"] " if wanted.startswith(b"[") else wanted
        deadline = time.monotonic() + self.test.prompt
        for _ in range(1 << 20):
            line = client.next_line(max(0.01, deadline - time.monotonic()))
            if line.startswith(prefix):
                self.test.assertEqual(line, wanted)
                return
        self.test.fail(f"{client.name} never heard {text!r}")

    def skip_to(self, client, text):
        """Read client's lines up to text (what came before is checked elsewhere)."""
        wanted = text.encode()
        deadline = time.monotonic() + self.test.prompt
        for _ in range(1 << 20):
            if client.next_line(max(0.01, deadline - time.monotonic())) == wanted:
                return
        self.test.fail(f"{client.name} never heard {text!r}")

    def exchange(self, text):
        """A and B each say a line and hear the other's; the seconds it took."""
        started = time.monotonic()
        self.a.send_line(text + " (a)")
        self.b.send_line(text + " (b)")
        self.hear(self.b, f"[{self.a.name}] {text} (a)")
        self.hear(self.a, f"[{self.b.name}] {text} (b)")
        return time.monotonic() - started


class LineServerAbuse:
    """The abuse tests of a line server; a subclass names the program."""

    program = None
    parse = None
    good_class = None

    def setUp(self):
        self.build = builds()[0]
        self.slow = self.build.windows or bool(self.build.emulator)
        self.prompt = 10.0 if self.slow else 5.0  # seconds a well-behaved client waits

    def start(self, *args):
        server = Server(self.build.command(self.program, *args, "127.0.0.1", 0))
        self.addCleanup(server.kill)
        return server, Log(server, type(self).parse)

    def good(self, server):
        return type(self).good_class(self, server.port)

    def assert_alive(self, server):
        self.assertIsNone(server.proc.poll(), f"{self.program} ended: {server.stderr()}")

    def wait_only_good(self, log, good, timeout, what):
        """Wait until the server holds exactly the well-behaved clients."""
        want = collections.Counter(good.names)
        log.wait(lambda: log.present() == want, timeout,
                 f"{what}: only {sorted(good.names)} left connected "
                 f"(server holds {sum(log.present().values())})")

    def check_memory(self, server, before, what):
        """Note and bound the server's memory growth since `before`."""
        after = memory_kib(server.proc.pid)
        if before is None or after is None:
            self.skipTest(f"{what}: no /proc/<pid>/status, memory not measured")
        growth = after["VmRSS"] - before["VmRSS"]
        peak = after["VmHWM"] - before["VmRSS"]
        note(f"{self.program} ({self.build}) {what}: VmRSS {before['VmRSS']} KiB before, "
             f"{after['VmRSS']} KiB after ({growth:+d} KiB), peak VmHWM {after['VmHWM']} KiB")
        self.assertLess(growth, RSS_GROWTH_MAX_KIB, f"{what}: memory grew by {growth} KiB")
        self.assertLess(peak, RSS_GROWTH_MAX_KIB, f"{what}: peak memory +{peak} KiB")

    # 1 (+3): clients that vanish with a reset

    def test_abrupt_resets(self):
        count = 200 if self.build.windows else 1000
        reason = raise_fd_limit(2 * WAVE + 256)
        if reason:
            self.skipTest(reason)
        server, log = self.start()
        good = self.good(server)
        before = memory_kib(server.proc.pid)
        latencies = [good.exchange("before the resets")]
        started = time.monotonic()
        deadline = started + 45
        done = 0
        for wave in range(count // WAVE + 1):
            if done >= count:
                break
            self.assertLess(time.monotonic(), deadline, f"only {done} clients reset")
            socks = []
            for i in range(min(WAVE, count - done)):
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                socks.append(s)
                s.settimeout(self.prompt)
                try:
                    s.connect(("127.0.0.1", server.port))
                except OSError as e:
                    self.fail(f"client {done + i} could not connect ({e}); the server "
                              f"paused accepting {server.stderr().count(PAUSED)} times")
                if (done + i) % 3 == 1:  # some leave a line behind, some half a line
                    s.sendall(b"last words\n")
                elif (done + i) % 3 == 2:
                    s.sendall(b"half a line")
            latencies.append(good.exchange(f"wave {wave}: {len(socks)} connected"))
            for s in socks:
                reset(s)
            done += len(socks)
            latencies.append(good.exchange(f"wave {wave}: reset"))
        waves_done = time.monotonic()
        self.wait_only_good(log, good, 30, f"after {count} resets")
        latencies.append(good.exchange("after the resets"))
        self.assert_alive(server)
        accepted = sum(log.joins.values()) - len(good.names)
        lost = sum(1 for name, whys in log.why.items() for w in whys if w == "lost")
        note(f"{self.program} ({self.build}): {count} clients reset in waves of {WAVE} "
             f"({waves_done - started:.1f} s); the server accepted {accepted}, "
             f"{lost} of them 'lost'; well-behaved latency max "
             f"{max(latencies) * 1000:.0f} ms over {len(latencies)} exchanges; accepting "
             f"paused {server.stderr().count(PAUSED)} times")
        self.assertLessEqual(accepted, count)
        self.check_memory(server, before, f"{count} resets")

    def test_resets_before_accept(self):
        # Clients that reset while still in the listen backlog (the server is stopped
        # meanwhile) are no reason to stop accepting: the next one is welcomed at once.
        if not hasattr(signal, "SIGSTOP"):
            self.skipTest("no SIGSTOP here to hold the server")
        count = 100  # below the listen backlog (128)
        server, log = self.start()
        good = self.good(server)
        os.kill(server.proc.pid, signal.SIGSTOP)
        try:
            socks = []
            for _ in range(count):
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                socks.append(s)
                s.settimeout(self.prompt)
                s.connect(("127.0.0.1", server.port))  # the system accepts the handshake
            for s in socks:
                reset(s)
            fresh = Client(server.port)
            self.addCleanup(fresh.close)
        finally:
            os.kill(server.proc.pid, signal.SIGCONT)
        resumed = time.monotonic()
        welcome = fresh.next_line(30)
        delay = time.monotonic() - resumed
        self.assertTrue(welcome.startswith(b"Welcome"), welcome)
        good.exchange("after the early resets")
        fresh.close()
        self.wait_only_good(log, good, 30, "after the early resets")
        pauses = server.stderr().count(PAUSED)
        accepted = sum(log.joins.values()) - len(good.names) - 1  # not the fresh one
        note(f"{self.program} ({self.build}): {count} clients reset before being accepted; "
             f"it accepted {accepted} of them, paused accepting {pauses} times, welcomed "
             f"the next client after {delay:.2f} s")
        self.assertEqual(pauses, 0, f"the server paused accepting for clients that had "
                         f"reset (it was not out of resources): {server.stderr()[:200]!r}")
        self.assertLess(delay, 2.0, "the next client waited for its welcome")
        self.assert_alive(server)

    # 2 (+3): garbage, zeros, an endless line, silence

    def test_garbage_zeros_endless_line_and_silence(self):
        server, log = self.start()
        good = self.good(server)
        before = memory_kib(server.proc.pid)
        rng = random.Random(20261121)
        payloads = {
            "garbage": (b"\xff\xfe\n\xc3\x28\n\xed\xa0\x80\r\n\r\r\n\n\x00\x01\x80\n\r" +
                        rng.randbytes(256 * 1024)),
            "zeros": bytes(100 * 1024),
            "endless": (b"the line that never ends " * (5 * 2 ** 20 // 25 + 1))[:5 * 2 ** 20],
            "silent": b"",
        }
        abusers = {kind: Client(server.port, raw=True) for kind in payloads}
        for client in abusers.values():
            self.addCleanup(client.close)
        errors = []

        def send(client, data):
            try:
                for at in range(0, len(data), 1 << 16):
                    client.sock.sendall(data[at:at + (1 << 16)])
            except OSError as e:
                errors.append(f"{client.name}: {e}")

        senders = [threading.Thread(target=send, args=(abusers[k], payloads[k]), daemon=True)
                   for k in payloads]
        started = time.monotonic()
        for sender in senders:
            sender.start()
        latencies = []
        deadline = started + 45
        for number in range(100000):  # the well-behaved talk while the abusers send
            latencies.append(good.exchange(f"meanwhile {number}"))
            if not any(s.is_alive() for s in senders):
                break
            self.assertLess(time.monotonic(), deadline, "the abusers are still sending")
            time.sleep(0.02)
        sent = time.monotonic()
        for sender in senders:
            sender.join(timeout=5)
        self.assertEqual(errors, [])
        framed = {kind: frame(data)[0] for kind, data in payloads.items()}
        self.check_delivery(log, good, abusers, framed, deadline + 15)
        delivered = time.monotonic()
        latencies.append(good.exchange("after the abuse"))
        self.assert_alive(server)
        for kind, client in abusers.items():
            self.assertFalse(client.ended.is_set(), f"the {kind} client was dropped")
        for client in abusers.values():
            client.close()
        self.wait_only_good(log, good, 15, "after the abusers closed")
        latencies.append(good.exchange("after the abusers left"))
        note(f"{self.program} ({self.build}): abusers sent {sum(map(len, payloads.values()))} "
             f"bytes in {sent - started:.1f} s, all delivered after {delivered - started:.1f} s "
             f"({sum(map(len, framed.values()))} lines); well-behaved latency max "
             f"{max(latencies) * 1000:.0f} ms over {len(latencies)} exchanges")
        self.check_memory(server, before, "garbage, zeros, 5 MiB line, silence")

    # 4: --idle

    def test_idle_and_stalled_clients_are_dropped(self):
        server, log = self.start("--idle", 500)
        silent = Client(server.port)
        self.addCleanup(silent.close)
        staller = Client(server.port)
        self.addCleanup(staller.close)
        staller.sock.sendall(b"half a line, and then nothing")
        good = self.good(server)
        started = time.monotonic()
        for tick in range(10):  # a line every 200 ms for 2 s
            good.exchange(f"tick {tick}")
            time.sleep(max(0.0, started + 0.2 * (tick + 1) - time.monotonic()))
        active_for = time.monotonic() - started
        limit = 10 if self.slow else 5
        for client in (silent, staller):
            self.assertTrue(client.ended.wait(max(0.0, client.connected_at + limit -
                                                  time.monotonic())),
                            f"{client.name} not dropped within {limit} s")
        good.exchange("still here after the idle ones left")
        log.wait(lambda: all(log.why[c.name] for c in (silent, staller)), 10,
                 "the idle clients' leaving")
        self.assertEqual(log.why[silent.name], ["dropped: idle"])
        self.assertEqual(log.why[staller.name], ["dropped: idle"])
        for name in good.names:
            self.assertEqual(log.why[name], [], f"active client {name} was dropped")
        for client in good.clients:
            self.assertFalse(client.ended.is_set(), f"active client {client.name} dropped")
        times = [c.ended_at - c.connected_at for c in (silent, staller)]
        for elapsed in times:
            self.assertGreaterEqual(elapsed, 0.4, "dropped before the idle time passed")
        note(f"{self.program} ({self.build}) --idle 500: silent dropped after "
             f"{times[0]:.2f} s, half-line after {times[1]:.2f} s; active client kept "
             f"for {active_for:.1f} s")
        self.assert_alive(server)

    # 6: more clients than descriptors

    def test_out_of_descriptors(self):
        if self.build.windows:
            self.skipTest("under Wine the sockets are created and accepted by wineserver, "
                          "so the .exe's RLIMIT_NOFILE does not make accept fail")
        if resource is None or not hasattr(resource, "prlimit"):
            self.skipTest("resource.prlimit is not available")
        extra_count = 100
        reason = raise_fd_limit(extra_count + 256)
        if reason:
            self.skipTest(reason)
        server, log = self.start()
        good = self.good(server)
        hard = resource.prlimit(server.proc.pid, resource.RLIMIT_NOFILE)[1]
        resource.prlimit(server.proc.pid, resource.RLIMIT_NOFILE, (FD_LIMIT, hard))
        extras = {}
        try:
            for _ in range(extra_count):  # fewer than the backlog plus what it holds
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.settimeout(self.prompt)
                s.connect(("127.0.0.1", server.port))
                extras["%s:%d" % s.getsockname()[:2]] = s
            log.wait(lambda: PAUSED in server.stderr(), 15,
                     "the server to pause accepting")
            latencies = [good.exchange("while out of descriptors")]
            held = sum(log.present().values())
            self.assertLess(held, extra_count, "the descriptor limit did not hold")
            cpu0, wall0 = cpu_seconds(server.proc.pid), time.monotonic()
            for number in range(10):  # paused, not spinning: poll sleeps meanwhile
                latencies.append(good.exchange(f"paused {number}"))
                time.sleep(0.1)
            cpu1, wall1 = cpu_seconds(server.proc.pid), time.monotonic()
            busy = None if cpu0 is None or cpu1 is None else (cpu1 - cpu0) / (wall1 - wall0)
            if busy is not None:
                self.assertLess(busy, 0.5, "the server spins while it cannot accept")
            # free descriptors: the clients it holds leave, the waiting ones get in
            for name in list(log.present()):
                if name in extras:
                    extras.pop(name).close()
            log.wait(lambda: all(name in log.joins for name in extras), 20,
                     "the waiting clients to be accepted")
            latencies.append(good.exchange("after the waiting ones got in"))
        finally:
            for s in extras.values():
                s.close()
        self.wait_only_good(log, good, 15, "after every extra client closed")
        self.assert_alive(server)
        note(f"{self.program} ({self.build}) with {FD_LIMIT} descriptors: held {held} of "
             f"{extra_count} extra clients, paused (CPU {busy if busy is None else f'{busy:.0%}'}),"
             f" then took the rest; well-behaved latency max {max(latencies) * 1000:.0f} ms")


@unittest.skipUnless(SAME, "the abuse tests run in the same-build mode")
class TcpServerAbuse(LineServerAbuse, unittest.TestCase):
    program = "tcp_server"
    parse = staticmethod(parse_tcp)
    good_class = EchoPeer

    def check_delivery(self, log, good, abusers, framed, deadline):
        """Each abuser gets its framed lines back, byte for byte; the server printed
        each of them as one line (as_printed)."""
        for kind, client in abusers.items():
            echo = b"".join(line + b"\n" for line in framed[kind])
            for _ in range(100000):
                if len(client.raw) >= len(echo) or client.ended.is_set():
                    break
                self.assertLess(time.monotonic(), deadline,
                                f"{kind}: {len(client.raw)} of {len(echo)} bytes echoed")
                time.sleep(0.02)
            welcome, _, echoed = bytes(client.raw).partition(b"\n")
            self.assertTrue(welcome.startswith(b"Welcome"), welcome[:80])
            self.assertEqual(len(echoed), len(echo), f"{kind}: echo length")
            self.assertTrue(echoed == echo, f"{kind}: the echo differs from the framing")
            printed = [as_printed(line) for line in framed[kind]]
            log.wait(lambda: len(log.said[client.name]) >= len(printed), 15,
                     f"{kind}: {len(printed)} lines printed")
            self.assertTrue(log.said[client.name] == printed, f"{kind}: printed lines differ")
        self.assertEqual(len(framed["endless"]), 5 * 2 ** 20 // PIECE)
        self.assertTrue(all(len(line) == PIECE for line in framed["endless"]))

    # 5: a client that never reads its echoes

    def test_client_that_never_reads_its_echo(self):
        server, log = self.start()
        good = self.good(server)
        before = memory_kib(server.proc.pid)
        slow = Client(server.port, read=False, rcvbuf=4096, timeout=1)
        self.addCleanup(slow.close)
        batch = b"".join(b"%07d %s\n" % (i, b"e" * 992) for i in range(64))
        sent = 0
        deadline = time.monotonic() + 40
        latencies = []
        while "dropped: not reading" not in log.why[slow.name]:
            self.assertLess(sent, 64 << 20, "not dropped after 64 MiB")
            self.assertLess(time.monotonic(), deadline, f"not dropped; {sent >> 10} KiB sent")
            try:
                slow.sock.sendall(batch)
                sent += len(batch)
            except socket.timeout:
                pass  # the server stopped reading it: it should be gone by now
            except OSError:  # reset or broken pipe: dropped
                log.wait(lambda: log.why[slow.name], 10, "the slow client's drop")
                break
            latencies.append(good.exchange(f"while it floods ({sent >> 10} KiB)"))
            log.pump()
        self.assertEqual(log.why[slow.name], ["dropped: not reading"])
        self.assertGreaterEqual(sent, QUEUE_MAX, "dropped before its queue could fill")
        # what it had been sent, then the end (or a reset): it was disconnected
        received, closed = 0, False
        slow.sock.settimeout(self.prompt)
        for _ in range(10000):
            try:
                chunk = slow.sock.recv(1 << 16)
            except OSError:
                closed = True
                break
            if not chunk:
                closed = True
                break
            received += len(chunk)
        self.assertTrue(closed, "the client that never read was not disconnected")
        latencies.append(good.exchange("after the drop"))
        self.wait_only_good(log, good, 10, "after the drop")
        self.assert_alive(server)
        note(f"tcp_server ({self.build}): the client that never read was dropped after "
             f"sending {sent >> 10} KiB (it had {received >> 10} KiB of echo waiting); "
             f"well-behaved latency max {max(latencies) * 1000:.0f} ms")
        self.check_memory(server, before, "a client that never reads")


@unittest.skipUnless(SAME, "the abuse tests run in the same-build mode")
class ChatServerAbuse(LineServerAbuse, unittest.TestCase):
    program = "chat_server"
    parse = staticmethod(parse_chat)
    good_class = ChatPair

    def check_delivery(self, log, good, abusers, framed, deadline):
        """Each well-behaved client hears each abuser's framed lines byte for byte (a
        NUL too) and in order; the server printed each as one line."""
        for kind, client in abusers.items():
            prefix = b"[%s] " % client.name.encode()
            heard = [prefix + line for line in framed[kind]]  # every byte, NULs too
            for listener in good.clients:
                for _ in range(100000):
                    got = [line for line in listener.history if line.startswith(prefix)]
                    if len(got) >= len(heard):
                        break
                    self.assertLess(time.monotonic(), deadline,
                                    f"{kind}: {listener.name} heard {len(got)} of {len(heard)}")
                    time.sleep(0.05)
                self.assertTrue(got == heard, f"{kind}: {listener.name} heard other lines")
            printed = [as_printed(line) for line in framed[kind]]
            log.wait(lambda: len(log.said[client.name]) >= len(printed), 15,
                     f"{kind}: {len(printed)} lines printed")
            self.assertTrue(log.said[client.name] == printed, f"{kind}: printed lines differ")

    # 5: clients that never read while the others chat

    def test_clients_that_never_read_are_dropped(self):
        server, log = self.start()
        good = self.good(server)
        before = memory_kib(server.proc.pid)
        stalled = []
        for _ in range(3):
            stalled.append(Client(server.port, read=False, rcvbuf=4096))
            self.addCleanup(stalled[-1].close)
        log.wait(lambda: all(s.name in log.joins for s in stalled), 10, "the joins")
        a, b = good.a, good.b
        prefix = b"[%s] flood " % a.name.encode()
        sent_lines, sent = [], 0
        deadline = time.monotonic() + 40
        latencies = []
        for number in range(0, 1 << 20, 64):
            log.pump()
            if all(log.why[s.name] for s in stalled):
                break
            self.assertLess(sent, 64 << 20, "not dropped after 64 MiB")
            self.assertLess(time.monotonic(), deadline, f"not dropped; {sent >> 10} KiB sent")
            batch = [b"flood %07d %s" % (number + i, b"c" * 984) for i in range(64)]
            data = b"".join(line + b"\n" for line in batch)
            a.sock.sendall(data)
            sent += len(data)
            sent_lines += batch
            # B keeps up: wait until it has heard the batch's last line
            good.skip_to(b, f"[{a.name}] {batch[-1].decode()}")
            if number % 1024 == 0:
                latencies.append(good.exchange(f"while flooding {number}"))
        for s in stalled:
            self.assertEqual(log.why[s.name], ["dropped: not reading"], s.name)
        latencies.append(good.exchange("after the drops"))
        heard = [line[len(prefix) - len(b"flood "):] for line in b.history
                 if line.startswith(prefix)]
        self.assertTrue(heard == sent_lines, "B did not hear every flood line once, in order")
        for s in stalled:
            self.assertIn(f"* {s.name} left".encode(), a.history)
            self.assertIn(f"* {s.name} left".encode(), b.history)
        self.wait_only_good(log, good, 10, "after the drops")
        self.assert_alive(server)
        note(f"chat_server ({self.build}): 3 clients that never read were dropped after "
             f"{sent >> 10} KiB of chat; well-behaved latency max "
             f"{max(latencies) * 1000:.0f} ms")
        self.check_memory(server, before, "clients that never read")


@unittest.skipUnless(SAME, "the abuse tests run in the same-build mode")
class UdpServerAbuse(unittest.TestCase):
    def setUp(self):
        self.build = builds()[0]

    def start(self, host="127.0.0.1"):
        server = Server(self.build.command("udp_server", host, 0))
        self.addCleanup(server.kill)
        return server

    def ask(self, server, payload, family=socket.AF_INET, host="127.0.0.1", tries=5):
        """Send payload and wait up to 2 s for its echo, a few times (UDP may drop)."""
        s = socket.socket(family, socket.SOCK_DGRAM)
        self.addCleanup(s.close)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 18)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 18)
        s.settimeout(2)
        for attempt in range(tries):
            s.sendto(payload, (host, server.port))
            try:
                for _ in range(1000):  # skip stale echoes of earlier tries
                    data, addr = s.recvfrom(1 << 17)
                    if data == payload:
                        self.assertEqual(addr[1], server.port)
                        return attempt + 1
            except socket.timeout:
                continue
        self.fail(f"no echo of a {len(payload)}-byte datagram in {tries} tries of 2 s")

    def test_largest_and_empty_datagrams(self):
        rng = random.Random(65507)
        server = self.start()
        largest = rng.randbytes(UDP_MAX_V4)
        self.ask(server, largest)
        printed = server.wait_for(lambda l: l.startswith("> ["), 10)
        self.assertEqual(printed.split("]: ", 1)[1], as_printed(largest))
        self.ask(server, b"")  # printed as nothing after the address
        server.wait_for(lambda l: l.startswith("> [") and l.endswith("]: "), 10)
        self.ask(server, b"after the big ones")
        self.assertIsNone(server.proc.poll(), server.stderr())
        with self.subTest(host="::1"):
            self.largest_over_ipv6(rng)

    def largest_over_ipv6(self, rng):
        try:
            probe = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
            probe.bind(("::1", 0))
            probe.close()
        except OSError as e:
            self.skipTest(f"no ::1 here ({e})")
        server = self.start("::1")
        self.ask(server, rng.randbytes(UDP_MAX_V6), socket.AF_INET6, "::1")
        self.ask(server, b"", socket.AF_INET6, "::1")
        self.assertIsNone(server.proc.poll(), server.stderr())

    def test_flood(self):
        server = self.start()
        total, senders = 20000, 8
        socks = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(senders)]
        for s in socks:
            self.addCleanup(s.close)
            s.setblocking(False)
        sent, refused = 0, 0
        started = time.monotonic()
        for number in range(total):  # round robin, as fast as possible
            s = socks[number % senders]
            try:
                s.sendto(b"flood %05d \x00\xff" % number, ("127.0.0.1", server.port))
                sent += 1
            except (BlockingIOError, ConnectionRefusedError, InterruptedError):
                refused += 1
            self.assertLess(time.monotonic() - started, 30, "sending took over 30 s")
        flooded = time.monotonic() - started
        for s in socks[:senders // 2]:  # echoes to these now meet closed ports
            s.close()
        tries = self.ask(server, b"normal datagram after the flood", tries=10)
        self.assertIsNone(server.proc.poll(), server.stderr())
        printed = 0
        while not server.out.empty():
            line = server.out.get_nowait()
            printed += line is not None and line.startswith("> [")
        self.assertNotIn("receive:", server.stderr())
        note(f"udp_server ({self.build}): {sent} datagrams sent from {senders} sockets in "
             f"{flooded:.2f} s ({refused} not taken by the sender's buffer); the server "
             f"printed {printed} by the time it answered ({tries} tries)")


if __name__ == "__main__":
    unittest.main()
