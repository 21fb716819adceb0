# One INTERFACE target carries the language level, warnings and sanitizers for every target (STYLE rule 1).
add_library(ragdesk_build_options INTERFACE)
target_compile_features(ragdesk_build_options INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
# Requests and results are aggregates with default member values, built with designated initializers that name only
# what differs from the defaults; GCC 12's -Wmissing-field-initializers flags exactly that idiom.
target_compile_options(ragdesk_build_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wold-style-cast
    -Wno-missing-field-initializers)
if(RAGDESK_WERROR)
    target_compile_options(ragdesk_build_options INTERFACE -Werror)
endif()
if(RAGDESK_SANITIZE)
    target_compile_options(ragdesk_build_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(ragdesk_build_options INTERFACE -fsanitize=address,undefined)
endif()

# Qt targets add the string-safety definitions on top.
add_library(ragdesk_qt_options INTERFACE)
target_link_libraries(ragdesk_qt_options INTERFACE ragdesk_build_options)
target_compile_definitions(ragdesk_qt_options INTERFACE
    QT_NO_CAST_FROM_ASCII QT_USE_QSTRINGBUILDER QT_DISABLE_DEPRECATED_BEFORE=0x060400)
