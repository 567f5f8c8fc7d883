// Value: a small JSON-like tree for truly dynamic data (BTF-formatted values,
// program metadata, feature reports). btf/ builds Values; this prints them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "output/json_writer.h"

namespace bpftool::output {

class Value {
 public:
  enum class Kind { Null, Bool, Int, Uint, String, Raw, Array, Object };

  Value() = default;
  static Value null() { return Value(); }
  static Value boolean(bool b) { Value v(Kind::Bool); v.u_ = b; return v; }
  static Value int_(int64_t i) { Value v(Kind::Int); v.i_ = i; return v; }
  static Value uint(uint64_t u) { Value v(Kind::Uint); v.u_ = u; return v; }
  static Value string(std::string s) { Value v(Kind::String); v.s_ = std::move(s); return v; }
  /// Verbatim token (a pre-formatted number such as 0x1f or 1.5e3).
  static Value raw(std::string s) { Value v(Kind::Raw); v.s_ = std::move(s); return v; }
  static Value array() { return Value(Kind::Array); }
  static Value object() { return Value(Kind::Object); }

  Kind kind() const { return kind_; }
  bool as_bool() const { return u_ != 0; }
  int64_t as_int() const { return i_; }
  uint64_t as_uint() const { return u_; }
  const std::string& as_string() const { return s_; }
  const std::vector<Value>& items() const { return items_; }
  const std::vector<std::pair<std::string, Value>>& members() const { return members_; }

  Value& push(Value v) { items_.push_back(std::move(v)); return items_.back(); }
  Value& set(std::string key, Value v) {
    members_.emplace_back(std::move(key), std::move(v));
    return members_.back().second;
  }

  /// Writes the value at the writer's current position.
  void write(JsonWriter& w) const;

 private:
  explicit Value(Kind k) : kind_(k) {}
  Kind kind_ = Kind::Null;
  uint64_t u_ = 0;
  int64_t i_ = 0;
  std::string s_;
  std::vector<Value> items_;
  std::vector<std::pair<std::string, Value>> members_;
};

}  // namespace bpftool::output
