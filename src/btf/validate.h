// Validation of BTF bytes that did not come from the kernel (files, ELF
// sections), before libbpf 1.1 parses them: libbpf trusts type ids, and
// btf_dump and type resolution loop forever on reference cycles. No kernel
// access and no printing here: each function returns the first problem found.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"

struct btf;

namespace bpftool::btf {

/// What a split BTF may refer to in its base: ids below `type_cnt` (the base's
/// btf__type_cnt) and string offsets below `str_len`. A base counts as valid.
struct BtfBaseInfo {
  uint32_t type_cnt = 1;
  uint32_t str_len = 0;
};

/// The base facts of a parsed BTF object (the kernel's, or one validated first).
BtfBaseInfo base_info_of(const struct btf* base);

/// Checks raw BTF (`.BTF` section or /sys/kernel/btf/* contents): header and
/// section bounds, the string section, every type's size for its kind and vlen,
/// name offsets, referenced type ids, FUNC → FUNC_PROTO, and reference cycles
/// that do not pass through a struct or union (typedef↔typedef, an array of
/// itself, a const of itself: C cannot express them and libbpf hangs on them).
/// Iterative throughout: chains of any depth use no stack. `base` is null for
/// base BTF. Errors are EINVAL with a sentence naming the offset or type id.
Status validate_raw_btf(std::span<const uint8_t> data, const BtfBaseInfo* base);

/// The bytes of a file.
Result<std::vector<uint8_t>> read_file_bytes(const std::string& path);

/// True when `data` starts with the BTF magic (either byte order).
bool is_raw_btf(std::span<const uint8_t> data);

/// The `.BTF` section of an ELF image, and the image's pointer size (4 or 8).
struct ElfBtf {
  std::span<const uint8_t> data;  // points into the image
  uint32_t pointer_size = 8;
};

/// Finds `.BTF` in an ELF image with libelf. ENODATA when the ELF has no
/// `.BTF` (libbpf's errno for it), EINVAL when the image is not a valid ELF.
Result<ElfBtf> find_elf_btf(std::span<const uint8_t> image);

}  // namespace bpftool::btf
