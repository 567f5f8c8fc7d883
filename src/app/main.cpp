// bpftool-cpp: a drop-in replacement for Linux's bpftool.
#include <new>
#include <cstdio>

#include "app/app.h"

int main(int argc, char** argv) {
  try {
    return bpftool::app::main_impl(argc, argv);
  } catch (const std::bad_alloc&) {
    std::fputs("Error: out of memory\n", stderr);
    return 255;
  }
}
