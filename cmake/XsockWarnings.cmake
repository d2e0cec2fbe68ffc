# xsock_target_warnings(target): the project's warning set (gcc, clang, MinGW, MSVC).
function(xsock_target_warnings target)
  if(NOT XSOCK_WARNINGS)
    return()
  endif()
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${XSOCK_WERROR}>:/WX>)
    # the CRT's "use the _s variant" and WinSock's "use the W variant" advice is not
    # portable C; the calls are bounded where it matters
    target_compile_definitions(${target} PRIVATE _CRT_SECURE_NO_WARNINGS
      _WINSOCK_DEPRECATED_NO_WARNINGS)
  else()
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -Wpedantic -Wconversion -Wshadow
      $<$<BOOL:${XSOCK_WERROR}>:-Werror>)
  endif()
endfunction()
