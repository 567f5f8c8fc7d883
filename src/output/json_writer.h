// JsonWriter: streaming JSON with upstream bpftool's exact layout (compact, or
// pretty with 4-space indents and its bracket placement), but always valid:
// strings are fully escaped, and a name is always followed by a value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "output/out_stream.h"

namespace bpftool::output {

class JsonWriter {
 public:
  JsonWriter(OutStream& out, bool pretty) : out_(out), pretty_(pretty) {}

  void start_object() { begin('{'); }
  void end_object() { end('}'); }
  void start_array() { begin('['); }
  void end_array() { end(']'); }
  void name(std::string_view key);

  void string(std::string_view v);
  void uint(uint64_t v);
  void int_(int64_t v);
  void boolean(bool v) { raw(v ? "true" : "false"); }
  void null() { raw("null"); }
  /// A value written verbatim (a number already formatted, a nested document).
  void raw(std::string_view v);

  void string_field(std::string_view k, std::string_view v) { name(k), string(v); }
  void uint_field(std::string_view k, uint64_t v) { name(k), uint(v); }
  void int_field(std::string_view k, int64_t v) { name(k), int_(v); }
  void bool_field(std::string_view k, bool v) { name(k), boolean(v); }
  void null_field(std::string_view k) { name(k), null(); }

  /// An array of one object per element of `range`; `fields(element)` writes
  /// each object's members.
  template <class Range, class Fields>
  void object_array(const Range& range, Fields&& fields) {
    start_array();
    for (const auto& e : range) {
      start_object();
      fields(e);
      end_object();
    }
    end_array();
  }

  unsigned depth() const { return depth_; }
  bool pretty() const { return pretty_; }
  /// True after a name() whose value has not been written yet.
  bool value_pending() const { return pending_value_; }
  /// Number of values completed at depth 0.
  unsigned top_level_values() const { return top_values_; }
  /// Writes the closing newline upstream's jsonw_destroy writes, when anything
  /// was written at all.
  void finish();

  /// Appends `s` as the body of a JSON string (no quotes), escaped.
  static void escape_into(fmt::memory_buffer& buf, std::string_view s);

 private:
  void begin(char c);
  void end(char c);
  void eor();
  void eol();
  void value_done() {
    pending_value_ = false;
    if (depth_ == 0) top_values_++;
  }

  OutStream& out_;
  bool pretty_;
  unsigned depth_ = 0;
  char sep_ = '\0';
  bool pending_value_ = false;
  unsigned top_values_ = 0;
  std::string closers_;  // what closes each open container, innermost last
};

/// RAII for an object or array: closes it on every path (errors included).
class JsonScope {
 public:
  enum Kind { Object, Array };
  /// A null writer (plain mode) makes the scope a no-op.
  JsonScope(JsonWriter* w, Kind k) : w_(w), kind_(k) {
    if (w_) k == Object ? w_->start_object() : w_->start_array();
  }
  JsonScope(const JsonScope&) = delete;
  JsonScope& operator=(const JsonScope&) = delete;
  ~JsonScope() { close(); }
  void close() {
    if (!w_) return;
    kind_ == Object ? w_->end_object() : w_->end_array();
    w_ = nullptr;
  }

 private:
  JsonWriter* w_;
  Kind kind_;
};

}  // namespace bpftool::output
