// Loading the BTF that `btf dump` prints: from a file (raw or ELF, validated
// by btf/validate before libbpf parses it; no bpf() syscall), or from the
// kernel by BTF id, through a program or a map. No printing here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/selector.h"
#include "sys/libbpf_ptr.h"

namespace bpftool::model {

inline constexpr const char* kSysfsVmlinux = "/sys/kernel/btf/vmlinux";

/// A parsed BTF and the base it was split from, when we own that base.
/// Members are declared so that `btf` is freed before `base`.
struct LoadedBtf {
  sys::BtfPtr base;
  sys::BtfPtr btf;
  /// Set for a module BTF loaded by id with vmlinux as the fallback base:
  /// upstream warns about it.
  bool fell_back_to_vmlinux = false;
};

/// Parses raw BTF or an ELF file's `.BTF` after validating it. `base` (-B, may
/// be null) makes it split BTF; with no base, files under /sys/kernel/btf/
/// other than vmlinux get vmlinux as their base. Messages are upstream's
/// ("failed to load BTF from FILE: ...") with our reason for invalid input.
Result<LoadedBtf> load_btf_file(const std::string& path, const struct btf* base);

/// Parses a file as a base BTF (for -B): validated, never split.
Result<sys::BtfPtr> load_base_btf_file(const std::string& path);

/// Kernel BTF by id. A module's BTF without `base` gets vmlinux as its base.
Result<LoadedBtf> load_btf_by_id(uint32_t id, const struct btf* base);

/// Facts of a map `btf dump map` needs.
struct MapBtfIds {
  uint32_t btf_id = 0;
  uint32_t key_type_id = 0;
  uint32_t value_type_id = 0;
};
/// Resolves a MAP selector to exactly one map and reads its BTF ids.
Result<MapBtfIds> map_btf_ids(const Selector& map);
/// Resolves a PROG selector to exactly one program and reads its BTF id.
Result<uint32_t> prog_btf_id(const Selector& prog);

}  // namespace bpftool::model
