# Provides the target xsock_cmocka for the tests, and XSOCK_CMOCKA_FOUND (TRUE or FALSE:
# the top-level CMakeLists.txt decides whether a missing cmocka is an error).
#  - natively: the system's cmocka (libcmocka-dev), found by header and library;
#  - cross-compiling (MinGW) or with XSOCK_CMOCKA_FROM_SOURCE: cmocka built from source
#    with FetchContent. Give -DFETCHCONTENT_SOURCE_DIR_CMOCKA=<unpacked source> to use a
#    local copy (scripts/fetch-cmocka-source.sh gets Debian's); otherwise the release
#    archive is downloaded and checked against its SHA256.
if(TARGET xsock_cmocka)
  set(XSOCK_CMOCKA_FOUND TRUE)
  return()
endif()
option(XSOCK_CMOCKA_FROM_SOURCE "Build cmocka from source for the tests" ${CMAKE_CROSSCOMPILING})

if(NOT XSOCK_CMOCKA_FROM_SOURCE)
  find_path(XSOCK_CMOCKA_INCLUDE_DIR cmocka.h)
  find_library(XSOCK_CMOCKA_LIBRARY NAMES cmocka)
  if(NOT XSOCK_CMOCKA_INCLUDE_DIR OR NOT XSOCK_CMOCKA_LIBRARY)
    set(XSOCK_CMOCKA_FOUND FALSE)
    return()
  endif()
  set(XSOCK_CMOCKA_FOUND TRUE)
  add_library(xsock_cmocka INTERFACE)
  target_include_directories(xsock_cmocka INTERFACE ${XSOCK_CMOCKA_INCLUDE_DIR})
  target_link_libraries(xsock_cmocka INTERFACE ${XSOCK_CMOCKA_LIBRARY})
  return()
endif()

# Two places serve the same release archive (Debian's .orig.tar.xz is upstream's,
# byte for byte): the second is tried when the first fails; the hash checks either.
include(FetchContent)
FetchContent_Declare(cmocka
  URL https://cmocka.org/files/1.1/cmocka-1.1.5.tar.xz
      https://deb.debian.org/debian/pool/main/c/cmocka/cmocka_1.1.5.orig.tar.xz
  URL_HASH SHA256=f0ccd8242d55e2fd74b16ba518359151f6f8383ff8aef4976e48393f77bba8b6)
FetchContent_GetProperties(cmocka)
if(NOT cmocka_POPULATED)
  FetchContent_Populate(cmocka)
  set(WITH_STATIC_LIB ON CACHE BOOL "" FORCE)
  set(WITH_EXAMPLES OFF CACHE BOOL "" FORCE)
  set(UNIT_TESTING OFF CACHE BOOL "" FORCE)
  set(_xsock_saved_shared ${BUILD_SHARED_LIBS})
  add_subdirectory(${cmocka_SOURCE_DIR} ${cmocka_BINARY_DIR} EXCLUDE_FROM_ALL)
  set(BUILD_SHARED_LIBS ${_xsock_saved_shared})
endif()
add_library(xsock_cmocka INTERFACE)
target_link_libraries(xsock_cmocka INTERFACE cmocka-static)
set(XSOCK_CMOCKA_FOUND TRUE)
