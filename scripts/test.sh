#!/usr/bin/env bash
# test.sh - build xsock and run every test: native gcc (warnings as errors), native
# clang with AddressSanitizer + UndefinedBehaviorSanitizer, and the MinGW-w64 build
# with its tests under Wine. Installs what is missing when run as root.
# Ends with one line "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

PACKAGES=(cmake ninja-build gcc g++ clang libclang-rt-dev libcmocka-dev pkg-config
          mingw-w64 wine wine64 dpkg-dev ca-certificates debian-archive-keyring python3
          cppcheck clang-tidy valgrind doxygen)
ensure_packages "${PACKAGES[@]}"
# Node.js (for the workflow linter) may come from elsewhere than Debian, with its own
# npm: ask for the Debian packages only when the commands are missing.
command -v node >/dev/null || ensure_packages nodejs
command -v npm >/dev/null || ensure_packages npm

passed=0
failed=0
failures=()
skips=()

# count_ctest LOG NAME: add the results of one ctest run to the totals.
count_ctest() {
    local log=$1 name=$2 line total bad
    line=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$log" | tail -n 1)
    if [ -z "$line" ]; then
        failed=$((failed + 1)); failures+=("$name: ctest ran no test"); return
    fi
    total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")
    bad=$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$line")
    passed=$((passed + total - bad))
    failed=$((failed + bad))
    [ "$bad" -eq 0 ] || failures+=("$name: $bad of $total tests failed")
}

# step NAME CMD...: a check that counts as one test.
step() {
    local name=$1; shift
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
}

# configure_build_test NAME CTEST_ARGS -- CMAKE_ARGS...
configure_build_test() {
    local name=$1 ctest_args=$2; shift 3
    local dir=$XSOCK_BUILD/$name log
    say "$name: configure and build"
    if ! cmake -S "$XSOCK_ROOT" -B "$dir" -G "$(cmake_generator)" -DXSOCK_WERROR=ON \
        -DXSOCK_BUILD_TESTS=ON "$@" >"$dir.configure.log" 2>&1; then
        cat "$dir.configure.log"; failed=$((failed + 1)); failures+=("$name: configure"); return
    fi
    if ! cmake --build "$dir" -j "$XSOCK_JOBS" >"$dir.build.log" 2>&1; then
        tail -n 40 "$dir.build.log"; failed=$((failed + 1)); failures+=("$name: build"); return
    fi
    say "$name: test"
    log=$dir.ctest.log
    # shellcheck disable=SC2086
    (cd "$dir" && ctest --output-on-failure $ctest_args) 2>&1 | tee "$log" |
        grep -E "Test +#|tests passed|SKIP|Failed|\*\*\*" || true
    count_ctest "$log" "$name"
    report_skips "$dir" "$name"
}

# report_skips DIR NAME: every check a test skipped, with its reason (never silent).
report_skips() {
    local reasons
    reasons=$(tr -d '\r' <"$1/Testing/Temporary/LastTest.log" 2>/dev/null |
              grep -F '[  SKIP    ]' | sed 's/^\[  SKIP    \] //' | sort -u)
    [ -z "$reasons" ] && return
    while IFS= read -r r; do skips+=("$2: $r"); done <<<"$reasons"
}

mkdir -p "$XSOCK_BUILD"
say "GitHub workflow files (actionlint)"
step "GitHub workflow files pass actionlint" bash "$XSOCK_ROOT/scripts/check-workflows.sh"
step "GitHub jobs fetch dependencies with retries, Wine tests one at a time" \
    python3 "$XSOCK_ROOT/scripts/check-ci-deps.py" "$XSOCK_ROOT/.github/workflows/ci.yml"
# The poller's kqueue branch (BSD, macOS) is not built on Linux: compile it here against a
# shim of <sys/event.h> with the project's warnings, so a slip shows before the macOS job.
step "kqueue branch of src/posix/queue.c compiles (shim header)" \
    gcc -std=c99 -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror -fsyntax-only \
    -U__linux__ -D__OpenBSD__ -I"$XSOCK_ROOT/tests/shim" -I"$XSOCK_ROOT/include" \
    -I"$XSOCK_ROOT/src" "$XSOCK_ROOT/src/posix/queue.c"
# The public header as C++ under clang's every warning, for POSIX and for Windows (no
# reserved names such as double underscores). Left out: C++98 compatibility (the check
# is C++11) and -Wpadded (it reports the layout of xsock_addr, not a defect).
header_everything() {
    clang++ "$@" -std=c++11 -Weverything -Wno-c++98-compat -Wno-c++98-compat-pedantic \
        -Wno-padded -Werror -fsyntax-only -I"$XSOCK_ROOT/include" "$XSOCK_ROOT/tests/header/cxx.cpp"
}
step "xsock.h clean under clang -Weverything as C++ (POSIX)" header_everything
step "xsock.h clean under clang -Weverything as C++ (Windows)" header_everything \
    --target=x86_64-w64-mingw32 --sysroot=/usr/x86_64-w64-mingw32
say "documentation facts from the code (options, function counts)"
step "README lists every option, counts match xsock.h" bash "$XSOCK_ROOT/scripts/check-doc-facts.sh"
if git -c safe.directory="*" -C "$XSOCK_ROOT" rev-parse --git-dir >/dev/null 2>&1; then
    say "release archive from a tag (temporary clone)"
    step "scripts/release.sh on a temporary tag" bash "$XSOCK_ROOT/scripts/release.sh" --self-test
else
    skips+=("scripts/release.sh self-test: $XSOCK_ROOT is not a git checkout")
fi

configure_build_test linux-gcc "-j $XSOCK_JOBS --timeout 120" -- \
    -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Debug

# utf8_names MODE BIN NAME: a UTF-8 host name resolves (scripts/utf8-names.sh); exit 77
# is a skip with its reason.
utf8_names() {
    local out rc=0
    out=$(bash "$XSOCK_ROOT/scripts/utf8-names.sh" "$1" "$2" 2>&1) || rc=$?
    echo "$out"
    if [ "$rc" -eq 77 ]; then skips+=("$3: ${out#skipped: }"); return 0; fi
    return "$rc"
}
step "linux-gcc: UTF-8 host names" utf8_names native "$XSOCK_BUILD/linux-gcc/bin" linux-gcc

# The shared library exports exactly the public API: every XSOCK_API declaration.
check_exports() {
    local listing=$1 expected got extra
    expected=$(grep -E '^XSOCK_API ' "$XSOCK_ROOT/include/xsock.h" |
               grep -oE 'xsock_[a-z0-9_]+\(' | tr -d '(' | sort -u)
    got=$(sort -u "$listing")
    extra=$(comm -3 <(echo "$expected") <(echo "$got"))
    if [ -n "$extra" ]; then echo "export table differs from xsock.h:"; echo "$extra"; return 1; fi
    echo "exports: $(wc -l <<<"$got") symbols, exactly the public API"
}

configure_build_test linux-gcc-shared "-j $XSOCK_JOBS --timeout 120" -- \
    -DCMAKE_C_COMPILER=gcc -DBUILD_SHARED_LIBS=ON
step "linux shared library: versioned soname, only xsock_ exports" bash -c "
    so=\$(readlink -f '$XSOCK_BUILD/linux-gcc-shared/libxsock.so') &&
    objdump -p \"\$so\" | grep -E 'SONAME +libxsock\.so\.[0-9]+' >/dev/null &&
    nm -D --defined-only \"\$so\" | awk '\$2 ~ /^[TDBRV]\$/ {print \$3}' > '$XSOCK_BUILD/linux-exports.txt'" &&
    step "linux exports match xsock.h" check_exports "$XSOCK_BUILD/linux-exports.txt"

configure_build_test linux-clang-asan "-j $XSOCK_JOBS --timeout 180" -- \
    -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_C_FLAGS=-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
    "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined"

# Ways to consume xsock: installed package, pkg-config, add_subdirectory, FetchContent,
# the shared library, and the generated drop-in files (current, and working).
consumer_cases() {
    local c
    for c in "$@"; do
        say "consumer: $c"
        step "consumer $c" bash "$XSOCK_ROOT/scripts/consumer-tests.sh" "$c"
    done
}
consumer_cases native-package native-shared native-pkgconfig native-subdirectory \
    native-fetchcontent dropin-current dropin-native native-install-prefix native-no-cmocka \
    native-static-and-shared native-version dropin-cxx \
    bsd-native-package bsd-native-pkgconfig bsd-native-subdirectory

# Reliability: static analysis, API docs, fuzzing, valgrind and ThreadSanitizer.
say "static analysis (cppcheck, clang-tidy)"
step "static analysis" bash "$XSOCK_ROOT/scripts/lint.sh"
say "API reference (Doxygen, no warnings)"
step "doxygen" bash "$XSOCK_ROOT/scripts/check-docs.sh"
say "fuzzing (libFuzzer, 20 s a target)"
step "fuzzing" bash "$XSOCK_ROOT/scripts/fuzz.sh" 20
say "valgrind and ThreadSanitizer"
step "valgrind and ThreadSanitizer" bash "$XSOCK_ROOT/scripts/memcheck.sh"

# The GitHub jobs' cmocka fetcher: a place that fails and one with a wrong archive are
# passed over, the archive with the pinned SHA-256 is taken (file:// copies of Debian's).
check_cmocka_fetcher() {
    local t=$XSOCK_BUILD/cmocka-fetcher orig got
    orig=$(ls "$XSOCK_BUILD"/cmocka-src/cmocka_*.orig.tar.xz 2>/dev/null | head -n 1)
    [ -n "$orig" ] || { echo "no cmocka .orig.tar.xz in $XSOCK_BUILD/cmocka-src"; return 1; }
    rm -rf "$t" && mkdir -p "$t" && head -c 4096 "$orig" >"$t/wrong.tar.xz"
    if XSOCK_CMOCKA_URLS="file://$t/wrong.tar.xz" "$XSOCK_ROOT/scripts/fetch-cmocka-release.sh" \
        "$t/refused" >/dev/null 2>&1; then echo "a wrong archive was taken"; return 1; fi
    got=$(XSOCK_CMOCKA_URLS="file://$t/missing.tar.xz file://$t/wrong.tar.xz file://$orig" \
        "$XSOCK_ROOT/scripts/fetch-cmocka-release.sh" "$t/taken" 2>/dev/null) &&
        [ -f "$got/CMakeLists.txt" ] || { echo "the pinned archive was not taken"; return 1; }
}

say "mingw: cmocka from Debian's source package"
if src=$(cmocka_source); then
    step "fetch-cmocka-release.sh takes only the pinned archive" check_cmocka_fetcher
    # Each ctest run below starts and stops its own Wine session (a ctest fixture, which
    # fails if wineserver aborted); the cross-platform tests and consumers use one more.
    wine_prefix
    configure_build_test mingw-x86_64 "-j $XSOCK_JOBS --timeout 180" -- \
        -DCMAKE_TOOLCHAIN_FILE="$XSOCK_ROOT/cmake/mingw-x86_64.cmake" \
        -DFETCHCONTENT_SOURCE_DIR_CMOCKA="$src" -DCMAKE_BUILD_TYPE=Debug
    step "mingw-x86_64: UTF-8 host names" utf8_names wine "$XSOCK_BUILD/mingw-x86_64/bin" \
        mingw-x86_64
    configure_build_test mingw-x86_64-dll "-j $XSOCK_JOBS --timeout 180" -- \
        -DCMAKE_TOOLCHAIN_FILE="$XSOCK_ROOT/cmake/mingw-x86_64.cmake" -DBUILD_SHARED_LIBS=ON \
        -DFETCHCONTENT_SOURCE_DIR_CMOCKA="$src"
    wine_start test.sh
    # Across platforms: the Linux server with the Windows client, and the reverse.
    for module in "$XSOCK_ROOT"/tests/e2e/test_*.py; do
        module=$(basename "$module" .py)
        say "cross-platform e2e: $module (Linux <-> Windows under Wine)"
        step "cross $module" env -C "$XSOCK_ROOT/tests/e2e" XSOCK_E2E_MODE=cross \
            XSOCK_E2E_BIN="$XSOCK_BUILD/linux-gcc/bin" XSOCK_E2E_NAME=linux \
            XSOCK_E2E_PEER_BIN="$XSOCK_BUILD/mingw-x86_64/bin" XSOCK_E2E_PEER_NAME=windows \
            XSOCK_E2E_PEER_EMULATOR=wine PYTHONDONTWRITEBYTECODE=1 \
            timeout 600 python3 -W ignore -m unittest "$module"
    done
    consumer_cases mingw-package mingw-pkgconfig mingw-shared dropin-mingw mingw-subdirectory-shared \
        mingw-static-and-shared \
        bsd-mingw-package bsd-mingw-pkgconfig bsd-mingw-subdirectory
    x86_64-w64-mingw32-objdump -p "$XSOCK_BUILD/mingw-x86_64-dll/bin/libxsock.dll" 2>/dev/null |
        sed -n '/Ordinal\/Name Pointer/,/^$/p' | tail -n +2 | grep -oE '\] [A-Za-z_][A-Za-z0-9_]*' |
        sed 's/^\] //' > "$XSOCK_BUILD/dll-exports.txt"
    step "xsock.dll exports match xsock.h" check_exports "$XSOCK_BUILD/dll-exports.txt"
    step "wineserver did not abort during the cross-platform and consumer tests" wine_stop test.sh
    # 32-bit Windows programs cannot run here (no wine32): prove that it compiles.
    say "mingw-i686: build only"
    step "mingw-i686 build" bash -c "cmake -S '$XSOCK_ROOT' -B '$XSOCK_BUILD/mingw-i686' -G '$(cmake_generator)' \
        -DCMAKE_TOOLCHAIN_FILE='$XSOCK_ROOT/cmake/mingw-i686.cmake' -DXSOCK_WERROR=ON \
        -DFETCHCONTENT_SOURCE_DIR_CMOCKA='$src' >'$XSOCK_BUILD/mingw-i686.log' 2>&1 &&
        cmake --build '$XSOCK_BUILD/mingw-i686' -j '$XSOCK_JOBS' >>'$XSOCK_BUILD/mingw-i686.log' 2>&1 ||
        { tail -n 30 '$XSOCK_BUILD/mingw-i686.log'; false; }"
else
    failed=$((failed + 1)); failures+=("mingw: could not fetch cmocka's source")
fi

# The main job as a user runs it; it must leave no process behind (servers, Wine).
say "demo (scripts/demo.sh) and what it leaves running"
step "demo.sh passes and leaves no process behind" \
    bash "$XSOCK_ROOT/scripts/no-leftovers.sh" bash "$XSOCK_ROOT/scripts/demo.sh"

say "summary"
for r in "${skips[@]}"; do echo "skipped: $r"; done
for f in "${failures[@]}"; do echo "FAILED: $f"; done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
