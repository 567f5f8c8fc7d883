// BTF-typed data → JSON-shaped output, with upstream's btf_dumper rules (ints
// as numbers, char arrays as strings, enums by name, bitfields, pointers) and
// its plain-text variant. Bounded by the data size: malformed BTF never makes
// us read past the bytes we were given.
#pragma once

#include <bpf/btf.h>

#include <cstddef>
#include <cstdint>

#include "core/result.h"
#include "output/json_writer.h"
#include "output/value.h"
#include "output/value_builder.h"

namespace bpftool::btf {

class Dumper {
 public:
  /// `plain_text` selects upstream's is_plain_text variants (pointers as %p,
  /// wide ints and unprintable chars as bare hex).
  Dumper(const struct btf* btf, bool plain_text) : btf_(btf), plain_(plain_text) {}

  /// Writes the value of `type_id` stored in `data[0..size)`.
  Status dump(output::JsonWriter& w, uint32_t type_id, const uint8_t* data, size_t size) const;
  Status dump(output::ValueBuilder& w, uint32_t type_id, const uint8_t* data, size_t size) const;
  /// The same, as a Value (on malformed data, what was formatted before the error).
  output::Value to_value(uint32_t type_id, const uint8_t* data, size_t size) const;

  template <class Sink>
  Status dump_type(Sink& w, uint32_t type_id, uint8_t bit_offset, const uint8_t* data, size_t size,
                   int depth) const;

 private:
  const struct btf* btf_;
  bool plain_;
};

}  // namespace bpftool::btf
