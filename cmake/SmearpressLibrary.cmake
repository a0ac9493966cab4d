# smearpress_add_library(NAME [HEADERS DIR] SOURCES...): the static library smearpress_NAME, known
# as smearpress::NAME (and exported under that name where cmake/SmearpressInstall.cmake installs
# it). Public headers in DIR (default: the folder's include/), private ones in src/ (when
# present), C++20, position-independent (for the Python module), the project's warnings; and an
# interface target smearpress_NAME_internal that exposes src/ to the white-box tests.
function(smearpress_add_library name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "HEADERS" "SOURCES")
  if(NOT arg_HEADERS)
    set(arg_HEADERS ${CMAKE_CURRENT_SOURCE_DIR}/include)
  endif()
  set(target smearpress_${name})
  add_library(${target} STATIC ${arg_SOURCES})
  add_library(smearpress::${name} ALIAS ${target})
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_include_directories(${target}
    PUBLIC
      $<BUILD_INTERFACE:${arg_HEADERS}>
      $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  set_target_properties(${target} PROPERTIES
    POSITION_INDEPENDENT_CODE ON
    EXPORT_NAME ${name})
  smearpress_set_warnings(${target})
  if(IS_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/src)
    target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
    add_library(${target}_internal INTERFACE)
    target_include_directories(${target}_internal INTERFACE ${CMAKE_CURRENT_SOURCE_DIR}/src)
    target_link_libraries(${target}_internal INTERFACE ${target})
  endif()
endfunction()
