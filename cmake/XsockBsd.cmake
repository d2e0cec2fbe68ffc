# The BSD compatibility layer (include/xsock/bsd, src/bsd): target xsock::bsd and
# xsock-bsd.pc. On Windows it is a static library, self-contained (the layer plus the
# xsock sources it is built on, so it also works beside an xsock DLL), whose include
# folder replaces the BSD headers. On POSIX it is an empty INTERFACE target: the
# system's headers and libc are the real thing. Included by the top-level CMakeLists.txt.
if(WIN32)
  file(GLOB XSOCK_BSD_SOURCES CONFIGURE_DEPENDS "${CMAKE_CURRENT_LIST_DIR}/../src/bsd/*.c")
  add_library(xsock_bsd STATIC ${XSOCK_BSD_SOURCES} ${XSOCK_COMMON_SOURCES}
              ${XSOCK_BACKEND_SOURCES})
  target_include_directories(xsock_bsd
    INTERFACE
      $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include/xsock/bsd>
      $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/xsock/bsd>
    PRIVATE
      ${PROJECT_SOURCE_DIR}/include
      ${PROJECT_SOURCE_DIR}/src)
  target_compile_definitions(xsock_bsd PRIVATE XSOCK_BUILDING)
  target_link_libraries(xsock_bsd PUBLIC ws2_32 iphlpapi)
  set_target_properties(xsock_bsd PROPERTIES
    OUTPUT_NAME xsock-bsd
    C_STANDARD 99
    C_STANDARD_REQUIRED ON
    C_EXTENSIONS OFF
    EXPORT_NAME bsd)
  xsock_target_warnings(xsock_bsd)
  set(XSOCK_BSD_PC_CFLAGS "-I\${includedir}/xsock/bsd")
  set(XSOCK_BSD_PC_LIBS "-L\${libdir} -lxsock-bsd")
  set(XSOCK_BSD_PC_LIBS_PRIVATE "-lws2_32 -liphlpapi")
else()
  add_library(xsock_bsd INTERFACE)
  set_target_properties(xsock_bsd PROPERTIES EXPORT_NAME bsd)
  set(XSOCK_BSD_PC_CFLAGS "")
  set(XSOCK_BSD_PC_LIBS "")
  set(XSOCK_BSD_PC_LIBS_PRIVATE "")
endif()
add_library(xsock::bsd ALIAS xsock_bsd)

if(XSOCK_INSTALL)
  # Its own export set (xsock-bsd-targets.cmake, which xsockConfig.cmake includes when
  # it is there): the layer does not depend on the static or the shared xsock target,
  # so either kind's install carries it.
  install(TARGETS xsock_bsd EXPORT xsock-bsd-targets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(EXPORT xsock-bsd-targets NAMESPACE xsock:: FILE xsock-bsd-targets.cmake
    DESTINATION ${XSOCK_CMAKE_DIR})
  if(WIN32)
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/xsock/bsd/
      DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/xsock/bsd FILES_MATCHING PATTERN "*.h")
  endif()
  # XSOCK_PC_PREFIX, XSOCK_PC_LIBDIR, XSOCK_PC_INCLUDEDIR, XSOCK_PC_DIR: as XsockInstall
  # set them for xsock.pc (relocatable through ${pcfiledir}).
  configure_file(${CMAKE_CURRENT_LIST_DIR}/xsock-bsd.pc.in
    ${PROJECT_BINARY_DIR}/xsock-bsd.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/xsock-bsd.pc DESTINATION ${XSOCK_PC_DIR})
endif()
