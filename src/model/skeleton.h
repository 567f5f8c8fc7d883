// Skeleton generation: a BPF object file's bytes → the text of a C header
// (skeleton or subskeleton, as upstream's `gen skeleton`/`gen subskeleton`)
// or of a C++ header wrapping the C skeleton. Opens the object with libbpf but
// never loads it; never prints (notes go back in the result).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace bpftool::model {

enum class SkeletonKind {
  C,            ///< upstream's skeleton
  Subskeleton,  ///< upstream's subskeleton (needs BTF)
  Cpp,          ///< the C skeleton followed by a move-only RAII C++17 class
};

struct GeneratedHeader {
  std::string text;
  /// Upstream reports these with p_err and goes on (e.g. an internal map it
  /// does not recognise); the caller reports them as errors.
  std::vector<std::string> errors;
};

/// The object name upstream derives from a path: the base name without a
/// trailing ".o", every character other than [A-Za-z0-9_] replaced by '_',
/// cut to 63 characters ("dir/x.bpf.o" → "x_bpf").
std::string default_object_name(std::string_view path);

/// True for a non-empty [A-Za-z_][A-Za-z0-9_]* word.
bool is_c_identifier(std::string_view name);

/// Generates the header for the object whose ELF bytes are `elf` (they are
/// embedded in the C skeleton). `obj_name` must be a C identifier. Errors
/// carry upstream's wording ("failed to open BPF object file: ...",
/// "need btf type information for NAME").
Result<GeneratedHeader> generate_skeleton(std::string_view elf, const std::string& obj_name,
                                          SkeletonKind kind);

}  // namespace bpftool::model
