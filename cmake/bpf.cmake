# bpf_objects(<target> <source.bpf.c>...): compiles BPF C sources with clang -target bpf
# into ${CMAKE_CURRENT_BINARY_DIR}/<name>.bpf.o and groups them under one custom target.
function(bpf_objects target)
  set(outputs)
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-multiarch
                  OUTPUT_VARIABLE multiarch OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  foreach(src ${ARGN})
    get_filename_component(name ${src} NAME_WE)
    get_filename_component(abs ${src} ABSOLUTE)
    set(out ${CMAKE_CURRENT_BINARY_DIR}/${name}.bpf.o)
    # Sources named *_nobtf.bpf.c are built without debug info, hence without BTF.
    set(debug -g)
    if(name MATCHES "_nobtf$")
      set(debug)
    endif()
    add_custom_command(
      OUTPUT ${out}
      COMMAND ${BPF_CLANG} -O2 ${debug} -target bpf -D__TARGET_ARCH_x86
              -I/usr/include/${multiarch} -I${CMAKE_CURRENT_SOURCE_DIR}
              -Wall -Werror -c ${abs} -o ${out}
      DEPENDS ${abs}
      IMPLICIT_DEPENDS C ${abs}
      COMMENT "BPF ${name}.bpf.c"
      VERBATIM)
    list(APPEND outputs ${out})
  endforeach()
  add_custom_target(${target} ALL DEPENDS ${outputs})
endfunction()
