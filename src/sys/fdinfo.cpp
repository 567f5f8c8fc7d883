#include "sys/fdinfo.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <vector>

#include "core/parse.h"
#include "sys/fd.h"

namespace bpftool::sys {

Result<std::string> read_small_file(const char* path) {
  Fd fd(::open(path, O_RDONLY | O_CLOEXEC));
  if (!fd) return Error::sys(errno, std::string("can't open ") + path);
  std::string text;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::sys(errno, std::string("can't read ") + path);
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  return text;
}

Result<FdInfo> FdInfo::at(int dirfd, int fd) {
  char name[16];
  std::snprintf(name, sizeof(name), "%d", fd);
  Fd file(::openat(dirfd, name, O_RDONLY | O_CLOEXEC));
  if (!file) return Error::sys(errno, std::string("can't open fdinfo of fd ") + name);
  std::string text;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(file.get(), buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::sys(errno, std::string("can't read fdinfo of fd ") + name);
    }
    text.append(buf, static_cast<size_t>(n));
    // The kernel formats fdinfo in one go: a short read is the whole text.
    if (static_cast<size_t>(n) < sizeof(buf)) break;
  }
  return FdInfo(std::move(text));
}

Result<FdInfo> FdInfo::of_fd(int fd) {
  // /proc/self/fdinfo stays open for the process's lifetime: every show reads it.
  static const int dirfd = ::open("/proc/self/fdinfo", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0) return Error::sys(errno, "can't open /proc/self/fdinfo");
  // The kernel looks fd <n> up again on every read from offset 0 (fs/proc/fd.c seq_show),
  // and a listing reuses the same few fd numbers, so one handle per number saves an openat
  // and a close per object.
  static std::vector<int> handles;
  if (fd < 0) return Error::sys(EBADF, "fdinfo");
  if (handles.size() <= static_cast<size_t>(fd)) handles.resize(static_cast<size_t>(fd) + 1, -1);
  int& h = handles[static_cast<size_t>(fd)];
  if (h < 0) {
    char name[16];
    std::snprintf(name, sizeof(name), "%d", fd);
    h = ::openat(dirfd, name, O_RDONLY | O_CLOEXEC);
    if (h < 0) return Error::sys(errno, "can't open fdinfo");
  }
  std::string text;
  char buf[4096];
  for (;;) {
    ssize_t n = ::pread(h, buf, sizeof(buf), static_cast<off_t>(text.size()));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::sys(errno, "can't read fdinfo");
    }
    text.append(buf, static_cast<size_t>(n));
    if (static_cast<size_t>(n) < sizeof(buf)) break;
  }
  return FdInfo(std::move(text));
}

Result<FdInfo> FdInfo::of(pid_t pid, int fd) {
  char path[64];
  std::snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", static_cast<int>(pid), fd);
  auto text = read_small_file(path);
  if (!text) return std::move(text).error();
  return FdInfo(std::move(*text));
}

std::optional<std::string_view> FdInfo::get(std::string_view key) const {
  std::string_view t = text_;
  while (!t.empty()) {
    size_t eol = t.find('\n');
    std::string_view line = t.substr(0, eol);
    t = eol == std::string_view::npos ? std::string_view{} : t.substr(eol + 1);
    if (line.size() > key.size() && line.compare(0, key.size(), key) == 0 && line[key.size()] == ':') {
      std::string_view v = line.substr(key.size() + 1);
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
      return v;
    }
  }
  return std::nullopt;
}

std::optional<uint64_t> FdInfo::get_u64(std::string_view key) const {
  auto v = get(key);
  if (!v) return std::nullopt;
  return core::parse_u64(*v);
}

}  // namespace bpftool::sys
