// Pieces shared by the plain and JSON renderers of several objects: pids,
// pinned paths, device binding, type names. Renderers see model/ and output/ only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/pids.h"
#include "model/prog.h"
#include "output/json_writer.h"
#include "output/out_stream.h"

namespace bpftool::commands {

/// "\n\tpids comm(pid), comm(pid)" (nothing when empty).
void plain_pids(output::OutStream& o, const std::vector<model::PidRef>& pids);
/// "pids":[{"pid":N,"comm":"x"}] (nothing when empty).
void json_pids(output::JsonWriter& w, const std::vector<model::PidRef>& pids);
/// "\n\tpinned PATH" per path.
void plain_pinned(output::OutStream& o, const std::optional<std::vector<std::string>>& pinned);
/// "pinned":[...] when the table is in use.
void json_pinned(output::JsonWriter& w, const std::optional<std::vector<std::string>>& pinned);
/// "  offloaded_to NAME" or "  offloaded_to ifindex N ns_dev N ns_ino N".
void plain_dev(output::OutStream& o, const std::optional<model::DevInfo>& dev);
/// "dev":{"ifindex":N,"ns_dev":N,"ns_inode":N[,"ifname":"x"]}.
void json_dev(output::JsonWriter& w, const std::optional<model::DevInfo>& dev);
/// "ID: TYPE  [name NAME  ]": the start of show's first line for programs and
/// maps ("type N" when the type has no name).
void plain_headline(output::OutStream& o, uint32_t id, std::optional<std::string_view> type_name, uint32_t type,
                    std::string_view name);
/// "key":"name" or "key":N when the number has no name.
void json_named(output::JsonWriter& w, std::string_view key, std::optional<std::string_view> name,
                uint64_t num);
/// Joins numbers with commas ("1,2,3").
void plain_id_list(output::OutStream& o, const std::vector<uint32_t>& ids);
/// Local time as upstream prints loaded_at: %FT%T%z.
std::string format_local_time(int64_t epoch);

}  // namespace bpftool::commands
