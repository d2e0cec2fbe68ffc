"""End-to-end: the small programs, sizes and resolve."""
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


if __name__ == "__main__":
    unittest.main()
