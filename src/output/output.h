// Output: the mode (plain or JSON), the stdout stream and the one place where
// errors, notes and debug messages are printed. No kernel access here.
#pragma once

#include <fmt/format.h>

#include <memory>
#include <string_view>

#include "core/result.h"
#include "output/json_writer.h"
#include "output/out_stream.h"

namespace bpftool::output {

class Output {
 public:
  /// `json` selects JSON output; `pretty` implies JSON.
  Output(OutStream& out, bool json, bool pretty);

  bool json() const { return json_; }
  bool pretty() const { return pretty_; }
  OutStream& out() { return out_; }
  JsonWriter& jw() { return *jw_; }
  /// The JSON writer, or nullptr in plain mode.
  JsonWriter* jw_ptr() { return jw_.get(); }

  /// Reports an error the way upstream's p_err does: "Error: msg" on stderr in
  /// plain mode; {"error":"msg"} at the current JSON position otherwise.
  /// Errors already reported are ignored.
  void error(const Error& e);
  /// Reports `e` now and returns it marked as reported (for errors that must land
  /// inside an open JSON container).
  Error fail(Error e);
  /// A note on stderr (upstream p_info), suppressed in JSON mode.
  void info(std::string_view msg);
  template <class... Args>
  void infof(fmt::format_string<Args...> f, Args&&... args) {
    if (!json_) info(fmt::format(f, std::forward<Args>(args)...));
  }
  /// Debug/diagnostic text to stderr in every mode (libbpf logs under -d).
  void debug(std::string_view msg);
  /// "null" for commands that succeed silently, in JSON mode.
  void null_if_json() {
    if (json_) jw_->null();
  }
  /// Ends the output: JSON trailing newline, flush.
  void finish();
  /// Flushes buffered stdout (before text goes to stderr, or while streaming).
  void flush() { out_.flush(); }

 private:
  OutStream& out_;
  bool json_;
  bool pretty_;
  std::unique_ptr<JsonWriter> jw_;
};

}  // namespace bpftool::output
