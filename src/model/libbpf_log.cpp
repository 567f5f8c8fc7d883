#include "model/libbpf_log.h"

#include <bpf/libbpf.h>

#include <cstdarg>
#include <cstdio>
#include <string_view>
#include <vector>

namespace bpftool::model {

namespace {

bool g_debug = false;
LibbpfCapture* g_capture = nullptr;

int printer(enum libbpf_print_level level, const char* fmt, va_list ap) {
  if (level == LIBBPF_DEBUG && !g_debug) return 0;
  if (!g_capture) return std::vfprintf(stderr, fmt, ap);
  va_list copy;
  va_copy(copy, ap);
  int n = std::vsnprintf(nullptr, 0, fmt, copy);
  va_end(copy);
  if (n <= 0) return n;
  std::string s(static_cast<size_t>(n) + 1, '\0');
  std::vsnprintf(s.data(), s.size(), fmt, ap);
  s.resize(static_cast<size_t>(n));
  g_capture->append(s);
  return n;
}

constexpr std::string_view kBegin = "-- BEGIN PROG LOAD LOG --\n";
constexpr std::string_view kEnd = "-- END PROG LOAD LOG --";

}  // namespace

void install_libbpf_printer(bool debug) {
  g_debug = debug;
  libbpf_set_print(printer);
}

LibbpfCapture::LibbpfCapture(std::optional<ReplayOnExit> replay) : prev_(g_capture), replay_on_exit_(replay) {
  g_capture = this;
}

LibbpfCapture::~LibbpfCapture() { finish(); }

void LibbpfCapture::detach() {
  if (!active_) return;
  active_ = false;
  g_capture = prev_;
}

void LibbpfCapture::finish() {
  bool was_active = active_;
  detach();
  if (was_active && replay_on_exit_) replay(replay_on_exit_->whole, replay_on_exit_->tail_lines);
}

std::string LibbpfCapture::render(bool whole, size_t tail_lines) const {
  if (whole) return text_;
  std::string out;
  std::string_view t = text_;
  for (;;) {
    size_t b = t.find(kBegin);
    if (b == std::string_view::npos) break;
    size_t body = b + kBegin.size();
    size_t e = t.find(kEnd, body);
    if (e == std::string_view::npos) break;
    out.append(t.substr(0, body));
    std::string_view log = t.substr(body, e - body);
    std::vector<std::string_view> lines;
    for (size_t pos = 0; pos < log.size();) {
      size_t nl = log.find('\n', pos);
      size_t end = nl == std::string_view::npos ? log.size() : nl + 1;
      lines.push_back(log.substr(pos, end - pos));
      pos = end;
    }
    if (lines.size() > tail_lines) {
      out += "... " + std::to_string(lines.size() - tail_lines) +
             " earlier lines of the verifier log omitted (-d shows the whole log) ...\n";
      for (size_t i = lines.size() - tail_lines; i < lines.size(); i++) out.append(lines[i]);
    } else {
      out.append(log);
    }
    t = t.substr(e);
  }
  out.append(t);
  return out;
}

void LibbpfCapture::replay(bool whole, size_t tail_lines) const {
  std::string s = render(whole, tail_lines);
  std::fwrite(s.data(), 1, s.size(), stderr);
}

}  // namespace bpftool::model
