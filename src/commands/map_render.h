// Plain and JSON views of a MapRecord (upstream's show_map_close_plain/json).
#pragma once

#include "model/map.h"
#include "output/json_writer.h"
#include "output/out_stream.h"

namespace bpftool::commands {

void render_map_plain(output::OutStream& o, const model::MapRecord& r);
void render_map_json(output::JsonWriter& w, const model::MapRecord& r);

}  // namespace bpftool::commands
