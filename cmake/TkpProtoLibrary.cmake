# tkp_proto_library(NAME PROTO...): a static library of the messages and
# gRPC stubs generated from PROTO files, named relative to the calling
# directory, which is also the import root; the generated headers are
# included by that same relative path ("tkp/v1/tkp.grpc.pb.h").
function(tkp_proto_library name)
  add_library(${name} STATIC ${ARGN})
  target_link_libraries(${name} PUBLIC protobuf::libprotobuf gRPC::grpc++)
  target_include_directories(${name} PUBLIC "${CMAKE_CURRENT_BINARY_DIR}")
  protobuf_generate(TARGET ${name} LANGUAGE cpp
                    IMPORT_DIRS "${CMAKE_CURRENT_SOURCE_DIR}"
                    PROTOC_OUT_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  protobuf_generate(TARGET ${name} LANGUAGE grpc
                    GENERATE_EXTENSIONS .grpc.pb.h .grpc.pb.cc
                    PLUGIN "protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>"
                    IMPORT_DIRS "${CMAKE_CURRENT_SOURCE_DIR}"
                    PROTOC_OUT_DIR "${CMAKE_CURRENT_BINARY_DIR}")
endfunction()
