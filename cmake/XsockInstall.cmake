# Install rules: headers, the library, a CMake package (xsock::xsock, with a version
# file) and a pkg-config file. Included by the top-level CMakeLists.txt.
include(CMakePackageConfigHelpers)

set(XSOCK_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/xsock)

install(TARGETS xsock EXPORT xsockTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES include/xsock.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES include/xsock/posix.h include/xsock/win32.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/xsock)
install(EXPORT xsockTargets NAMESPACE xsock:: DESTINATION ${XSOCK_CMAKE_DIR})

configure_package_config_file(cmake/xsockConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/xsockConfig.cmake INSTALL_DESTINATION ${XSOCK_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/xsockConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/xsockConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/xsockConfigVersion.cmake DESTINATION ${XSOCK_CMAKE_DIR})

# pkg-config: what a static link needs goes in Libs.private (pkg-config --static).
if(WIN32)
  set(XSOCK_PC_LIBS_PRIVATE "-lws2_32 -liphlpapi")
else()
  set(XSOCK_PC_LIBS_PRIVATE "-pthread")
endif()
if(WIN32 AND BUILD_SHARED_LIBS)
  set(XSOCK_PC_CFLAGS " -DXSOCK_SHARED") # dllimport declarations
else()
  set(XSOCK_PC_CFLAGS "")
endif()
set(XSOCK_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
foreach(kind LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${kind}}")
    set(XSOCK_PC_${kind} "${CMAKE_INSTALL_${kind}}")
  else()
    set(XSOCK_PC_${kind} "\${prefix}/${CMAKE_INSTALL_${kind}}")
  endif()
endforeach()
configure_file(cmake/xsock.pc.in ${CMAKE_CURRENT_BINARY_DIR}/xsock.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/xsock.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
