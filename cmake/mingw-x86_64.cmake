# Cross-compile for Windows (x86_64) with MinGW-w64 (Debian: apt-get install mingw-w64);
# CTest runs the programs under Wine (apt-get install wine wine64).
set(XSOCK_MINGW_ARCH x86_64)
include(${CMAKE_CURRENT_LIST_DIR}/mingw-common.cmake)
