#include "output/output.h"

#include <cstdio>

namespace bpftool::output {

Output::Output(OutStream& out, bool json, bool pretty)
    : out_(out), json_(json || pretty), pretty_(pretty) {
  if (json_) jw_ = std::make_unique<JsonWriter>(out_, pretty_);
}

void Output::error(const Error& e) {
  if (e.reported()) return;
  if (json_) {
    jw_->start_object();
    jw_->string_field("error", e.message());
    jw_->end_object();
    return;
  }
  out_.flush();
  std::string line = "Error: " + e.message() + "\n";
  std::fputs(line.c_str(), stderr);
}

Error Output::fail(Error e) {
  error(e);
  e.mark_reported();
  return e;
}

void Output::info(std::string_view msg) {
  if (json_) return;
  out_.flush();
  std::string line(msg);
  line += '\n';
  std::fputs(line.c_str(), stderr);
}

void Output::debug(std::string_view msg) {
  out_.flush();
  std::fwrite(msg.data(), 1, msg.size(), stderr);
}

void Output::finish() {
  if (json_) jw_->finish();
  out_.flush();
}

}  // namespace bpftool::output
