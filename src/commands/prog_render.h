// Plain and JSON views of a ProgRecord (upstream's print_prog_plain/json).
#pragma once

#include "model/prog.h"
#include "output/json_writer.h"
#include "output/out_stream.h"

namespace bpftool::commands {

void render_prog_plain(output::OutStream& o, const model::ProgRecord& r);
void render_prog_json(output::JsonWriter& w, const model::ProgRecord& r);

/// show's first line: id, type, name, tag, device, gpl, run statistics.
/// `prog dump` prints it above each program when several match
/// (upstream's print_prog_header_plain).
void render_prog_headline_plain(output::OutStream& o, const model::ProgRecord& r);
/// The same keys (without the device), into an open object: the start of
/// render_prog_json and `prog dump`'s print_prog_header_json.
void render_prog_headline_json(output::JsonWriter& w, const model::ProgRecord& r);

}  // namespace bpftool::commands
