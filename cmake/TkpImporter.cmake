# tkp_add_importer(<name> SOURCES <file>... [LIBRARIES <target>...])
#
# Builds an importer plugin the way tkp-server loads it: a MODULE library
# <name>.so (no "lib" prefix) that links the plugin SDK statically and
# exports nothing but the three tkp_importer_* entry points. Installs it
# into lib/tkp/plugins, where a tkp-server installed at the same prefix
# looks.
#
# Used in the tkp tree and, installed, by find_package(tkp CONFIG): one
# definition of what a correct plugin is.

include_guard(GLOBAL)
include(GNUInstallDirs)

if(NOT DEFINED TKP_PLUGIN_INSTALL_DIR)
  set(TKP_PLUGIN_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/tkp/plugins")
endif()

function(tkp_add_importer name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES;LIBRARIES")
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "tkp_add_importer(${name}): give SOURCES")
  endif()
  add_library(${name} MODULE ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${TKP_PLUGIN_SDK_TARGET}
                        ${ARG_LIBRARIES})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_STANDARD 20
    CXX_STANDARD_REQUIRED ON
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(DEFINED TKP_PLUGIN_BUILD_DIR)
    set_target_properties(${name} PROPERTIES
      LIBRARY_OUTPUT_DIRECTORY "${TKP_PLUGIN_BUILD_DIR}")
  endif()
  # Static libraries' symbols stay inside; the version script leaves only
  # the entry points exported (visibility alone leaves libstdc++'s template
  # statics visible).
  target_link_options(${name} PRIVATE "LINKER:--exclude-libs,ALL"
    "LINKER:--no-undefined"
    "LINKER:--version-script=${TKP_IMPORTER_MAP}")
  set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS
    "${TKP_IMPORTER_MAP}")
  # GCC makes function-local statics of inline functions STB_GNU_UNIQUE:
  # exported despite hidden visibility, and they keep a library from ever
  # being unloaded, so a reload could not replace it.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${name} PRIVATE -fno-gnu-unique)
  endif()
  install(TARGETS ${name} LIBRARY DESTINATION "${TKP_PLUGIN_INSTALL_DIR}")
  # Every importer of the build, for a target that builds them all.
  set_property(GLOBAL APPEND PROPERTY TKP_IMPORTERS ${name})
endfunction()
