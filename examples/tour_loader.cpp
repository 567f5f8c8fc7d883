// tour-loader: loads the tour's sample object with libbpf, attaches its raw
// tracepoint program with a bpf_link, and pins programs, maps and the link in
// DIR (a bpffs). The pins keep everything alive after this process exits;
// removing them (rm -r DIR/*) unloads it all.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

static int quiet(enum libbpf_print_level level, const char* fmt, va_list ap) {
  return level == LIBBPF_WARN ? std::vfprintf(stderr, fmt, ap) : 0;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s OBJECT.bpf.o BPFFS_DIR\n", argv[0]);
    return 2;
  }
  libbpf_set_print(quiet);
  const std::string dir = argv[2];
  struct bpf_object* obj = bpf_object__open_file(argv[1], nullptr);
  if (libbpf_get_error(obj)) {
    std::fprintf(stderr, "tour-loader: can't open %s\n", argv[1]);
    return 1;
  }
  if (int err = bpf_object__load(obj)) {
    std::fprintf(stderr, "tour-loader: can't load %s: %s\n", argv[1], std::strerror(-err));
    bpf_object__close(obj);
    return 1;
  }
  int rc = 0;
  struct bpf_map* map;
  bpf_object__for_each_map(map, obj) {
    if (bpf_map__is_internal(map)) continue;
    std::string path = dir + "/" + bpf_map__name(map);
    if (bpf_map__pin(map, path.c_str())) rc = 1;
  }
  struct bpf_program* prog;
  bpf_object__for_each_program(prog, obj) {
    std::string name = bpf_program__name(prog);
    if (bpf_program__type(prog) == BPF_PROG_TYPE_RAW_TRACEPOINT) {
      struct bpf_link* link = bpf_program__attach(prog);
      if (libbpf_get_error(link)) {
        std::fprintf(stderr, "tour-loader: can't attach %s\n", name.c_str());
        rc = 1;
        continue;
      }
      if (bpf_link__pin(link, (dir + "/link_" + name).c_str())) rc = 1;
      bpf_link__disconnect(link);  // the pin, not this process, keeps it attached
      bpf_link__destroy(link);
    } else if (bpf_program__pin(prog, (dir + "/" + name).c_str())) {
      rc = 1;
    }
  }
  bpf_object__close(obj);
  if (rc) std::fprintf(stderr, "tour-loader: some pins failed\n");
  return rc;
}
