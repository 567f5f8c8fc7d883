// Example: the C++ skeleton (`bpftool gen skeleton FILE lang c++`).
// Opens the embedded object, sets a .rodata constant, loads it, runs the
// program three times with BPF_PROG_TEST_RUN and prints the .bss counter.
// Needs root (or CAP_BPF). The build generates skeleton_demo.skel.hpp with
// our own bpftool; see examples/CMakeLists.txt.
#include <bpf/bpf.h>

#include <cstdio>
#include <cstring>

#include "skeleton_demo.skel.hpp"

int main() {
  auto skel = skeleton_demo_skeleton::open();
  if (!skel) {
    std::fprintf(stderr, "open: %s\n", std::strerror(-skel.error()));
    return 1;
  }
  skel.rodata()->step = 5;
  if (int err = skel.load()) {
    std::fprintf(stderr, "load: %s\n", std::strerror(-err));
    return 1;
  }
  for (int i = 0; i < 3; i++) {
    LIBBPF_OPTS(bpf_test_run_opts, run);
    if (bpf_prog_test_run_opts(bpf_program__fd(skel.progs().add_step), &run) != 0) {
      std::perror("test run");
      return 1;
    }
  }
  std::printf("total = %llu\n", static_cast<unsigned long long>(skel.bss()->total));  // 15
  return 0;
}  // the skeleton's destructor unloads everything
