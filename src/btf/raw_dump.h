// `btf dump ... format raw`: upstream's text and JSON for every BTF kind,
// written straight into the output buffer (no per-type allocation). Knows
// nothing of where the BTF came from; no kernel access.
#pragma once

#include <cstdint>
#include <span>

#include "output/json_writer.h"
#include "output/out_stream.h"

struct btf;

namespace bpftool::btf {

/// Kind names as upstream prints them ("UNKNOWN" for kind 0 and unknown kinds).
const char* kind_name(uint32_t kind);

/// Plain lines `[ID] KIND 'name' attrs`, member lines indented by a tab. With
/// `roots` empty: every type of `btf` from its first own id (split BTF starts
/// after its base); otherwise exactly those ids, which must be < btf__type_cnt.
void dump_raw_plain(output::OutStream& out, const struct btf* btf, std::span<const uint32_t> roots);

/// The same as `{"types":[...]}` (upstream's keys).
void dump_raw_json(output::JsonWriter& jw, const struct btf* btf, std::span<const uint32_t> roots);

}  // namespace bpftool::btf
