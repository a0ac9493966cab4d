# Install rules: the libraries, their public headers, and a CMake package
# (lib/cmake/smearpress) so that other projects can find_package(smearpress CONFIG) and link
# smearpress::codec, smearpress::roi or smearpress::pipeline. The CLI installs itself
# (tools/CMakeLists.txt).
include(CMakePackageConfigHelpers)

set(SMEARPRESS_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/smearpress")

install(TARGETS smearpress_codec smearpress_roi smearpress_pipeline
  EXPORT smearpressTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Public headers only: each library's src/ holds its internal ones.
foreach(dir libcodec/include libroi/include tools/pipeline/include)
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/${dir}/"
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
    FILES_MATCHING PATTERN "*.hpp")
endforeach()

install(EXPORT smearpressTargets
  NAMESPACE smearpress::
  DESTINATION ${SMEARPRESS_CMAKE_DIR})

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/smearpressConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/smearpressConfig.cmake"
  INSTALL_DESTINATION ${SMEARPRESS_CMAKE_DIR})
# 0.x: a minor release may change the API, so only the same major.minor is compatible.
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/smearpressConfigVersion.cmake"
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/smearpressConfig.cmake"
  "${PROJECT_BINARY_DIR}/smearpressConfigVersion.cmake"
  DESTINATION ${SMEARPRESS_CMAKE_DIR})
