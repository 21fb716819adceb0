# The version comes from git at build time and is refreshed whenever HEAD changes: a custom target
# regenerates build/generated/Version.cpp on every build, but rewrites it only when the text differs,
# so nothing recompiles unless the version moved.
set(RAGDESK_VERSION_CPP ${CMAKE_BINARY_DIR}/generated/Version.cpp)
set(RAGDESK_VERSION_TXT ${CMAKE_BINARY_DIR}/generated/version.txt)
add_custom_target(ragdesk_version_stamp
    COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${CMAKE_SOURCE_DIR} -DBASE_VERSION=${PROJECT_VERSION}
            -DOUTPUT_CPP=${RAGDESK_VERSION_CPP} -DOUTPUT_TXT=${RAGDESK_VERSION_TXT}
            -P ${CMAKE_SOURCE_DIR}/cmake/WriteVersion.cmake
    BYPRODUCTS ${RAGDESK_VERSION_CPP} ${RAGDESK_VERSION_TXT}
    COMMENT "Reading the version from git")
