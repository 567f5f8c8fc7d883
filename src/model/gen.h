// The work behind `gen object` (libbpf's static linker) and `gen min_core_btf`
// (BTF minimised for the CO-RE relocations of objects): inputs checked and
// opened in one place, outputs written atomically. No printing, no bpf().
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "btf/elf_image.h"
#include "core/result.h"
#include "sys/libbpf_ptr.h"

namespace bpftool::model {

/// A BPF object file read for the gen commands, with its BTF sections found.
struct GenInput {
  std::string path;
  btf::ElfImage elf;
  std::span<const std::byte> btf;      // .BTF
  std::span<const std::byte> btf_ext;  // .BTF.ext, empty when absent
  bool has_btf_ext = false;
};

/// The one place where gen reads an object file: it exists, is an ELF file
/// whose section table is sound, and has a .BTF section (errno ENOENT/EINVAL
/// otherwise). A BTF validator belongs here too, before libbpf sees the bytes.
Result<GenInput> open_gen_input(const std::string& path);

/// The one place where gen reads a complete BTF (raw, or the .BTF of an ELF
/// file), such as /sys/kernel/btf/vmlinux.
Result<sys::BtfPtr> open_gen_btf(const std::string& path);

/// Links `inputs` with libbpf's static linker into `output`, which appears
/// (atomically, fsync'ed) only when every step succeeded. Errors use upstream's
/// "failed to link 'FILE': ..." / "failed to finalize ELF file: ..." texts.
Status link_objects(const std::string& output, const std::vector<std::string>& inputs);

/// Writes to `output` the raw BTF that keeps only the types and members of the
/// complete BTF `input` that the CO-RE relocations of `objects` reach.
Status min_core_btf(const std::string& input, const std::string& output, const std::vector<std::string>& objects);

/// min_core_btf on already opened inputs; returns the raw BTF (tests).
Result<std::vector<std::byte>> minimize_btf(const struct btf* src, const std::vector<GenInput>& objects);

}  // namespace bpftool::model
