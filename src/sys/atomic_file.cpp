#include "sys/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>
#include <vector>

#include "core/scope_exit.h"

namespace bpftool::sys {

namespace {

std::string dir_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

mode_t current_umask() {
  mode_t m = ::umask(0);
  ::umask(m);
  return m;
}

}  // namespace

Result<AtomicFile> AtomicFile::create(const std::string& dest) {
  if (dest.empty() || dest.back() == '/') return Error::sys(EISDIR, "can't write '" + dest + "'");
  // A dot-prefixed name in the same directory: rename() stays on one file
  // system, and directory listings mostly skip it while it is being written.
  std::string tmpl = dir_of(dest) + "/." + base_of(dest) + ".XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  int fd = ::mkostemp(buf.data(), O_CLOEXEC);
  if (fd < 0) return Error::sys(errno, "can't create a temporary file for '" + dest + "'");
  // mkstemp creates 0600; an ordinary create (fopen, libbpf's linker) gives 0644 minus umask.
  int err = ::fchmod(fd, 0644 & ~current_umask()) ? errno : 0;
  ::close(fd);
  AtomicFile file(dest, std::string(buf.data()));
  if (err) return Error::sys(err, "can't set the mode of '" + file.temp_ + "'");
  return file;
}

AtomicFile::AtomicFile(AtomicFile&& o) noexcept
    : dest_(std::move(o.dest_)), temp_(std::exchange(o.temp_, std::string())) {}

AtomicFile::~AtomicFile() {
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

Status AtomicFile::write_all(std::span<const std::byte> bytes) {
  int fd = ::open(temp_.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) return Error::sys(errno, "can't open '" + temp_ + "'");
  core::ScopeExit close_fd([fd] { ::close(fd); });
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::sys(errno, "can't write '" + dest_ + "'");
    }
    done += static_cast<size_t>(n);
  }
  return {};
}

Status AtomicFile::commit() {
  if (temp_.empty()) return Error::msg("'" + dest_ + "' was already written");
  int fd = ::open(temp_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error::sys(errno, "can't open '" + temp_ + "'");
  int err = ::fsync(fd) ? errno : 0;
  ::close(fd);
  if (err) return Error::sys(err, "can't sync '" + dest_ + "'");
  if (::rename(temp_.c_str(), dest_.c_str()))
    return Error::sys(errno, "can't rename '" + temp_ + "' to '" + dest_ + "'");
  temp_.clear();
  // The rename itself is durable only once the directory is synced; a failure
  // here leaves the new file in place, so it is not reported.
  int dir = ::open(dir_of(dest_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    (void)::fsync(dir);
    ::close(dir);
  }
  return {};
}

Status write_file_atomic(const std::string& dest, std::span<const std::byte> bytes) {
  auto file = AtomicFile::create(dest);
  if (!file) return file.error();
  BT_TRY(file->write_all(bytes));
  return file->commit();
}

}  // namespace bpftool::sys
