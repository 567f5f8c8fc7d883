// Fd: the owning RAII wrapper for every kernel file descriptor we open.
#pragma once

#include <utility>

namespace bpftool::sys {

class Fd {
 public:
  Fd() = default;
  /// Takes ownership of `raw`; an fd at 0..2 is moved above 2 first (fd 0 means
  /// "no fd" in some bpf attrs, and stdio must stay stdio).
  explicit Fd(int raw);
  Fd(Fd&& o) noexcept : raw_(std::exchange(o.raw_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) reset(std::exchange(o.raw_, -1));
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }

  int get() const { return raw_; }  // deliberately no operator int()
  int release() { return std::exchange(raw_, -1); }
  void reset(int raw = -1);
  explicit operator bool() const { return raw_ >= 0; }

 private:
  int raw_ = -1;
};

}  // namespace bpftool::sys
