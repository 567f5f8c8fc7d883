// LoadedObject: a test BPF object (compiled from tests/bpf/*.bpf.c at build
// time) opened and loaded with libbpf; closed, with its links, at scope end.
#pragma once

#include <bpf/libbpf.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "core/result.h"
#include "sys/typed_fd.h"
#include "sys/libbpf_ptr.h"

namespace bpftool::test {

/// Path of a compiled test object, e.g. bpf_path("progs") → ".../progs.bpf.o".
std::string bpf_path(const std::string& name);

/// The kernel id of a program/map fd.
uint32_t prog_id(int fd);
uint32_t map_id(int fd);
uint32_t link_id(int fd);
uint32_t btf_id_of_prog(int fd);

class LoadedObject {
 public:
  /// Opens and loads `name`.bpf.o; libbpf messages are kept quiet.
  static Result<LoadedObject> load(const std::string& name);
  LoadedObject(LoadedObject&&) = default;
  LoadedObject& operator=(LoadedObject&&) = default;

  struct bpf_object* obj() const { return obj_.get(); }
  int prog_fd(const std::string& prog_name) const;
  uint32_t prog_id(const std::string& prog_name) const;
  int map_fd(const std::string& map_name) const;
  uint32_t map_id(const std::string& map_name) const;
  /// Attaches a program with libbpf's auto-attach (raw_tp, xdp via link...)
  /// and keeps the link until the object goes away. Returns the link fd.
  Result<int> attach(const std::string& prog_name);
  /// Attaches an XDP program to `ifindex` with a bpf_link.
  Result<int> attach_xdp(const std::string& prog_name, int ifindex);
  /// Attaches a cgroup program to the cgroup directory `cgroup_fd` with a
  /// bpf_link (its attach type comes from the section name).
  Result<int> attach_cgroup(const std::string& prog_name, int cgroup_fd);

 private:
  explicit LoadedObject(struct bpf_object* o) : obj_(o) {}
  // Members are destroyed in reverse order: links first, then the object.
  sys::ObjectPtr obj_;
  std::vector<sys::LinkPtr> links_;
};

/// A typed fd of our own for an fd libbpf owns (a dup, closed with it).
template <class TypedFd>
TypedFd typed_dup(int fd) {
  return TypedFd(sys::Fd(::fcntl(fd, F_DUPFD_CLOEXEC, 3)));
}

}  // namespace bpftool::test
