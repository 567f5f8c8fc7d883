#include "support/bpf_object.h"

#include <bpf/bpf.h>

#include <cerrno>
#include <cstring>

namespace bpftool::test {

namespace {
int quiet_print(enum libbpf_print_level level, const char* fmt, va_list ap) {
  if (level == LIBBPF_WARN && std::getenv("BT_TEST_VERBOSE")) return std::vfprintf(stderr, fmt, ap);
  return 0;
}
}  // namespace

std::string bpf_path(const std::string& name) { return std::string(BT_TEST_BPF_DIR) + "/" + name + ".bpf.o"; }

uint32_t prog_id(int fd) {
  struct bpf_prog_info info;
  std::memset(&info, 0, sizeof(info));
  uint32_t len = sizeof(info);
  return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

uint32_t map_id(int fd) {
  struct bpf_map_info info;
  std::memset(&info, 0, sizeof(info));
  uint32_t len = sizeof(info);
  return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

uint32_t link_id(int fd) {
  struct bpf_link_info info;
  std::memset(&info, 0, sizeof(info));
  uint32_t len = sizeof(info);
  return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

uint32_t btf_id_of_prog(int fd) {
  struct bpf_prog_info info;
  std::memset(&info, 0, sizeof(info));
  uint32_t len = sizeof(info);
  return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.btf_id;
}

Result<LoadedObject> LoadedObject::load(const std::string& name) {
  libbpf_set_print(quiet_print);
  std::string path = bpf_path(name);
  struct bpf_object* o = bpf_object__open_file(path.c_str(), nullptr);
  if (libbpf_get_error(o)) return Error::msg("can't open " + path);
  LoadedObject lo(o);
  if (int err = bpf_object__load(o); err)
    return Error::msg(-err, "can't load " + path + ": " + std::strerror(-err));
  return lo;
}

int LoadedObject::prog_fd(const std::string& prog_name) const {
  struct bpf_program* p = bpf_object__find_program_by_name(obj_.get(), prog_name.c_str());
  return p ? bpf_program__fd(p) : -1;
}

uint32_t LoadedObject::prog_id(const std::string& prog_name) const {
  int fd = prog_fd(prog_name);
  return fd < 0 ? 0 : test::prog_id(fd);
}

int LoadedObject::map_fd(const std::string& map_name) const {
  struct bpf_map* m = bpf_object__find_map_by_name(obj_.get(), map_name.c_str());
  return m ? bpf_map__fd(m) : -1;
}

uint32_t LoadedObject::map_id(const std::string& map_name) const {
  int fd = map_fd(map_name);
  return fd < 0 ? 0 : test::map_id(fd);
}

Result<int> LoadedObject::attach(const std::string& prog_name) {
  struct bpf_program* p = bpf_object__find_program_by_name(obj_.get(), prog_name.c_str());
  if (!p) return Error::msg("no program " + prog_name);
  struct bpf_link* l = bpf_program__attach(p);
  if (libbpf_get_error(l)) {
    int e = -static_cast<int>(libbpf_get_error(l));
    return Error::msg(e, "attach " + prog_name + ": " + std::strerror(e));
  }
  links_.emplace_back(l);
  return bpf_link__fd(l);
}

Result<int> LoadedObject::attach_xdp(const std::string& prog_name, int ifindex) {
  struct bpf_program* p = bpf_object__find_program_by_name(obj_.get(), prog_name.c_str());
  if (!p) return Error::msg("no program " + prog_name);
  struct bpf_link* l = bpf_program__attach_xdp(p, ifindex);
  if (libbpf_get_error(l)) {
    int e = -static_cast<int>(libbpf_get_error(l));
    return Error::msg(e, "attach xdp " + prog_name + ": " + std::strerror(e));
  }
  links_.emplace_back(l);
  return bpf_link__fd(l);
}

Result<int> LoadedObject::attach_cgroup(const std::string& prog_name, int cgroup_fd) {
  struct bpf_program* p = bpf_object__find_program_by_name(obj_.get(), prog_name.c_str());
  if (!p) return Error::msg("no program " + prog_name);
  struct bpf_link* l = bpf_program__attach_cgroup(p, cgroup_fd);
  if (libbpf_get_error(l)) {
    int e = -static_cast<int>(libbpf_get_error(l));
    return Error::msg(e, "attach cgroup " + prog_name + ": " + std::strerror(e));
  }
  links_.emplace_back(l);
  return bpf_link__fd(l);
}

}  // namespace bpftool::test
