# Turns a binary file into a C++ source defining a byte array:
#   cmake -DIN=file -DOUT=file.cpp -DNAME=symbol -P embed.cmake
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" len)
math(EXPR size "${len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n  " bytes "${bytes}")
file(WRITE ${OUT} "// Generated from ${IN} at build time; do not edit.\n#include <cstddef>\n#include <cstdint>\nnamespace bpftool::embedded {\nextern const uint8_t ${NAME}[];\nextern const size_t ${NAME}_size;\nconst uint8_t ${NAME}[] = {\n  ${bytes}\n};\nconst size_t ${NAME}_size = ${size};\n}  // namespace bpftool::embedded\n")
