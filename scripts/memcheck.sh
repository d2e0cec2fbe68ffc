#!/usr/bin/env bash
# memcheck.sh - valgrind over every unit test and one end-to-end run of each example,
# and ThreadSanitizer over the parts that are thread-safe by contract (init/cleanup
# from 16 threads, concurrent resolution, error text from many threads, a poller woken
# from another thread while it waits).
# Uses the native gcc build made by scripts/test.sh (build/linux-gcc).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null || die "valgrind is needed (apt-get install valgrind)"
bin=$XSOCK_BUILD/linux-gcc/bin
[ -x "$bin/test_errors" ] || die "build/linux-gcc is missing: run scripts/test.sh"
status=0
vg=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99)

say "valgrind: unit tests"
for t in "$bin"/test_*; do
    name=$(basename "$t")
    if XSOCK_UNDER_VALGRIND=1 "${vg[@]}" "$t" >"$XSOCK_BUILD/valgrind-$name.log" 2>&1; then
        echo "  $name: clean"
    else
        echo "  $name: FAILED"; grep -E "==[0-9]+==|FAILED|ERROR" "$XSOCK_BUILD/valgrind-$name.log" | head -n 20
        status=1
    fi
done

say "valgrind: the examples, end to end"
(cd "$XSOCK_ROOT/tests/e2e" && XSOCK_E2E_BIN="$bin" XSOCK_E2E_EMULATOR="${vg[*]}" \
    PYTHONDONTWRITEBYTECODE=1 timeout 900 python3 -W ignore -m unittest \
    test_tcp test_udp test_chat test_file test_tools 2>&1 | tail -n 4) || status=1

say "ThreadSanitizer: init/cleanup, resolution, error text, poller wakeup"
tsan=$XSOCK_BUILD/linux-clang-tsan
if cmake -S "$XSOCK_ROOT" -B "$tsan" -G "$(cmake_generator)" -DCMAKE_C_COMPILER=clang \
        "-DCMAKE_C_FLAGS=-fsanitize=thread -g -O1" -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread \
        -DXSOCK_BUILD_EXAMPLES=OFF >"$tsan.log" 2>&1 &&
    cmake --build "$tsan" --target test_init test_errors test_resolve test_poller >>"$tsan.log" 2>&1; then
    for t in init errors resolve poller; do
        if TSAN_OPTIONS="halt_on_error=1" "$tsan/bin/test_$t" >"$tsan-$t.log" 2>&1; then
            echo "  test_$t: no data race"
        else
            echo "  test_$t: FAILED"; grep -A12 "WARNING: ThreadSanitizer" "$tsan-$t.log" | head -n 30
            status=1
        fi
    done
else
    tail -n 20 "$tsan.log"; status=1
fi
exit $status
