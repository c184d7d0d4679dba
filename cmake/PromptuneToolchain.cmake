# Compiler launcher, warnings and sanitizers for Promptune's own targets.

find_program(PROMPTUNE_CCACHE ccache)
if(PROMPTUNE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  # base_dir makes paths inside the checkout relative, so a fresh build folder (or a fresh clone at the same
  # depth) hits the cache instead of missing on every -I path.
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_COMMAND} -E env CCACHE_BASEDIR=${CMAKE_SOURCE_DIR} ${PROMPTUNE_CCACHE})
  message(STATUS "Promptune: using ccache (${PROMPTUNE_CCACHE})")
endif()

# Applies our warning flags (and -Werror when PROMPTUNE_WERROR) to one of our targets. Third-party headers come in
# through imported targets, which CMake marks SYSTEM, so their warnings do not fail our build.
function(promptune_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(PROMPTUNE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(PROMPTUNE_SANITIZE)
    # GCC 12 reports false maybe-uninitialized warnings in libstdc++ (std::regex, std::function) under
    # sanitizer instrumentation; the normal build keeps the warning.
    target_compile_options(${target} PRIVATE -fsanitize=${PROMPTUNE_SANITIZE} -fno-omit-frame-pointer
                                             -Wno-maybe-uninitialized)
    target_link_options(${target} PRIVATE -fsanitize=${PROMPTUNE_SANITIZE})
  endif()
endfunction()
