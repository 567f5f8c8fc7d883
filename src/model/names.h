// Names the kernel's numbers have in bpftool output: program, map, attach and
// link types (libbpf's tables, newest), perf event and netfilter names. Pure
// tables: no kernel access.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace bpftool::model {

/// nullopt when the number is beyond the table (upstream then prints the number).
std::optional<std::string_view> prog_type_name(uint32_t type);
std::optional<std::string_view> map_type_name(uint32_t type);
std::optional<std::string_view> attach_type_name(uint32_t type);
std::optional<std::string_view> link_type_name(uint32_t type);

/// Reverse lookups (exact match), for grammar such as `map create type hash`.
std::optional<uint32_t> map_type_by_name(std::string_view name);
std::optional<uint32_t> attach_type_by_name(std::string_view name);

/// Every name, index = value (feature list_builtins, help texts).
std::span<const std::string_view> prog_type_names();
std::span<const std::string_view> map_type_names();
std::span<const std::string_view> attach_type_names();
std::span<const std::string_view> link_type_names();

/// perf_event link details.
std::optional<std::string_view> perf_type_name(uint32_t type);
/// "cpu-clock", "L1-dcache-load-misses"...; nullopt when upstream prints the number.
std::optional<std::string> perf_event_config_name(uint32_t type, uint64_t config);

/// netfilter link details.
std::optional<std::string_view> netfilter_pf_name(uint32_t pf);
std::optional<std::string_view> netfilter_hook_name(uint32_t pf, uint32_t hook);

/// cgroup iterator order names (unknown values: "unknown").
std::string_view cgroup_iter_order_name(uint32_t order);

}  // namespace bpftool::model
