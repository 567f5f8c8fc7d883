// The one error mechanism of bpftool-cpp: Error (errno + message) and Result<T>.
// Lower layers return Result and never print or exit; Output reports errors once.
#pragma once

#include <cerrno>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace bpftool {

/// A failure: an errno value, a full sentence (without "Error: ") and the process
/// exit status it leads to (255 as upstream's -1 unless a command says otherwise).
class Error {
 public:
  Error() = default;

  /// "what: strerror(errnum)".
  static Error sys(int errnum, std::string_view what);
  /// A message with errnum EINVAL.
  static Error msg(std::string text) { return Error(EINVAL, std::move(text)); }
  static Error msg(int errnum, std::string text) { return Error(errnum, std::move(text)); }
  /// A failure whose message was already printed (or that prints nothing at all).
  static Error silent(int exit_status = 255) {
    Error e(0, {});
    e.reported_ = true;
    e.exit_status_ = exit_status;
    return e;
  }

  int errnum() const { return errnum_; }
  const std::string& message() const { return message_; }
  bool reported() const { return reported_; }
  int exit_status() const { return exit_status_; }

  Error& with_exit_status(int status) {
    exit_status_ = status;
    return *this;
  }
  /// Where upstream's handler returns -errno, the process exits with
  /// (256 - errno) & 0xff (ENOENT 254, EINVAL 234, EOPNOTSUPP 161): scripts
  /// test these codes, so the commands that do so say it with this.
  Error& with_errno_status() {
    if (errnum_ > 0) exit_status_ = errno_exit_status(errnum_);
    return *this;
  }
  static constexpr int errno_exit_status(int errnum) {
    int st = (256 - (errnum & 0xff)) & 0xff;
    return st ? st : 255;  // never report success for a failure
  }
  Error& mark_reported() {
    reported_ = true;
    return *this;
  }
  /// Prepends context: "context: old message".
  Error& prefix(std::string_view context);

 private:
  Error(int errnum, std::string message) : errnum_(errnum), message_(std::move(message)) {}
  int errnum_ = 0;
  std::string message_;
  bool reported_ = false;
  int exit_status_ = 255;
};

/// Holds a T or an Error. Converts from both, so `return Error::msg(...)` works.
template <class T = void>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit on purpose
  Result(Error err) : v_(std::in_place_index<1>, std::move(err)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& operator*() & { return std::get<0>(v_); }
  const T& operator*() const& { return std::get<0>(v_); }
  T&& operator*() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }

  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error err) : err_(std::move(err)), ok_(false) {}  // NOLINT: implicit on purpose

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& { return err_; }
  Error&& error() && { return std::move(err_); }

 private:
  Error err_;
  bool ok_ = true;
};

using Status = Result<void>;

/// Aborts on a broken invariant (a bug in bpftool-cpp, never bad input).
[[noreturn]] void bug(const char* file, int line, const char* what);
#define BT_BUG(what) ::bpftool::bug(__FILE__, __LINE__, what)

/// Propagates an error: `BT_TRY(status_expr);`
#define BT_TRY(expr)                            \
  do {                                          \
    if (auto bt_try_s_ = (expr); !bt_try_s_)    \
      return std::move(bt_try_s_).error();      \
  } while (0)

}  // namespace bpftool
