#include "sys/fd.h"

#include <fcntl.h>
#include <unistd.h>

namespace bpftool::sys {

Fd::Fd(int raw) : raw_(raw) {
  if (raw_ >= 0 && raw_ <= 2) {
    int moved = ::fcntl(raw_, F_DUPFD_CLOEXEC, 3);
    if (moved >= 0) {
      ::close(raw_);
      raw_ = moved;
    }
  }
}

void Fd::reset(int raw) {
  if (raw_ >= 0) ::close(raw_);
  raw_ = raw;
}

}  // namespace bpftool::sys
