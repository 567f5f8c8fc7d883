#include "support/scoped_bpffs.h"

#include <dirent.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "sys/bpf.h"

namespace bpftool::test {

Result<ScopedBpffs> ScopedBpffs::create() {
  char tmpl[] = "/tmp/bt_bpffs_XXXXXX";
  if (!::mkdtemp(tmpl)) return Error::sys(errno, "mkdtemp");
  if (::mount("bpf", tmpl, "bpf", 0, "mode=0700") != 0) {
    int e = errno;
    ::rmdir(tmpl);
    return Error::sys(e, std::string("mount -t bpf ") + tmpl);
  }
  return ScopedBpffs(tmpl);
}

void remove_tree(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;
  std::vector<std::string> names;
  while (struct dirent* e = ::readdir(d)) {
    if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
    names.emplace_back(e->d_name);
  }
  ::closedir(d);
  for (const auto& n : names) {
    std::string p = dir + "/" + n;
    struct stat st;
    if (::lstat(p.c_str(), &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      remove_tree(p);
      ::rmdir(p.c_str());
    } else {
      ::unlink(p.c_str());
    }
  }
}

ScopedBpffs::~ScopedBpffs() {
  if (path_.empty()) return;
  remove_tree(path_);
  // bpftool may have mounted more bpffs instances below ours; detach them all.
  while (::umount2(path_.c_str(), MNT_DETACH) == 0) {
  }
  ::rmdir(path_.c_str());
}

std::string kernel_unavailable_reason() {
  if (::geteuid() != 0) return "needs root";
  auto id = sys::get_next_id(sys::ObjKind::Btf, 0);
  if (!id && id.error().errnum() != ENOENT) return "bpf() unavailable: " + id.error().message();
  return {};
}

}  // namespace bpftool::test
