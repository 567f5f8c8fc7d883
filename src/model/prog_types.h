// Program types by section-style name ("xdp", "cgroup/skb", "tcx/ingress"):
// libbpf's table first, then the names newer than the libbpf we link against.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace bpftool::model {

struct ProgTypeSpec {
  uint32_t prog_type = 0;
  uint32_t expected_attach_type = 0;
};

/// The type a section name stands for, as the newest libbpf resolves it
/// (exact name, or name followed by '/...' for prefix sections).
std::optional<ProgTypeSpec> prog_type_by_section(std::string_view section);

/// The TYPE words of `prog load`'s grammar, in upstream's help order; each
/// one prog_type_by_section resolves.
std::span<const std::string_view> prog_load_type_words();

}  // namespace bpftool::model
