// Names of the BPF helper functions by id (the UAPI's ___BPF_FUNC_MAPPER), as
// the kernel's disassembler prints them. A table only: no kernel access.
#pragma once

#include <cstdint>
#include <string_view>

namespace bpftool::disasm {

/// Number of helper ids (0 .. kHelperCount-1); the UAPI list is frozen.
inline constexpr int64_t kHelperCount = 212;

/// "bpf_map_lookup_elem" for 1; empty for an id outside the table.
std::string_view helper_name(int64_t id);
/// Like helper_name, but "unknown" for an id outside the table (the kernel's
/// func_id_name()).
std::string_view func_id_name(int64_t id);

}  // namespace bpftool::disasm
