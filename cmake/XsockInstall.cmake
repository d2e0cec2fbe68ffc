# Install rules: headers, the library, a CMake package and a pkg-config file. Included by
# the top-level CMakeLists.txt.
#
# A static and a shared build can be installed into one prefix side by side: each has
# its own export set and targets file (xsock-static-targets.cmake with the imported
# target xsock::xsock_static, xsock-shared-targets.cmake with xsock::xsock_shared) and
# its own pkg-config file (xsock.pc for the static library, xsock-shared.pc for the
# shared one); xsockConfig.cmake (the same for both) makes xsock::xsock point to one
# of them. Both files are relocatable: the CMake package finds its prefix from its own
# place, the .pc files from ${pcfiledir}.
include(CMakePackageConfigHelpers)

set(XSOCK_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/xsock)
set(XSOCK_EXPORT xsock-${XSOCK_LIBRARY_KIND}-targets)

# No INCLUDES DESTINATION: the target's INSTALL_INTERFACE already names the folder, and
# both would list it twice in INTERFACE_INCLUDE_DIRECTORIES.
set_target_properties(xsock PROPERTIES EXPORT_NAME xsock_${XSOCK_LIBRARY_KIND})
install(TARGETS xsock EXPORT ${XSOCK_EXPORT}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES include/xsock.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES include/xsock/posix.h include/xsock/win32.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/xsock)
install(EXPORT ${XSOCK_EXPORT} NAMESPACE xsock:: FILE ${XSOCK_EXPORT}.cmake
  DESTINATION ${XSOCK_CMAKE_DIR})

configure_package_config_file(cmake/xsockConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/xsockConfig.cmake INSTALL_DESTINATION ${XSOCK_CMAKE_DIR})
# Before 1.0 the minor version is the compatibility line (0.2 may break 0.1); from 1.0
# on, the major version.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(XSOCK_COMPATIBILITY SameMinorVersion)
else()
  set(XSOCK_COMPATIBILITY SameMajorVersion)
endif()
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/xsockConfigVersion.cmake
  COMPATIBILITY ${XSOCK_COMPATIBILITY})
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/xsockConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/xsockConfigVersion.cmake DESTINATION ${XSOCK_CMAKE_DIR})

# pkg-config. What a static link needs goes in Libs.private (pkg-config --static).
if(WIN32)
  set(XSOCK_PC_LIBS_PRIVATE "-lws2_32 -liphlpapi")
else()
  set(XSOCK_PC_LIBS_PRIVATE "-pthread")
endif()
if(XSOCK_LIBRARY_KIND STREQUAL "shared")
  set(XSOCK_PC_NAME xsock-shared)
  set(XSOCK_PC_DESCRIPTION "${PROJECT_DESCRIPTION} (shared library)")
  set(XSOCK_PC_LIBS "-L\${libdir} -lxsock")
  if(WIN32)
    set(XSOCK_PC_CFLAGS " -DXSOCK_SHARED") # dllimport declarations
  else()
    set(XSOCK_PC_CFLAGS "")
  endif()
else()
  set(XSOCK_PC_NAME xsock)
  set(XSOCK_PC_DESCRIPTION "${PROJECT_DESCRIPTION} (static library)")
  # The archive by its path: -lxsock would take the shared library if one is installed
  # beside it.
  get_target_property(_xsock_output_name xsock OUTPUT_NAME)
  if(NOT _xsock_output_name)
    set(_xsock_output_name xsock)
  endif()
  set(XSOCK_PC_LIBS
      "\${libdir}/${CMAKE_STATIC_LIBRARY_PREFIX}${_xsock_output_name}${CMAKE_STATIC_LIBRARY_SUFFIX}")
  set(XSOCK_PC_CFLAGS "")
endif()
# prefix relative to the .pc file's folder (${pcfiledir}), so that an install with
# `cmake --install build --prefix P`, or a prefix moved elsewhere, stays usable. An
# absolute CMAKE_INSTALL_LIBDIR cannot move: the prefix is written as configured.
set(XSOCK_PC_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(XSOCK_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _xsock_up "/xsock-prefix/${XSOCK_PC_DIR}" "/xsock-prefix")
  string(REGEX REPLACE "/$" "" _xsock_up "${_xsock_up}")
  set(XSOCK_PC_PREFIX "\${pcfiledir}/${_xsock_up}")
endif()
foreach(kind LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${kind}}")
    set(XSOCK_PC_${kind} "${CMAKE_INSTALL_${kind}}")
  else()
    set(XSOCK_PC_${kind} "\${prefix}/${CMAKE_INSTALL_${kind}}")
  endif()
endforeach()
configure_file(cmake/xsock.pc.in ${CMAKE_CURRENT_BINARY_DIR}/${XSOCK_PC_NAME}.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/${XSOCK_PC_NAME}.pc DESTINATION ${XSOCK_PC_DIR})
