# Interface targets every Siphon target links: one place for warnings and sanitizers,
# applied per target rather than through CMAKE_CXX_FLAGS.
add_library(siphon_warnings INTERFACE)
target_compile_options(siphon_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual -Wpedantic
  -Wno-maybe-uninitialized)  # GCC 12 false positives inside simdjson.h
if(SIPHON_WERROR)
  target_compile_options(siphon_warnings INTERFACE -Werror)
endif()

add_library(siphon_options INTERFACE)
target_compile_features(siphon_options INTERFACE cxx_std_20)
target_compile_definitions(siphon_options INTERFACE
  SIPHON_VERSION="${PROJECT_VERSION}" QT_NO_KEYWORDS)
if(SIPHON_SANITIZE)
  string(REPLACE ";" "," _siphon_san "${SIPHON_SANITIZE}")
  target_compile_options(siphon_options INTERFACE -fsanitize=${_siphon_san} -fno-omit-frame-pointer
                                                  -fno-sanitize-recover=undefined)
  target_link_options(siphon_options INTERFACE -fsanitize=${_siphon_san})
endif()
