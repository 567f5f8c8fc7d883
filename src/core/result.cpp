#include "core/result.h"

#include <cstdio>
#include <cstring>

namespace bpftool {

Error Error::sys(int errnum, std::string_view what) {
  std::string text(what);
  text += ": ";
  text += std::strerror(errnum);
  return Error(errnum, std::move(text));
}

Error& Error::prefix(std::string_view context) {
  message_ = std::string(context) + ": " + message_;
  return *this;
}

void bug(const char* file, int line, const char* what) {
  std::fprintf(stderr, "bpftool: internal error at %s:%d: %s\n", file, line, what);
  std::abort();
}

}  // namespace bpftool
