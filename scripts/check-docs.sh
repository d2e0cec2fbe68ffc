#!/usr/bin/env bash
# check-docs.sh - build the API reference with Doxygen (docs/Doxyfile) and fail on any
# warning. Doxygen warns about every public declaration without a doc comment, so a
# new XSOCK_API function without one fails this check.
# The version comes from XSOCK_VERSION_* in include/xsock.h (passed as PROJECT_NUMBER).
# Output: build/docs/html/index.html; warnings: build/docs/warnings.log.
# Installs doxygen when it is missing and the script runs as root.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$XSOCK_ROOT" || die "cannot enter $XSOCK_ROOT"

command -v doxygen >/dev/null || ensure_packages doxygen
command -v doxygen >/dev/null || die "doxygen is not installed (Debian/Ubuntu package: doxygen)"

# version_part NAME: the number of "#define XSOCK_VERSION_NAME N" (CMake reads it the same way).
version_part() { sed -nE "s/^#define XSOCK_VERSION_$1 ([0-9]+)\$/\\1/p" include/xsock.h; }
version="$(version_part MAJOR).$(version_part MINOR).$(version_part PATCH)"
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
    die "cannot read XSOCK_VERSION_MAJOR/MINOR/PATCH from include/xsock.h (got \"$version\")"

out=build/docs
log=$out/warnings.log
rm -rf "$out/html"
mkdir -p "$out" || die "cannot create $out"

say "doxygen $(doxygen --version): xsock $version"
# Doxyfile has QUIET = YES: everything doxygen prints is a warning or an error.
{
    cat docs/Doxyfile
    echo "PROJECT_NUMBER = $version"
} | doxygen - >"$log" 2>&1
status=$?

if [ -s "$log" ]; then
    cat "$log"
fi
if [ "$status" -ne 0 ]; then
    die "doxygen failed (exit status $status); its output is in $log"
fi
if [ -s "$log" ]; then
    count=$(grep -cE '(warning|error):' "$log")
    [ "$count" -gt 0 ] || count=$(grep -c . "$log")
    printf '%s doxygen warning(s); they are in %s\n' "$count" "$log" >&2
    exit 1
fi
echo "0 doxygen warnings; HTML in $out/html/index.html"
