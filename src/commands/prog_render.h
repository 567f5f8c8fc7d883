// Plain and JSON views of a ProgRecord (upstream's print_prog_plain/json).
#pragma once

#include "model/prog.h"
#include "output/json_writer.h"
#include "output/out_stream.h"

namespace bpftool::commands {

void render_prog_plain(output::OutStream& o, const model::ProgRecord& r);
void render_prog_json(output::JsonWriter& w, const model::ProgRecord& r);

}  // namespace bpftool::commands
