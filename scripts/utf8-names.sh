#!/usr/bin/env bash
# utf8-names.sh - run test_resolve's UTF-8 name check against a hosts file that maps a
# UTF-8 name, in a private mount namespace (the machine's /etc/hosts is not touched).
# Usage: scripts/utf8-names.sh native BIN_DIR | scripts/utf8-names.sh wine BIN_DIR
# Linux's getaddrinfo looks the UTF-8 bytes up; Windows' GetAddrInfoW (and Wine's) its
# IDNA form ("xn--..."): each run gets the hosts file with only the form its system
# uses, so the ANSI getaddrinfo that xsock once called on Windows fails the check.
# Exits 77 (skipped, with the reason) where no private mount namespace can be made.
set -euo pipefail
mode=$1 bin=$2
address=127.0.0.9
hosts=$(mktemp)
trap 'rm -f "$hosts"' EXIT
if [ "$mode" = wine ]; then
    printf '127.0.0.1 localhost\n::1 localhost\n%s xn--bcher-kva.test\n' "$address" >"$hosts"
    run=(wine "$bin/test_resolve.exe")
else
    printf '127.0.0.1 localhost\n::1 localhost\n%s b\xc3\xbccher.test\n' "$address" >"$hosts"
    run=("$bin/test_resolve")
fi
if ! unshare -m true 2>/dev/null; then
    echo "skipped: cannot make a private mount namespace (needs root or user namespaces)"
    exit 77
fi
out=$(XSOCK_TEST_UTF8_HOST=$address timeout 120 unshare -m sh -c \
    'mount --bind "$0" /etc/hosts && exec "$@"' "$hosts" "${run[@]}" 2>&1 | tr -d '\r') || {
    echo "$out"; exit 1; }
grep -E 'RUN +\] utf8_names' -A1 <<<"$out"
grep -qE 'OK +\] utf8_names' <<<"$out"
