// Kernel objects and resources a test creates for itself, each released at
// scope end: uniquely named programs and maps, raw tracepoint links with a
// cookie, a cgroup directory, a plain (non-bpffs) temp dir that bpftool may
// mount on, and a child process that holds bpf fds. Header-only.
#pragma once

#include <bpf/bpf.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <mntent.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/hex.h"
#include "core/result.h"
#include "support/scoped_bpffs.h"
#include "sys/fd.h"

namespace bpftool::test {

/// A random lowercase hex string of `n` characters.
inline std::string random_hex(size_t n) {
  thread_local std::mt19937_64 rng(std::random_device{}() ^ static_cast<uint64_t>(::getpid()) << 32);
  static const char kDigits[] = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; i++) s.push_back(kDigits[rng() % 16]);
  return s;
}

/// A 15-character object name no other object on the machine has: "bt" + 13 hex.
inline std::string unique_name() { return "bt" + random_hex(13); }

/// bpf_prog_info / bpf_map_info / bpf_link_info of an fd, zeroed on failure.
inline bpf_prog_info prog_info(int fd, std::vector<uint32_t>* map_ids = nullptr) {
  bpf_prog_info info;
  std::memset(&info, 0, sizeof(info));
  uint32_t len = sizeof(info);
  if (bpf_obj_get_info_by_fd(fd, &info, &len)) std::memset(&info, 0, sizeof(info));
  if (map_ids) {
    map_ids->assign(info.nr_map_ids, 0);
    bpf_prog_info again;
    std::memset(&again, 0, sizeof(again));
    again.nr_map_ids = static_cast<uint32_t>(map_ids->size());
    again.map_ids = reinterpret_cast<uintptr_t>(map_ids->data());
    len = sizeof(again);
    if (bpf_obj_get_info_by_fd(fd, &again, &len)) map_ids->clear();
  }
  return info;
}

inline bpf_map_info map_info(int fd) {
  bpf_map_info info;
  std::memset(&info, 0, sizeof(info));
  uint32_t len = sizeof(info);
  if (bpf_obj_get_info_by_fd(fd, &info, &len)) std::memset(&info, 0, sizeof(info));
  return info;
}

/// The program tag as bpftool prints it (16 hex digits).
inline std::string tag_hex(const bpf_prog_info& info) { return core::hex_string(info.tag, sizeof(info.tag)); }

/// One "key: value" line of our own fd's /proc/self/fdinfo, or "".
inline std::string fdinfo_field(int fd, const std::string& key) {
  std::string path = "/proc/self/fdinfo/" + std::to_string(fd);
  FILE* f = std::fopen(path.c_str(), "re");
  if (!f) return {};
  char line[512];
  std::string value;
  while (std::fgets(line, sizeof(line), f)) {
    std::string l(line);
    if (l.compare(0, key.size() + 1, key + ":") != 0) continue;
    value = l.substr(key.size() + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) value.pop_back();
    break;
  }
  std::fclose(f);
  return value;
}

/// A socket filter `r0 = imm; exit` with a unique name, so that a name or tag
/// selector matches it and nothing else on the machine.
struct UniqueProg {
  sys::Fd fd;
  std::string name;
  uint32_t id = 0;
  std::string tag;

  static Result<UniqueProg> load(const std::string& name = unique_name()) {
    UniqueProg p;
    p.name = name;
    uint32_t imm = static_cast<uint32_t>(std::stoul(random_hex(8), nullptr, 16)) | 0x10000u;
    struct bpf_insn insns[2];
    std::memset(insns, 0, sizeof(insns));
    insns[0].code = BPF_ALU64 | BPF_MOV | BPF_K;  // r0 = imm
    insns[0].dst_reg = BPF_REG_0;
    insns[0].imm = static_cast<int32_t>(imm);
    insns[1].code = BPF_JMP | BPF_EXIT;
    int fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, p.name.c_str(), "GPL", insns, 2, nullptr);
    if (fd < 0) return Error::sys(errno, "bpf_prog_load " + p.name);
    p.fd = sys::Fd(fd);
    auto info = prog_info(p.fd.get());
    p.id = info.id;
    p.tag = tag_hex(info);
    return p;
  }
};

/// A map created by the test, with a unique name unless one is given.
struct TestMap {
  sys::Fd fd;
  std::string name;
  uint32_t id = 0;

  static Result<TestMap> create(bpf_map_type type, uint32_t key_size, uint32_t value_size, uint32_t max_entries,
                                const std::string& name = unique_name()) {
    TestMap m;
    m.name = name;
    int fd = bpf_map_create(type, name.c_str(), key_size, value_size, max_entries, nullptr);
    if (fd < 0) return Error::sys(errno, "bpf_map_create " + name);
    m.fd = sys::Fd(fd);
    m.id = map_info(m.fd.get()).id;
    return m;
  }
};

/// BPF_RAW_TRACEPOINT_OPEN with a cookie (Linux 6.10; the attr field is newer
/// than these UAPI headers). Returns the link fd.
inline Result<sys::Fd> raw_tp_open(int prog_fd, const char* tp, uint64_t cookie) {
  struct {
    uint64_t name;
    uint32_t prog_fd;
    uint32_t pad;
    uint64_t cookie;
  } attr;
  std::memset(&attr, 0, sizeof(attr));
  attr.name = reinterpret_cast<uintptr_t>(tp);
  attr.prog_fd = static_cast<uint32_t>(prog_fd);
  attr.cookie = cookie;
  long fd = ::syscall(__NR_bpf, BPF_RAW_TRACEPOINT_OPEN, &attr, sizeof(attr));
  if (fd < 0) return Error::sys(errno, std::string("raw_tracepoint_open ") + tp);
  return sys::Fd(static_cast<int>(fd));
}

/// Lines of /proc/mounts whose mount point is exactly `dir`, as "type".
inline std::vector<std::string> mount_types_at(const std::string& dir) {
  std::vector<std::string> types;
  FILE* f = ::setmntent("/proc/mounts", "re");
  if (!f) return types;
  while (struct mntent* m = ::getmntent(f))
    if (dir == m->mnt_dir) types.emplace_back(m->mnt_type);
  ::endmntent(f);
  return types;
}

/// A temp dir on the ordinary file system. At scope end everything mounted on
/// it is unmounted (bpftool's auto-mount puts a bind mount and a bpffs there),
/// pins and files in it are removed, and the dir itself goes away.
class ScopedPlainDir {
 public:
  static Result<ScopedPlainDir> create() {
    char tmpl[] = "/tmp/bt_plain_XXXXXX";
    if (!::mkdtemp(tmpl)) return Error::sys(errno, "mkdtemp");
    return ScopedPlainDir(tmpl);
  }
  ScopedPlainDir(ScopedPlainDir&& o) noexcept : path_(std::move(o.path_)) { o.path_.clear(); }
  ScopedPlainDir& operator=(ScopedPlainDir&&) = delete;
  ~ScopedPlainDir() {
    if (path_.empty()) return;
    for (int i = 0; i < 8 && !mount_types_at(path_).empty(); i++) {
      remove_tree(path_);
      if (::umount2(path_.c_str(), MNT_DETACH) != 0) break;
    }
    remove_tree(path_);
    ::rmdir(path_.c_str());
  }
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  explicit ScopedPlainDir(std::string p) : path_(std::move(p)) {}
  std::string path_;
};

/// The first cgroup v2 mount point, or "".
inline std::string cgroup2_root() {
  std::string root;
  FILE* f = ::setmntent("/proc/mounts", "re");
  if (!f) return root;
  while (struct mntent* m = ::getmntent(f)) {
    if (std::strcmp(m->mnt_type, "cgroup2") == 0) {
      root = m->mnt_dir;
      break;
    }
  }
  ::endmntent(f);
  return root;
}

/// A fresh cgroup v2 directory, removed at scope end (after the links on it
/// are gone: declare it before the objects attached to it).
class ScopedCgroup {
 public:
  static Result<ScopedCgroup> create() {
    std::string root = cgroup2_root();
    if (root.empty()) return Error::msg(ENOENT, "no cgroup v2 hierarchy is mounted");
    std::string dir = root + "/bt_test_" + random_hex(10);
    if (::mkdir(dir.c_str(), 0755) != 0) return Error::sys(errno, "mkdir " + dir);
    ScopedCgroup cg(dir);
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return Error::sys(errno, "open " + dir);
    cg.fd_ = sys::Fd(fd);
    return cg;
  }
  ScopedCgroup(ScopedCgroup&& o) noexcept : path_(std::move(o.path_)), fd_(std::move(o.fd_)) { o.path_.clear(); }
  ScopedCgroup& operator=(ScopedCgroup&&) = delete;
  ~ScopedCgroup() {
    fd_.reset();
    if (!path_.empty()) ::rmdir(path_.c_str());
  }
  const std::string& path() const { return path_; }
  int fd() const { return fd_.get(); }
  /// The cgroup id the kernel reports: the directory's inode number on cgroup v2.
  uint64_t id() const {
    struct stat st;
    return ::stat(path_.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_ino) : 0;
  }

 private:
  explicit ScopedCgroup(std::string p) : path_(std::move(p)) {}
  std::string path_;
  sys::Fd fd_;
};

/// A child process named `comm` that inherits (and so holds) every fd of the
/// test until scope end, when it is killed and reaped.
class FdHolder {
 public:
  static Result<FdHolder> spawn(const std::string& comm) {
    int ready[2];
    if (::pipe2(ready, O_CLOEXEC) != 0) return Error::sys(errno, "pipe");
    pid_t pid = ::fork();
    if (pid < 0) {
      int e = errno;
      ::close(ready[0]);
      ::close(ready[1]);
      return Error::sys(e, "fork");
    }
    if (pid == 0) {
      ::close(ready[0]);
      ::prctl(PR_SET_NAME, comm.c_str(), 0, 0, 0);
      ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
      char c = 1;
      (void)!::write(ready[1], &c, 1);  // named and holding every fd: tell the parent
      for (;;) ::pause();
    }
    ::close(ready[1]);
    FdHolder h;
    h.pid_ = pid;
    char c;
    while (::read(ready[0], &c, 1) < 0 && errno == EINTR) {
    }
    ::close(ready[0]);
    return h;
  }
  FdHolder() = default;
  FdHolder(FdHolder&& o) noexcept : pid_(std::exchange(o.pid_, -1)) {}
  FdHolder& operator=(FdHolder&&) = delete;
  ~FdHolder() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int st;
    while (::waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
    }
  }
  pid_t pid() const { return pid_; }
  std::string comm() const {
    std::string path = "/proc/" + std::to_string(pid_) + "/comm";
    FILE* f = std::fopen(path.c_str(), "re");
    if (!f) return {};
    char buf[64] = {};
    if (!std::fgets(buf, sizeof(buf), f)) buf[0] = '\0';
    std::fclose(f);
    std::string s(buf);
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
  }

 private:
  pid_t pid_ = -1;
};

}  // namespace bpftool::test
