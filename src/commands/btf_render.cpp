#include "commands/btf_render.h"

#include "commands/render_common.h"

namespace bpftool::commands {

void render_btf_plain(output::OutStream& o, const model::BtfRecord& r) {
  o.print("{}: ", r.id);
  if (r.kernel) o.print("name [{}]  ", r.name.value_or(""));
  else if (r.name && !r.name->empty()) o.print("name {}  ", *r.name);
  else o.write("name <anon>  ");
  o.print("size {}B", r.size);
  if (!r.prog_ids.empty()) {
    o.write("  prog_ids ");
    plain_id_list(o, r.prog_ids);
  }
  if (!r.map_ids.empty()) {
    o.write("  map_ids ");
    plain_id_list(o, r.map_ids);
  }
  plain_pids(o, r.pids);
  o.put('\n');
}

void render_btf_json(output::JsonWriter& w, const model::BtfRecord& r) {
  w.start_object();
  w.uint_field("id", r.id);
  w.uint_field("size", r.size);
  w.name("prog_ids");
  w.start_array();
  for (uint32_t id : r.prog_ids) w.uint(id);
  w.end_array();
  w.name("map_ids");
  w.start_array();
  for (uint32_t id : r.map_ids) w.uint(id);
  w.end_array();
  json_pids(w, r.pids);
  w.bool_field("kernel", r.kernel);
  if (r.name && !r.name->empty()) w.string_field("name", *r.name);
  w.end_object();
}

}  // namespace bpftool::commands
