// The CO-RE relocation records of a `.BTF.ext` section, parsed from its bytes
// with every length and offset checked (libbpf's btf_ext internals are not
// installed). Only the core_relo subsection is read; no libbpf calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"

namespace bpftool::btf {

/// One `struct bpf_core_relo`, with the name offset of its program section.
struct CoreRelo {
  uint32_t sec_name_off = 0;    // into the object's .BTF strings
  uint32_t insn_off = 0;
  uint32_t type_id = 0;         // local (object) BTF type id
  uint32_t access_str_off = 0;  // "0:1:2", into the .BTF strings
  uint32_t kind = 0;            // enum bpf_core_relo_kind
};

/// The core_relo records of `btf_ext` (the raw section). A section without a
/// core_relo part gives an empty list. Errors (EINVAL) say which bound broke.
Result<std::vector<CoreRelo>> parse_core_relos(std::span<const std::byte> btf_ext);

}  // namespace bpftool::btf
