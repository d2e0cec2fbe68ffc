#!/usr/bin/env bash
# consumer-tests.sh CASE - build tests/consumer/main.c against xsock the way a user
# would, and run it (the Windows .exe under Wine, which the caller has started).
# Cases: native-package, native-shared, native-pkgconfig, native-subdirectory,
#        native-fetchcontent, mingw-package, mingw-pkgconfig, mingw-shared,
#        dropin-current, dropin-native, dropin-mingw,
#        native-install-prefix (configured without a prefix, installed with --prefix,
#        then moved), native-no-cmocka, native-static-and-shared, native-version,
#        mingw-subdirectory-shared, mingw-static-and-shared, dropin-cxx,
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

# build_xsock DIR [CMAKE ARGS...]: configure and build xsock alone (no tests, examples).
build_xsock() {
    local dir=$1; shift
    quiet cmake -S "$XSOCK_ROOT" -B "$dir" -G "$(cmake_generator)" -DCMAKE_BUILD_TYPE=Release \
        -DXSOCK_BUILD_TESTS=OFF -DXSOCK_BUILD_EXAMPLES=OFF "$@"
    quiet cmake --build "$dir" -j "$XSOCK_JOBS"
}

# install_xsock PREFIX [CMAKE ARGS...]: build and install xsock alone.
install_xsock() {
    local prefix=$1; shift
    build_xsock "$work/xsock" -DCMAKE_INSTALL_PREFIX="$prefix" "$@"
    quiet cmake --install "$work/xsock"
}

# no_duplicate_includes TARGETS_FILE: each include folder once in the exported target.
no_duplicate_includes() {
    local dirs
    dirs=$(grep -oE 'INTERFACE_INCLUDE_DIRECTORIES "[^"]*"' "$1" | sed -E 's/^[^"]*"//; s/"$//')
    [ -n "$dirs" ] || { echo "no include folder in $1"; return 1; }
    if [ "$(tr ';' '\n' <<<"$dirs" | sort | uniq -d)" != "" ]; then
        echo "include folders listed twice in $1: $dirs"; return 1
    fi
}

# not_needed FILE: a program that links no shared libxsock.
not_needed() {
    if objdump -p "$1" | grep 'NEEDED.*libxsock' >/dev/null; then
        echo "$1 needs the shared libxsock"; return 1
    fi
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
    # (the library's targets files; xsock-bsd-targets.cmake adds no include folder on POSIX)
    for f in "$work/prefix/lib/cmake/xsock/"xsock-{static,shared}-targets.cmake; do
        if [ -f "$f" ]; then no_duplicate_includes "$f"; fi
    done
    consume package -DCMAKE_PREFIX_PATH="$work/prefix"
    run_native "$work/consumer/consumer" ;;
native-install-prefix)
    # the path a user takes: configured with no prefix, installed with --prefix, and
    # the prefix then moved; pkg-config and find_package must both still work
    build_xsock "$work/xsock"
    quiet cmake --install "$work/xsock" --prefix "$work/prefix"
    mv "$work/prefix" "$work/moved"
    # shellcheck disable=SC2046
    quiet cc "$consumer/main.c" -o "$work/app" $(pc "$work/moved" --static --cflags --libs)
    run_native "$work/app"
    consume package -DCMAKE_PREFIX_PATH="$work/moved"
    run_native "$work/consumer/consumer" ;;
native-no-cmocka)
    # a machine without cmocka: hide it from CMake's search (exact folders)
    arch=$(gcc -print-multiarch 2>/dev/null || true)
    hide=""
    for p in /usr/local /usr ""; do
        for d in include lib ${arch:+lib/$arch}; do hide="$hide;$p/$d"; done
    done
    hide=${hide#;}
    # the README's first line: the library and the examples, and a word that tests are off
    quiet cmake -S "$XSOCK_ROOT" -B "$work/auto" -G "$(cmake_generator)" "-DCMAKE_IGNORE_PATH=$hide"
    grep 'cmocka was not found, so the tests are off' "$log" >/dev/null ||
        { echo "configure did not say that the tests are off"; exit 1; }
    quiet cmake --build "$work/auto" -j "$XSOCK_JOBS"
    [ -x "$work/auto/bin/tcp_server" ] || { echo "examples not built"; exit 1; }
    [ ! -e "$work/auto/bin/test_errors" ] || { echo "tests built without cmocka?"; exit 1; }
    # tests asked for explicitly: a clear configure error
    if cmake -S "$XSOCK_ROOT" -B "$work/on" -G "$(cmake_generator)" "-DCMAKE_IGNORE_PATH=$hide" \
        -DXSOCK_BUILD_TESTS=ON >"$work/on.log" 2>&1; then
        echo "XSOCK_BUILD_TESTS=ON without cmocka configured"; exit 1
    fi
    grep 'XSOCK_BUILD_TESTS=ON but cmocka was not found' "$work/on.log" >/dev/null ||
        { cat "$work/on.log"; exit 1; } ;;
native-static-and-shared)
    # both kinds in one prefix, each with its own targets file and .pc file
    build_xsock "$work/static" -DCMAKE_INSTALL_PREFIX="$work/prefix"
    build_xsock "$work/shared" -DCMAKE_INSTALL_PREFIX="$work/prefix" -DBUILD_SHARED_LIBS=ON
    quiet cmake --install "$work/static"
    quiet cmake --install "$work/shared"
    consume package -DCMAKE_PREFIX_PATH="$work/prefix"          # default: static
    run_native "$work/consumer/consumer"
    not_needed "$work/consumer/consumer"
    rm -rf "$work/consumer"
    consume package -DCMAKE_PREFIX_PATH="$work/prefix" -DXSOCK_COMPONENTS=shared
    run_native "$work/consumer/consumer"
    objdump -p "$work/consumer/consumer" | grep 'NEEDED.*libxsock\.so\.0' >/dev/null
    rm -rf "$work/consumer"
    consume package -DCMAKE_PREFIX_PATH="$work/prefix" -DBUILD_SHARED_LIBS=ON
    objdump -p "$work/consumer/consumer" | grep 'NEEDED.*libxsock\.so\.0' >/dev/null
    rm -rf "$work/consumer"
    consume package -DCMAKE_PREFIX_PATH="$work/prefix" -DBUILD_SHARED_LIBS=ON -DXSOCK_SHARED_LIBS=OFF
    not_needed "$work/consumer/consumer"
    # shellcheck disable=SC2046
    quiet cc "$consumer/main.c" -o "$work/app-static" $(pc "$work/prefix" --static --cflags --libs)
    not_needed "$work/app-static"
    run_native "$work/app-static"
    # shellcheck disable=SC2046
    quiet cc "$consumer/main.c" -o "$work/app-shared" \
        $(PKG_CONFIG_LIBDIR="$work/prefix/lib/pkgconfig" pkg-config --cflags --libs xsock-shared)
    objdump -p "$work/app-shared" | grep 'NEEDED.*libxsock\.so\.0' >/dev/null
    LD_LIBRARY_PATH="$work/prefix/lib" run_native "$work/app-shared"
    for kind in static shared; do
        no_duplicate_includes "$work/prefix/lib/cmake/xsock/xsock-$kind-targets.cmake"
    done ;;
native-version)
    # before 1.0 the minor version is the compatibility line: 0.1 and 0.2 exclude
    # each other; 0.1.0 satisfies 0.1
    install_xsock "$work/prefix"
    have=$(grep -oE 'PACKAGE_VERSION "[0-9.]+"' "$work/prefix/lib/cmake/xsock/xsockConfigVersion.cmake" |
           head -n 1 | grep -oE '[0-9]+\.[0-9]+\.[0-9]+')
    IFS=. read -r major minor _ <<<"$have"
    [ "$major" -eq 0 ] || { echo "version $have: this check is for 0.x"; exit 1; }
    next=0.$((minor + 1))
    cp -R "$work/prefix" "$work/next"
    sed -i "s/\"$have\"/\"$next.0\"/g" "$work/next/lib/cmake/xsock/xsockConfigVersion.cmake"
    mkdir -p "$work/probe"
    # find_version PREFIX WANTED: 0 when find_package(xsock WANTED) accepts the prefix
    find_version() {
        printf 'cmake_minimum_required(VERSION 3.16)\nproject(probe C)\nfind_package(xsock %s CONFIG)\nif(NOT xsock_FOUND)\n  message(FATAL_ERROR "rejected")\nendif()\n' \
            "$2" >"$work/probe/CMakeLists.txt"
        rm -rf "$work/probe/build"
        cmake -S "$work/probe" -B "$work/probe/build" -DCMAKE_PREFIX_PATH="$1" >>"$log" 2>&1
    }
    find_version "$work/prefix" "$major.$minor" || { echo "$have rejected for $major.$minor"; exit 1; }
    ! find_version "$work/prefix" "$next" || { echo "$have accepted for $next"; exit 1; }
    ! find_version "$work/next" "$major.$minor" || { echo "$next.0 accepted for $major.$minor"; exit 1; }
    find_version "$work/next" "$next" || { echo "$next.0 rejected for $next"; exit 1; } ;;
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
    run_native "$work/consumer/consumer"
    # an embedded xsock installs nothing with the application (XSOCK_INSTALL is off)
    quiet cmake --install "$work/consumer" --prefix "$work/app-prefix"
    if [ -d "$work/app-prefix" ] && [ -n "$(find "$work/app-prefix" -name '*xsock*')" ]; then
        echo "the application's install brought xsock's files:"; find "$work/app-prefix"; exit 1
    fi
    # unless the parent asks for them
    quiet cmake "$work/consumer" -DXSOCK_INSTALL=ON
    quiet cmake --install "$work/consumer" --prefix "$work/app-prefix-on"
    [ -f "$work/app-prefix-on/include/xsock.h" ] || { echo "XSOCK_INSTALL=ON installed no header"; exit 1; } ;;
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
    # the consumer's post-build copy of $<TARGET_RUNTIME_DLLS:consumer> (README) put it there
    [ -f "$work/consumer/libxsock.dll" ] || { echo "libxsock.dll not copied beside the .exe"; exit 1; }
    run_wine "$work/consumer/consumer.exe"
    # and the installed program has its DLL beside it
    quiet cmake --install "$work/consumer" --prefix "$work/app"
    run_wine "$work/app/bin/consumer.exe" ;;
mingw-static-and-shared)
    # both kinds in one Windows prefix: libxsock.a beside libxsock.dll.a and the DLL
    mingw_args=(-DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_FIND_ROOT_PATH="$work/prefix" -DCMAKE_PREFIX_PATH=/)
    build_xsock "$work/static" -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_INSTALL_PREFIX="$work/prefix"
    build_xsock "$work/shared" -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_INSTALL_PREFIX="$work/prefix" \
        -DBUILD_SHARED_LIBS=ON
    quiet cmake --install "$work/static"
    quiet cmake --install "$work/shared"
    dll_name() { x86_64-w64-mingw32-objdump -p "$1" | grep 'DLL Name: libxsock.dll' >/dev/null; }
    consume package "${mingw_args[@]}"                          # default: static
    ! dll_name "$work/consumer/consumer.exe" || { echo "static consumer needs libxsock.dll"; exit 1; }
    run_wine "$work/consumer/consumer.exe"
    rm -rf "$work/consumer"
    consume package "${mingw_args[@]}" -DXSOCK_COMPONENTS=shared
    dll_name "$work/consumer/consumer.exe"
    run_wine "$work/consumer/consumer.exe"                        # DLL copied by the consumer
    # shellcheck disable=SC2046
    quiet x86_64-w64-mingw32-gcc -static "$consumer/main.c" -o "$work/app-static.exe" \
        $(pc "$work/prefix" --static --cflags --libs)
    ! dll_name "$work/app-static.exe" || { echo "xsock.pc linked the DLL"; exit 1; }
    run_wine "$work/app-static.exe"
    mkdir -p "$work/app-shared"
    # shellcheck disable=SC2046
    quiet x86_64-w64-mingw32-gcc "$consumer/main.c" -o "$work/app-shared/app.exe" \
        $(PKG_CONFIG_LIBDIR="$work/prefix/lib/pkgconfig" pkg-config --cflags --libs xsock-shared)
    dll_name "$work/app-shared/app.exe"
    cp "$work/prefix/bin/libxsock.dll" "$work/app-shared/"
    run_wine "$work/app-shared/app.exe" ;;
mingw-subdirectory-shared)
    # add_subdirectory + BUILD_SHARED_LIBS=ON: the .exe runs as built, no copying
    consume subdirectory -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DBUILD_SHARED_LIBS=ON
    x86_64-w64-mingw32-objdump -p "$work/consumer/consumer.exe" | grep 'DLL Name: libxsock.dll' >/dev/null
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
dropin-cxx)
    # C++ projects compile the drop-in files as C++ (g++ -x c++), for Linux and Windows
    cp "$XSOCK_ROOT/dist/xsock.h" "$XSOCK_ROOT/dist/xsock.c" "$consumer/main.c" "$work/"
    (cd "$work" && quiet g++ -x c++ -std=c++11 -Wall -Wextra -Wpedantic -Werror main.c xsock.c \
        -pthread -o app)
    run_native "$work/app"
    (cd "$work" && quiet x86_64-w64-mingw32-g++ -x c++ -std=c++11 -Wall -Wextra -Wpedantic -Werror \
        -static main.c xsock.c -lws2_32 -liphlpapi -o app.exe) ;;
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
