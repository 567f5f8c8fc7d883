#include "model/pids.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

#include "sys/fd.h"
#include "sys/fdinfo.h"

namespace bpftool::model {

namespace {

struct DirCloser {
  void operator()(DIR* d) const { ::closedir(d); }
};
using DirPtr = std::unique_ptr<DIR, DirCloser>;

// A decimal /proc entry name ("0" included), or nothing.
std::optional<int32_t> numeric(const char* name) {
  if (name[0] == '\0') return std::nullopt;
  int64_t v = 0;
  for (const char* p = name; *p; p++) {
    if (*p < '0' || *p > '9') return std::nullopt;
    v = v * 10 + (*p - '0');
    if (v > INT32_MAX) return std::nullopt;
  }
  return static_cast<int32_t>(v);
}

std::string read_comm(int32_t pid) {
  char path[64];
  std::snprintf(path, sizeof(path), "/proc/%d/comm", pid);
  auto text = sys::read_small_file(path);
  if (!text) return {};
  std::string comm = std::move(*text);
  while (!comm.empty() && comm.back() == '\n') comm.pop_back();
  return comm;
}

}  // namespace

void PidTable::add(sys::ObjKind kind, uint32_t id, PidRef ref) {
  auto& v = tables_[idx(kind)][id];
  for (const auto& r : v)
    if (r.pid == ref.pid) return;  // one entry per process, as upstream
  v.push_back(std::move(ref));
}

const std::vector<PidRef>& PidTable::refs(sys::ObjKind kind, uint32_t id) const {
  static const std::vector<PidRef> kNone;
  const auto& m = tables_[idx(kind)];
  auto it = m.find(id);
  return it == m.end() ? kNone : it->second;
}

PidTable PidTable::scan(sys::ObjKind only) {
  PidTable t;
  const int32_t self = static_cast<int32_t>(::getpid());
  DirPtr proc(::opendir("/proc"));
  if (!proc) return t;
  while (struct dirent* de = ::readdir(proc.get())) {
    auto pid = numeric(de->d_name);
    if (!pid || *pid == self) continue;
    char fddir[64];
    std::snprintf(fddir, sizeof(fddir), "/proc/%d/fd", *pid);
    DirPtr fds(::opendir(fddir));
    if (!fds) continue;  // exited, or not ours to read
    sys::Fd fdinfo_dir;  // /proc/<pid>/fdinfo, opened on the first bpf fd
    std::string comm;
    bool have_comm = false;
    while (struct dirent* fe = ::readdir(fds.get())) {
      auto fd = numeric(fe->d_name);
      if (!fd) continue;
      int fdnum = *fd;
      char target[64];
      ssize_t n = ::readlinkat(::dirfd(fds.get()), fe->d_name, target, sizeof(target) - 1);
      if (n <= 0) continue;
      target[n] = '\0';
      sys::ObjKind kind;
      const char* key;
      if (std::strcmp(target, "anon_inode:bpf-prog") == 0) kind = sys::ObjKind::Prog, key = "prog_id";
      else if (std::strcmp(target, "anon_inode:bpf-map") == 0) kind = sys::ObjKind::Map, key = "map_id";
      else if (std::strcmp(target, "anon_inode:bpf_link") == 0 || std::strcmp(target, "anon_inode:bpf-link") == 0)
        kind = sys::ObjKind::Link, key = "link_id";
      else if (std::strcmp(target, "anon_inode:btf") == 0) kind = sys::ObjKind::Btf, key = "btf_id";
      else continue;
      if (kind != only) continue;  // only the listed kind needs its fdinfo read
      if (!fdinfo_dir) {
        char path[64];
        std::snprintf(path, sizeof(path), "/proc/%d/fdinfo", *pid);
        fdinfo_dir = sys::Fd(::open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!fdinfo_dir) break;
      }
      auto info = sys::FdInfo::at(fdinfo_dir.get(), fdnum);
      if (!info) continue;
      auto id = info->get_u64(key);
      if (!id) continue;
      if (!have_comm) {
        comm = read_comm(*pid);
        have_comm = true;
      }
      t.add(kind, static_cast<uint32_t>(*id), PidRef{*pid, comm});
    }
  }
  return t;
}

}  // namespace bpftool::model
