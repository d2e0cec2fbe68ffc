#!/usr/bin/env bash
# fuzz.sh [SECONDS] - build the libFuzzer targets (clang, with AddressSanitizer and
# UndefinedBehaviorSanitizer) and run each for SECONDS (default 20) from its committed
# seed corpus (tests/fuzz/corpus). Fails on any crash, leak or sanitizer report.
# Prints executions per second and coverage for each target. FUZZ_TARGETS="a b" runs only
# those targets (names as in tests/fuzz/fuzz_NAME.c).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
seconds=${1:-20}
command -v clang >/dev/null || die "clang is needed (apt-get install clang libclang-rt-dev)"
out=$XSOCK_BUILD/fuzz
mkdir -p "$out"
flags=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
       -I"$XSOCK_ROOT/include" -I"$XSOCK_ROOT/src" -I"$XSOCK_ROOT/examples/common" -D_GNU_SOURCE)
library=()
for f in "$XSOCK_ROOT"/src/common/*.c "$XSOCK_ROOT"/src/posix/*.c; do
    [ "$(basename "$f")" = faults.c ] || library+=("$f")
done
examples=("$XSOCK_ROOT/examples/common/ex.c" "$XSOCK_ROOT/examples/common/transfer.c"
          "$XSOCK_ROOT/examples/common/crc32.c")
status=0
for target in ${FUZZ_TARGETS:-addr_parse lines lines_in_place transfer_header crc32 poller}; do
    exe=$out/fuzz_$target
    clang "${flags[@]}" -DXSOCK_BUILDING "$XSOCK_ROOT/tests/fuzz/fuzz_$target.c" \
        "${library[@]}" "${examples[@]}" -lpthread -o "$exe" 2>"$out/$target.build.log" ||
        { cat "$out/$target.build.log"; die "building fuzz_$target failed"; }
    corpus=$out/corpus-$target
    rm -rf "$corpus"
    cp -r "$XSOCK_ROOT/tests/fuzz/corpus/$target" "$corpus"
    (cd "$out" && "$exe" -max_total_time="$seconds" -print_final_stats=1 -detect_leaks=1 \
        "$corpus" >"$out/$target.log" 2>&1)
    rc=$?
    runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$out/$target.log" | grep -oE '[0-9]+$')
    speed=$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$out/$target.log" | grep -oE '[0-9]+$')
    cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$out/$target.log" | tail -n 1)
    echo "fuzz_$target: ${runs:-?} inputs in ${seconds}s (${speed:-?}/s), $cov, exit $rc"
    if [ $rc -ne 0 ]; then
        grep -E 'ERROR|SUMMARY|abort|Test unit written' "$out/$target.log" | head -n 20
        status=1
    fi
done
exit $status
