"""harness.py - run the example programs as a user would: as processes, natively or as
Windows .exe files under Wine, talking over loopback.

Configuration (environment, set by CTest or scripts/test.sh):
  XSOCK_E2E_BIN           folder of the programs under test
  XSOCK_E2E_EMULATOR      command that runs them (e.g. "wine"), empty for native
  XSOCK_E2E_PEER_BIN      optional second build (the other platform) ...
  XSOCK_E2E_PEER_EMULATOR ... and how to run it
  XSOCK_E2E_MODE          "same": pairs within the build; "cross": server from one
                          build and client from the other, both ways
"""
import os
import queue
import re
import shlex
import signal
import socket
import subprocess
import threading
import time
import unittest

try:
    import resource  # POSIX only: on Windows the descriptor limit is not an rlimit
except ImportError:
    resource = None

TIMEOUT = float(os.environ.get("XSOCK_E2E_TIMEOUT", "60"))


class Build:
    """One build of the examples: a folder and how to run its programs."""

    def __init__(self, name, bin_dir, emulator):
        self.name = name
        self.bin_dir = bin_dir
        self.emulator = shlex.split(emulator) if emulator else []
        self.windows = os.path.exists(os.path.join(bin_dir, "tcp_server.exe"))
        self.wine = any("wine" in os.path.basename(part) for part in self.emulator)
        if not self.windows and not os.path.exists(os.path.join(bin_dir, "tcp_server")):
            # a wrong folder must fail loudly, not turn every test into a skip
            raise AssertionError(f"no example programs in {bin_dir} (XSOCK_E2E_BIN)")

    def command(self, program, *args):
        exe = program + (".exe" if self.windows else "")
        path = os.path.join(self.bin_dir, exe)
        if not os.path.exists(path):
            raise unittest.SkipTest(f"{exe} is not built in {self.bin_dir}")
        return self.emulator + [path] + [str(a) for a in args]

    def __repr__(self):
        return self.name


def builds():
    """The build under test and, if given, the peer build."""
    main = Build(os.environ.get("XSOCK_E2E_NAME", "main"), os.environ["XSOCK_E2E_BIN"],
                 os.environ.get("XSOCK_E2E_EMULATOR", ""))
    peer_bin = os.environ.get("XSOCK_E2E_PEER_BIN")
    peer = None
    if peer_bin:
        peer = Build(os.environ.get("XSOCK_E2E_PEER_NAME", "peer"), peer_bin,
                     os.environ.get("XSOCK_E2E_PEER_EMULATOR", ""))
    return main, peer


def pairs():
    """(server build, client build) pairs to exercise in this run."""
    main, peer = builds()
    if os.environ.get("XSOCK_E2E_MODE", "same") == "cross":
        if peer is None:
            raise unittest.SkipTest("cross mode needs XSOCK_E2E_PEER_BIN")
        return [(main, peer), (peer, main)]
    return [(main, main)]


# Reports of a checker the programs may run under (valgrind as XSOCK_E2E_EMULATOR, or
# a sanitizer build): any of these in a program's stderr fails the test.
CHECKER_REPORT = re.compile(r"^==\d+== \S|^ERROR: (Address|Leak|Thread)Sanitizer|runtime error:",
                            re.M)


def assert_no_checker_report(command, stderr):
    match = CHECKER_REPORT.search(stderr)
    if match:
        raise AssertionError(f"{command} reported a memory/UB error:\n{stderr}")


def clean(data):
    """Text of program output with Windows line ends normalised."""
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    return data.replace("\r\n", "\n").replace("\r", "")


WINE_SH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "wine", "wine.sh")


def wine_environment():
    env = dict(os.environ)
    env.setdefault("WINEPREFIX", os.path.join(os.path.expanduser("~"), ".wine"))
    return env


def runs_under_wine(command):
    return bool(command) and "wine" in os.path.basename(str(command[0]))


def wine_session(command):
    """Before a Windows program starts: make sure wineserver and Wine's services run,
    started detached from our pipes (tests/wine/wine.sh), so that the program does not
    start them itself with its own stdout and stderr, which they would keep open.
    Returns the pid of that wineserver (None for native programs)."""
    if not runs_under_wine(command):
        return None
    done = subprocess.run(["bash", WINE_SH, "start", "e2e"], env=wine_environment(),
                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, timeout=300)
    if done.returncode == 3:  # the wineserver it replaced had aborted
        raise AssertionError(f"Wine crashed after the previous Windows program ended (it "
                             f"had been killed or had exited): {clean(done.stderr).strip()}")
    if done.returncode != 0:
        raise AssertionError(f"could not start Wine: {clean(done.stderr)}")
    pid = subprocess.run(["bash", WINE_SH, "pid"], env=wine_environment(),
                         stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    return int(pid.stdout) if pid.stdout.strip().isdigit() else None


def wine_diagnosis(command):
    """For a failure message about a Windows program: the state of wineserver (a dead
    one is the cause, not the program), or nothing for native programs."""
    if not runs_under_wine(command):
        return ""
    try:
        done = subprocess.run(["bash", WINE_SH, "status"], env=wine_environment(),
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
        return "\n" + clean(done.stdout).strip()
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"\n(wine.sh status failed: {e})"


class Process:
    """A running program whose stdout is read line by line in the background.

    Its pipes are read raw by daemon threads, and every wait here is bounded: a program
    that leaves a child holding its pipes open (Wine's services, when a Windows program
    starts them, inherit the program's stdout and stderr) cannot stall the harness after
    the program itself has ended."""

    # how long the readers may take to drain the pipes once the program has ended
    DRAIN = 5.0
    # how long a Windows program may take to stop when asked (Ctrl-C) before it is killed
    STOP_GRACE = 15.0

    def __init__(self, command, stdin=subprocess.DEVNULL, cwd=None, env=None):
        self.command = command
        self.wineserver = wine_session(command)
        self.proc = subprocess.Popen(command, stdin=stdin, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=cwd, env=env, bufsize=0)
        self.out = queue.Queue()
        self.out_lines = []
        self.err_chunks = []
        self.pipes_held = False
        self.pumps = [threading.Thread(target=self._pump, args=(self.proc.stdout, self._on_out, True),
                                       daemon=True),
                      threading.Thread(target=self._pump, args=(self.proc.stderr, self.err_chunks.append, False),
                                       daemon=True)]
        for pump in self.pumps:
            pump.start()

    def _on_out(self, text):
        if text is None:
            self.out.put(None)
            return
        self.out_lines.append(text)
        self.out.put(text.rstrip("\n"))

    @staticmethod
    def _pump(pipe, deliver, announce_end):
        """Read raw chunks to end of file and hand out each line (the last one even
        without its newline), then None if announce_end."""
        pending = b""
        while True:
            try:
                chunk = os.read(pipe.fileno(), 65536)
            except (OSError, ValueError):
                chunk = b""
            if not chunk:
                break
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for raw in lines:
                deliver(clean(raw + b"\n"))
        if pending:
            deliver(clean(pending))
        if announce_end:
            deliver(None)

    def line(self, timeout=TIMEOUT):
        """The next output line; AssertionError on timeout or end of output."""
        try:
            line = self.out.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no output from {self.command} within {timeout}s"
                                 f"{wine_diagnosis(self.command)}")
        if line is None:
            raise AssertionError(f"{self.command} ended; stderr: {self.stderr()}"
                                 f"{wine_diagnosis(self.command)}")
        return line

    def wait_for(self, predicate, timeout=TIMEOUT):
        """Read lines until one satisfies predicate; return it."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"expected output not seen from {self.command}")
            line = self.line(left)
            if predicate(line):
                return line

    def stderr(self):
        return "".join(self.err_chunks)

    def stdout(self):
        return "".join(self.out_lines)

    def wait(self, timeout=TIMEOUT):
        """Exit code (killing the process if it overstays)."""
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"{self.command} did not exit within {timeout}s; stdout "
                                 f"ends {self.stdout()[-300:]!r}, stderr ends "
                                 f"{self.stderr()[-300:]!r}{wine_diagnosis(self.command)}")
        self._close_pipes()
        return code

    def kill(self):
        """End the program. A Windows program is first asked to stop (SIGINT, which Wine
        delivers as Ctrl-C): killing a Windows process while its select() has just
        completed can make Wine 8's wineserver abort (docs/porting.md); the example
        servers stop from their own loop, the others as Ctrl-C ends them."""
        if self.proc.poll() is None and self.wineserver is not None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=self.STOP_GRACE)
            except subprocess.TimeoutExpired:
                pass  # killed below
        if self.proc.poll() is None:
            self.proc.kill()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                raise AssertionError(f"{self.command} survived SIGKILL for 30 s"
                                     f"{wine_diagnosis(self.command)}")
        self._close_pipes()

    def _close_pipes(self):
        """Let the readers drain what is left, for DRAIN seconds at most. A pipe still open
        then is held by another process: its reader is left behind (a daemon thread), and
        closing it here could block on that reader, so it stays open."""
        deadline = time.monotonic() + self.DRAIN
        for pump in self.pumps:
            pump.join(timeout=max(0.0, deadline - time.monotonic()))
        self.pipes_held = any(pump.is_alive() for pump in self.pumps)
        if not self.pipes_held:
            for pipe in (self.proc.stdout, self.proc.stderr):
                if pipe is not None and not pipe.closed:
                    pipe.close()
        assert_no_checker_report(self.command, self.stderr())
        self.assert_wineserver_survived()

    def assert_wineserver_survived(self):
        """A Windows program's wineserver must outlive it (it is its client): if it died,
        Wine crashed under this test, whatever the program's output said. Never passed
        over, even when the next program starts a fresh wineserver."""
        if self.wineserver is None or os.path.exists(f"/proc/{self.wineserver}"):
            return
        pid, self.wineserver = self.wineserver, None  # report it once
        raise AssertionError(f"wineserver {pid} died while {self.command} ran"
                             f"{wine_diagnosis(self.command)}")


class Server(Process):
    """A server program: its first line says 'listening on ADDRESS:PORT'."""

    def __init__(self, command, **kwargs):
        super().__init__(command, **kwargs)
        first = self.line()
        if not first.startswith("listening on "):
            self.kill()
            raise AssertionError(f"{command} printed {first!r} first; stderr: {self.stderr()}")
        self.address = first[len("listening on "):]
        self.port = int(self.address.rsplit(":", 1)[1])


def run(command, stdin_data=b"", timeout=TIMEOUT, cwd=None):
    """Run to completion: (exit code, stdout text, stderr text). The wait for the exit and
    for the output are both bounded (see Process)."""
    proc = Process(command, stdin=subprocess.PIPE, cwd=cwd)

    def feed():
        try:
            if stdin_data:
                proc.proc.stdin.write(stdin_data)
        except OSError:
            pass  # the program ended or closed its input: what it read is what counts
        finally:
            try:
                proc.proc.stdin.close()
            except OSError:
                pass

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    code = proc.wait(timeout)
    feeder.join(timeout=Process.DRAIN)
    return code, proc.stdout(), proc.stderr()


def free_port(family=socket.AF_INET):
    """A loopback port with nothing listening, kept bound (not listening) by the returned
    socket so that no one takes it: connects to it are refused."""
    s = socket.socket(family, socket.SOCK_STREAM)
    s.bind(("127.0.0.1" if family == socket.AF_INET else "::1", 0))
    return s, s.getsockname()[1]


def connect(port, host="127.0.0.1", timeout=TIMEOUT):
    """An independent peer: a plain Python TCP client."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect((host, port))
    return s


def recv_line(sock, buf=b""):
    """(one line without its terminator, rest of buffer) from a Python socket."""
    while b"\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise AssertionError(f"connection closed; partial line {buf!r}")
        buf += chunk
    line, rest = buf.split(b"\n", 1)
    return clean(line), rest


def raise_fd_limit(needed):
    """Raise this process's soft RLIMIT_NOFILE to its hard limit (the server inherits
    it). Returns None, or the reason it cannot reach `needed`."""
    if resource is None:
        return None  # Windows: sockets are not limited by an rlimit
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < needed:
        return f"RLIMIT_NOFILE hard limit {hard} < {needed} descriptors needed"
    for target in (hard, max(soft, needed)):
        try:
            if target == resource.RLIM_INFINITY or soft < target:
                resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            return None
        except (ValueError, OSError):
            continue  # e.g. an unlimited hard limit: fall back to what is needed
    return f"cannot raise RLIMIT_NOFILE soft limit {soft} to {needed}"
