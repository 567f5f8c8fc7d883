// Plain and JSON views of a BtfRecord (upstream's show_btf_plain/json).
#pragma once

#include "model/btf_obj.h"
#include "output/json_writer.h"
#include "output/out_stream.h"

namespace bpftool::commands {

void render_btf_plain(output::OutStream& o, const model::BtfRecord& r);
void render_btf_json(output::JsonWriter& w, const model::BtfRecord& r);

}  // namespace bpftool::commands
