#!/usr/bin/env bash
# consumer-tests.sh CASE - build tests/consumer/main.c against xsock the way a user
# would, and run it (the Windows .exe under Wine, which the caller has started).
# Cases: native-package, native-shared, native-pkgconfig, native-subdirectory,
#        native-fetchcontent, mingw-package, mingw-pkgconfig, mingw-shared,
#        dropin-current, dropin-native, dropin-mingw,
#        bsd-native-package, bsd-native-pkgconfig, bsd-native-subdirectory,
#        bsd-mingw-package, bsd-mingw-pkgconfig, bsd-mingw-subdirectory (the BSD layer)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

case_name=$1
work=$XSOCK_BUILD/consumers/$case_name
consumer=$XSOCK_ROOT/tests/consumer
toolchain=$XSOCK_ROOT/cmake/mingw-x86_64.cmake
rm -rf "$work"
mkdir -p "$work"
log=$work/log.txt

quiet() { "$@" >>"$log" 2>&1 || { tail -n 40 "$log"; return 1; }; }

# install_xsock PREFIX [CMAKE ARGS...]: build and install xsock alone.
install_xsock() {
    local prefix=$1; shift
    quiet cmake -S "$XSOCK_ROOT" -B "$work/xsock" -G "$(cmake_generator)" -DCMAKE_BUILD_TYPE=Release \
        -DXSOCK_BUILD_TESTS=OFF -DXSOCK_BUILD_EXAMPLES=OFF -DCMAKE_INSTALL_PREFIX="$prefix" "$@"
    quiet cmake --build "$work/xsock" -j "$XSOCK_JOBS"
    quiet cmake --install "$work/xsock"
}

# consume MODE [CMAKE ARGS...]: configure and build the consumer project.
consume() {
    local mode=$1; shift
    quiet cmake -S "$consumer" -B "$work/consumer" -G "$(cmake_generator)" \
        -DXSOCK_CONSUME="$mode" -DXSOCK_SOURCE_DIR="$XSOCK_ROOT" "$@"
    quiet cmake --build "$work/consumer"
}

run_native() { "$@" | tee -a "$log" | grep "consumer ok: xsock .*posix backend" >/dev/null; }
run_wine() { wine "$@" 2>>"$log" | tr -d '\r' | tee -a "$log" | grep "consumer ok: xsock .*win32 backend" >/dev/null; }
pc() { PKG_CONFIG_LIBDIR="$1/lib/pkgconfig" pkg-config "${@:2}" xsock; }

# bsd_case KIND: tests/consumer-bsd (a plain BSD program) against xsock::bsd / xsock-bsd.pc.
bsd_case() {
    local kind=$1 src=$XSOCK_ROOT/tests/consumer-bsd cc=cc run=bsd_run_native tc=()
    case $kind in mingw-*) cc=x86_64-w64-mingw32-gcc; run=bsd_run_wine; tc=(-DCMAKE_TOOLCHAIN_FILE="$toolchain") ;; esac
    case $kind in
    *-package)
        install_xsock "$work/prefix" "${tc[@]}"
        local find=(-DCMAKE_PREFIX_PATH="$work/prefix")
        [ "$cc" = cc ] || find=(-DCMAKE_FIND_ROOT_PATH="$work/prefix" -DCMAKE_PREFIX_PATH=/)
        quiet cmake -S "$src" -B "$work/consumer" -G "$(cmake_generator)" -DXSOCK_CONSUME=package \
            "${tc[@]}" "${find[@]}"
        quiet cmake --build "$work/consumer"
        $run "$work/consumer/consumer" ;;
    *-subdirectory)
        quiet cmake -S "$src" -B "$work/consumer" -G "$(cmake_generator)" -DXSOCK_CONSUME=subdirectory \
            -DXSOCK_SOURCE_DIR="$XSOCK_ROOT" "${tc[@]}"
        quiet cmake --build "$work/consumer"
        $run "$work/consumer/consumer" ;;
    *-pkgconfig)
        install_xsock "$work/prefix" "${tc[@]}"
        local flags
        flags=$(PKG_CONFIG_LIBDIR="$work/prefix/lib/pkgconfig" pkg-config --cflags --libs --static xsock-bsd)
        if [ "$cc" = cc ]; then
            # on POSIX the layer is empty: the same command line is plain cc
            [ -z "$(echo "$flags" | tr -d ' ')" ] || { echo "xsock-bsd.pc adds '$flags' on POSIX"; return 1; }
            quiet cc -std=c99 -D_DEFAULT_SOURCE -Wall -Wextra -Werror "$src/main.c" -o "$work/app" $flags
        else
            # shellcheck disable=SC2086
            quiet "$cc" -std=c99 -Wall -Wextra -Wpedantic -Wconversion -Werror -static "$src/main.c" \
                -o "$work/app.exe" $flags
        fi
        $run "$work/app" ;;
    *) die "unknown BSD case $kind" ;;
    esac
}
bsd_run_native() { "$1" | tee -a "$log" | grep "consumer-bsd ok" >/dev/null; }
bsd_run_wine() { wine "${1%.exe}.exe" 2>>"$log" | tr -d '\r' | tee -a "$log" | grep "consumer-bsd ok" >/dev/null; }

case $case_name in
native-package)
    install_xsock "$work/prefix"
    consume package -DCMAKE_PREFIX_PATH="$work/prefix"
    run_native "$work/consumer/consumer" ;;
native-shared)
    install_xsock "$work/prefix" -DBUILD_SHARED_LIBS=ON
    consume package -DCMAKE_PREFIX_PATH="$work/prefix"
    run_native "$work/consumer/consumer"
    objdump -p "$work/consumer/consumer" | grep 'NEEDED.*libxsock\.so\.0' >/dev/null ;;
native-pkgconfig)
    install_xsock "$work/prefix"
    # shellcheck disable=SC2046
    quiet cc "$consumer/main.c" -o "$work/app" $(pc "$work/prefix" --static --cflags --libs)
    run_native "$work/app" ;;
native-subdirectory)
    consume subdirectory
    run_native "$work/consumer/consumer" ;;
native-fetchcontent)
    consume fetchcontent
    run_native "$work/consumer/consumer" ;;
mingw-package)
    install_xsock "$work/prefix" -DCMAKE_TOOLCHAIN_FILE="$toolchain"
    consume package -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_FIND_ROOT_PATH="$work/prefix" -DCMAKE_PREFIX_PATH=/
    run_wine "$work/consumer/consumer.exe" ;;
mingw-pkgconfig)
    install_xsock "$work/prefix" -DCMAKE_TOOLCHAIN_FILE="$toolchain"
    grep -q '^Libs.private: -lws2_32' "$work/prefix/lib/pkgconfig/xsock.pc"
    # shellcheck disable=SC2046
    quiet x86_64-w64-mingw32-gcc -static "$consumer/main.c" -o "$work/app.exe" \
        $(pc "$work/prefix" --static --cflags --libs)
    run_wine "$work/app.exe" ;;
mingw-shared)
    install_xsock "$work/prefix" -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DBUILD_SHARED_LIBS=ON
    consume package -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_FIND_ROOT_PATH="$work/prefix" -DCMAKE_PREFIX_PATH=/
    x86_64-w64-mingw32-objdump -p "$work/consumer/consumer.exe" | grep 'DLL Name: libxsock.dll' >/dev/null
    cp "$work/prefix/bin/libxsock.dll" "$work/consumer/"
    run_wine "$work/consumer/consumer.exe" ;;
dropin-current)
    # the committed dist/ is what the generator makes from today's sources
    python3 "$XSOCK_ROOT/scripts/amalgamate.py" "$work/dist" >>"$log"
    diff -u "$XSOCK_ROOT/dist/xsock.h" "$work/dist/xsock.h" &&
        diff -u "$XSOCK_ROOT/dist/xsock.c" "$work/dist/xsock.c" ||
        { echo "dist/ is stale: run scripts/amalgamate.py and commit"; exit 1; } ;;
dropin-native)
    cp "$XSOCK_ROOT/dist/xsock.h" "$XSOCK_ROOT/dist/xsock.c" "$consumer/main.c" "$work/"
    (cd "$work" && quiet gcc -std=c99 -Wall -Wextra -Wpedantic -Werror main.c xsock.c -o app)
    run_native "$work/app" ;;
dropin-mingw)
    cp "$XSOCK_ROOT/dist/xsock.h" "$XSOCK_ROOT/dist/xsock.c" "$consumer/main.c" "$work/"
    (cd "$work" && quiet x86_64-w64-mingw32-gcc -std=c99 -Wall -Wextra -Wpedantic -Werror -static \
        main.c xsock.c -lws2_32 -liphlpapi -o app.exe)
    run_wine "$work/app.exe" ;;
bsd-*)
    bsd_case "${case_name#bsd-}" ;;
*)
    die "unknown case $case_name" ;;
esac
echo "consumer $case_name: ok"
