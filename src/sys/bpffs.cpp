#include "sys/bpffs.h"

#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <linux/magic.h>
#include <mntent.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>

#include "sys/bpf.h"

namespace bpftool::sys {

namespace {

std::string dir_of(const std::string& path) {
  std::string copy = path;
  return ::dirname(copy.data());
}

std::string strerr(int e) { return std::strerror(e); }

}  // namespace

bool is_bpffs(const std::string& path) {
  struct statfs st;
  if (::statfs(path.c_str(), &st) < 0) return false;
  return static_cast<unsigned long>(st.f_type) == BPF_FS_MAGIC;
}

Status mount_bpffs(const std::string& dir) {
  bool bind_done = false;
  // A failure after our bind mount removes it again (upstream leaves it behind,
  // e.g. for a relative path, where "." still names the directory under it).
  // By absolute path: "." would not reach the new mount.
  std::string bound;
  auto fail = [&](const std::string& what) -> Status {
    int e = errno;
    if (!bound.empty()) ::umount2(bound.c_str(), MNT_DETACH);
    return Error::msg(e, what + " failed: " + strerr(e));
  };
  while (::mount("", dir.c_str(), "none", MS_PRIVATE | MS_REC, nullptr) != 0) {
    if (errno != EINVAL || bind_done) return fail("mount --make-private " + dir);
    if (::mount(dir.c_str(), dir.c_str(), "none", MS_BIND, nullptr) != 0)
      return fail("mount --bind " + dir + " " + dir);
    bind_done = true;
    if (char* abs = ::realpath(dir.c_str(), nullptr)) {
      bound = abs;
      std::free(abs);
    }
  }
  if (::mount("bpf", dir.c_str(), "bpf", 0, "mode=0700") != 0) return fail("mount -t bpf bpf " + dir);
  return {};
}

Status prepare_pin_path(const std::string& file, bool nomount) {
  if (::access(file.c_str(), F_OK) == 0)
    return Error::msg(EEXIST, "can't pin BPF object: path '" + file + "' already exists");
  std::string dir = dir_of(file);
  if (is_bpffs(dir)) return {};
  if (::access(dir.c_str(), F_OK) != 0)
    return Error::msg(ENOENT, "can't pin BPF object: dir '" + dir + "' doesn't exist");
  if (nomount)
    return Error::msg("no BPF file system found, not mounting it due to --nomount option");
  if (auto st = mount_bpffs(dir); !st)
    return Error::msg(st.error().errnum(), "can't mount BPF file system to pin the object '" + file +
                                               "': " + st.error().message());
  return {};
}

Status pin_fd(int fd, const std::string& file, bool nomount) {
  BT_TRY(prepare_pin_path(file, nomount));
  // Upstream's pin commands return BPF_OBJ_PIN's -errno (their exit status).
  if (auto st = obj_pin(fd, file); !st) return std::move(st).error().with_errno_status();
  return {};
}

Status prepare_pin_dir(const std::string& dir, bool nomount) {
  if (is_bpffs(dir)) return {};
  bool exists = ::access(dir.c_str(), F_OK) == 0;
  if (!exists) {
    std::string parent = dir_of(dir);
    if (is_bpffs(parent)) return {};
    if (::access(parent.c_str(), F_OK) != 0)
      return Error::msg(ENOENT, "can't create dir '" + dir + "' to pin BPF object: parent dir '" +
                                    parent + "' doesn't exist");
  }
  if (nomount)
    return Error::msg("no BPF file system found, not mounting it due to --nomount option");
  if (!exists && ::mkdir(dir.c_str(), S_IRWXU) != 0)
    return Error::sys(errno, "failed to create dir '" + dir + "'");
  if (auto st = mount_bpffs(dir); !st) {
    if (!exists) ::rmdir(dir.c_str());
    return Error::msg(st.error().errnum(),
                      "can't mount BPF file system on given dir '" + dir + "': " + st.error().message());
  }
  return {};
}

std::vector<std::string> bpffs_mounts() {
  std::vector<std::string> out;
  FILE* f = ::setmntent("/proc/mounts", "re");
  if (!f) return out;
  std::set<std::string> seen;
  while (struct mntent* m = ::getmntent(f)) {
    // Upstream accepts every type starting with "bpf".
    if (std::strncmp(m->mnt_type, "bpf", 3) != 0) continue;
    if (seen.insert(m->mnt_dir).second) out.emplace_back(m->mnt_dir);
  }
  ::endmntent(f);
  return out;
}

namespace {
const std::function<void(const std::string&)>* g_walk_fn = nullptr;

int walk_cb(const char* fpath, const struct stat* sb, int typeflag, struct FTW*) {
  if (typeflag == FTW_F && S_ISREG(sb->st_mode)) (*g_walk_fn)(fpath);
  return 0;
}
}  // namespace

void walk_bpffs(const std::function<void(const std::string&)>& fn) {
  const auto* saved = g_walk_fn;
  g_walk_fn = &fn;
  for (const auto& m : bpffs_mounts()) ::nftw(m.c_str(), walk_cb, 16, FTW_PHYS | FTW_MOUNT);
  g_walk_fn = saved;
}

}  // namespace bpftool::sys
