// ElfImage: the sections of a 64-bit ELF file held in memory, found by name,
// with every offset and size checked against the file. Reads only what the
// gen commands need (.BTF, .BTF.ext); no libelf, no libbpf.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace bpftool::btf {

class ElfImage {
 public:
  /// Checks the ELF header and the section header table of `bytes` (taken
  /// over). Errors (EINVAL) say what is wrong, without a file name.
  static Result<ElfImage> parse(std::vector<std::byte> bytes);
  /// Reads the whole file `path` and parses it. ENOENT etc. keep their errno.
  static Result<ElfImage> read_file(const std::string& path);

  /// The bytes of the section called `name`, or nullopt when there is none.
  std::optional<std::span<const std::byte>> section(std::string_view name) const;

 private:
  struct Section {
    std::string name;
    size_t offset = 0, size = 0;
    bool nobits = false;
  };
  std::vector<std::byte> bytes_;
  std::vector<Section> sections_;
};

/// True when `bytes` start with the ELF magic.
bool has_elf_magic(std::span<const std::byte> bytes);

/// Reads the whole file into memory.
Result<std::vector<std::byte>> read_whole_file(const std::string& path);

}  // namespace bpftool::btf
