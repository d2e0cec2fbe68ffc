"""End-to-end: the small programs, sizes and resolve; and the command line of every
example: usage errors are one line, help texts share one layout."""
import os
import unittest

from harness import builds, run

SAME = os.environ.get("XSOCK_E2E_MODE", "same") == "same"


@unittest.skipUnless(SAME, "single-program checks run in the same-build mode")
class Tools(unittest.TestCase):
    def setUp(self):
        self.build = builds()[0]

    def test_sizes(self):
        code, out, err = run(self.build.command("sizes"))
        self.assertEqual(code, 0, err)
        self.assertRegex(out, r"struct sockaddr +16 bytes")
        self.assertRegex(out, r"struct sockaddr_in +16 bytes")
        self.assertRegex(out, r"struct sockaddr_in6 +28 bytes")
        # int on POSIX; SOCKET (pointer-sized) on Windows: 8 on Win64, 4 on Win32
        self.assertRegex(out, r"xsock_t +(4|8) bytes" if self.build.windows else r"xsock_t +4 bytes")
        self.assertIn("16 bytes because", out)

    def test_resolve_localhost(self):
        code, out, err = run(self.build.command("resolve"))
        self.assertEqual(code, 0, err)
        self.assertRegex(out, r"host name: \S+")
        self.assertRegex(out, r"127\.0\.0\.1 +IPv4 +stream")
        self.assertRegex(out, r"127\.0\.0\.1 +IPv4 +datagram")

    def test_resolve_numeric_ipv6(self):
        code, out, err = run(self.build.command("resolve", "::1"))
        self.assertEqual(code, 0, err)
        self.assertRegex(out, r"::1 +IPv6 +stream")

    def test_bad_arguments_and_help(self):
        for program in ("sizes", "resolve"):
            code, out, err = run(self.build.command(program, "--help"))
            self.assertEqual(code, 0)
            self.assertIn("usage:", out)
        code, out, err = run(self.build.command("sizes", "extra"))
        self.assertEqual(code, 2)
        code, out, err = run(self.build.command("resolve", "a", "b"))
        self.assertEqual(code, 2)


PROGRAMS = ("tcp_server", "tcp_client", "chat_server", "udp_server", "udp_client",
            "file_server", "file_client", "sizes", "resolve")

# (program, arguments, what the one line of stderr must contain)
USAGE_ERRORS = [
    ("tcp_server", ["--idle"], "--idle needs a number of milliseconds"),
    ("chat_server", ["--idle"], "--idle needs a number of milliseconds"),
    ("tcp_server", ["--idle", "soon"], "--idle needs a number of milliseconds"),
    ("udp_server", ["--idle", "5"], "unknown option --idle"),
    ("tcp_client", ["--timeout"], "--timeout needs a number of milliseconds"),
    ("udp_client", ["--timeout"], "--timeout needs a number of milliseconds"),
    ("file_client", ["--timeout"], "--timeout needs a number of milliseconds"),
    ("file_client", ["--dir"], "--dir needs a folder"),
    ("file_server", ["--name"], "--name needs a file name"),
    ("tcp_client", ["127.0.0.1"], "HOST and PORT are required"),
    ("udp_client", ["-x"], "unknown option -x"),
    ("file_client", ["127.0.0.1"], "HOST and PORT are required"),
    ("file_server", [], "FILE is required"),
    ("tcp_server", ["127.0.0.1", "port"], 'bad port "port"'),
    ("tcp_server", ["a", "1", "extra"], "too many arguments"),
    ("sizes", ["extra"], "no arguments expected"),
    ("resolve", ["a", "b"], "too many arguments"),
]


@unittest.skipUnless(SAME, "single-program checks run in the same-build mode")
class CommandLines(unittest.TestCase):
    def setUp(self):
        self.build = builds()[0]

    def assert_usage_error(self, program, args, phrase):
        code, out, err = run(self.build.command(program, *args))
        self.assertEqual(code, 2, (out, err))
        self.assertEqual(out, "")
        lines = err.splitlines()
        self.assertEqual(len(lines), 1, err)
        self.assertTrue(lines[0].startswith(f"{program}: {phrase}"), lines[0])
        self.assertTrue(lines[0].endswith(" (try --help)"), lines[0])

    def test_unknown_option_is_one_line(self):
        for program in PROGRAMS:
            with self.subTest(program=program):
                code, out, err = run(self.build.command(program, "--bogus"))
                self.assertEqual(code, 2, (out, err))
                self.assertEqual(out, "")
                self.assertEqual(err, f"{program}: unknown option --bogus (try --help)\n")

    def test_usage_errors_are_one_line(self):
        for program, args, phrase in USAGE_ERRORS:
            with self.subTest(program=program, args=args):
                self.assert_usage_error(program, args, phrase)

    def test_help_layout(self):
        # "usage: PROGRAM ...", one line saying what it does, then two-space indented
        # lines of arguments and options, --help last
        for program in PROGRAMS:
            with self.subTest(program=program):
                code, out, err = run(self.build.command(program, "--help"))
                self.assertEqual(code, 0, err)
                self.assertEqual(err, "")
                lines = out.splitlines()
                self.assertTrue(lines[0].startswith(f"usage: {program}"), lines[0])
                self.assertFalse(lines[1].startswith(" "), lines[1])
                self.assertTrue(all(line.startswith("  ") for line in lines[2:]), out)
                self.assertTrue(lines[-1].startswith("  --help "), out)
                self.assertLessEqual(max(len(line) for line in lines), 88, out)


if __name__ == "__main__":
    unittest.main()
