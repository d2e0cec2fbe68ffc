# xsock_target_warnings(target): the project's warning set (gcc, clang, MinGW, MSVC).
function(xsock_target_warnings target)
  if(NOT XSOCK_WARNINGS)
    return()
  endif()
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${XSOCK_WERROR}>:/WX>)
  else()
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -Wpedantic -Wconversion -Wshadow
      $<$<BOOL:${XSOCK_WERROR}>:-Werror>)
  endif()
endfunction()
