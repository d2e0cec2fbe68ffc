#!/usr/bin/env bash
# lint.sh - static analysis with the checked-in configuration (.cppcheck-suppressions,
# .clang-tidy): cppcheck and clang-tidy over the library (both backends), the
# examples and the fuzz targets. Exits non-zero on any finding.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
command -v cppcheck >/dev/null || die "cppcheck is needed (apt-get install cppcheck)"
command -v clang-tidy >/dev/null || die "clang-tidy is needed (apt-get install clang-tidy)"
status=0
cd "$XSOCK_ROOT"

say "cppcheck"
cppcheck_common=(--enable=warning,style,performance,portability --std=c99 --inline-suppr --quiet
                 --error-exitcode=1 --suppressions-list=.cppcheck-suppressions -I include -I src
                 -I examples/common -D__GNUC__)
cppcheck "${cppcheck_common[@]}" -D__linux__ src/common src/posix examples tests/fuzz || status=1
cppcheck "${cppcheck_common[@]}" -D_WIN32 src/win32 src/bsd || status=1

say "clang-tidy"
tidy_posix=$XSOCK_BUILD/lint-posix
tidy_win=$XSOCK_BUILD/lint-win32
cmake -S . -B "$tidy_posix" -G "$(cmake_generator)" -DCMAKE_C_COMPILER=clang \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DXSOCK_BUILD_TESTS=OFF >/dev/null || status=1
cmake -S . -B "$tidy_win" -G "$(cmake_generator)" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-x86_64.cmake -DXSOCK_BUILD_TESTS=OFF >/dev/null || status=1
findings=$(
    ls src/common/*.c src/posix/*.c examples/*.c examples/common/*.c |
        xargs -P "$XSOCK_JOBS" -n 4 clang-tidy -p "$tidy_posix" --quiet 2>/dev/null
    ls src/win32/*.c src/bsd/*.c |
        xargs -P "$XSOCK_JOBS" -n 4 clang-tidy -p "$tidy_win" --quiet \
            --extra-arg=--target=x86_64-w64-mingw32 2>/dev/null
)
if grep -qE "(warning|error):" <<<"$findings"; then
    grep -E "(warning|error):" <<<"$findings" | sort -u
    status=1
fi
[ $status -eq 0 ] && echo "lint: cppcheck and clang-tidy report nothing"
exit $status
