// Plain and JSON views of a LinkRecord (upstream's show_link_close_plain/json),
// every link type of kernel 6.x/7.x.
#pragma once

#include "model/link.h"
#include "output/json_writer.h"
#include "output/out_stream.h"

namespace bpftool::commands {

void render_link_plain(output::OutStream& o, const model::LinkRecord& r);
void render_link_json(output::JsonWriter& w, const model::LinkRecord& r);

}  // namespace bpftool::commands
