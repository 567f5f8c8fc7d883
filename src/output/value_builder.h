// ValueBuilder: a JsonWriter-shaped sink that builds a Value tree, so code that
// streams JSON (the BTF dumper) can also produce data kept in a record.
#pragma once

#include <string>
#include <vector>

#include "output/value.h"

namespace bpftool::output {

class ValueBuilder {
 public:
  void start_object() { open(Value::object()); }
  void end_object() { close(); }
  void start_array() { open(Value::array()); }
  void end_array() { close(); }
  void name(std::string_view key) { key_ = std::string(key); }
  void string(std::string_view v) { add(Value::string(std::string(v))); }
  void uint(uint64_t v) { add(Value::uint(v)); }
  void int_(int64_t v) { add(Value::int_(v)); }
  void boolean(bool v) { add(Value::boolean(v)); }
  void null() { add(Value::null()); }
  void raw(std::string_view v) { add(Value::raw(std::string(v))); }

  /// The finished value (the first complete top-level value).
  Value take() { return std::move(root_); }

 private:
  void add(Value v);
  void open(Value v);
  void close();

  Value root_;
  std::vector<Value*> stack_;
  std::string key_;
};

}  // namespace bpftool::output
