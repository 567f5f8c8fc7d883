#include "commands/map_render.h"

#include "commands/render_common.h"
#include "model/names.h"

namespace bpftool::commands {

void render_map_plain(output::OutStream& o, const model::MapRecord& r) {
  plain_headline(o, r.id, model::map_type_name(r.type), r.type, r.name);
  o.print("flags 0x{:x}", r.flags);
  plain_dev(o, r.dev);
  o.put('\n');
  o.print("\tkey {}B  value {}B  max_entries {}", r.key_size, r.value_size, r.max_entries);
  if (r.memlock) o.print("  memlock {}B", *r.memlock);
  if (r.owner_prog_type || r.owner_jited) o.write("\n\t");
  if (r.owner_prog_type) {
    if (auto t = model::prog_type_name(*r.owner_prog_type)) o.print("owner_prog_type {}  ", *t);
    else o.print("owner_prog_type {}  ", *r.owner_prog_type);
  }
  if (r.owner_jited) o.print("owner{} jited", *r.owner_jited ? "" : " not");
  plain_pinned(o, r.pinned);
  if (r.btf_id || r.frozen) o.write("\n\t");
  if (r.btf_id) o.print("btf_id {}", r.btf_id);
  if (r.frozen) o.write(r.btf_id ? "  frozen" : "frozen");
  plain_pids(o, r.pids);
  o.put('\n');
}

void render_map_json(output::JsonWriter& w, const model::MapRecord& r) {
  w.start_object();
  w.uint_field("id", r.id);
  json_named(w, "type", model::map_type_name(r.type), r.type);
  if (!r.name.empty()) w.string_field("name", r.name);
  w.uint_field("flags", r.flags);
  json_dev(w, r.dev);
  w.uint_field("bytes_key", r.key_size);
  w.uint_field("bytes_value", r.value_size);
  w.uint_field("max_entries", r.max_entries);
  if (r.memlock) w.int_field("bytes_memlock", *r.memlock);
  if (r.owner_prog_type) json_named(w, "owner_prog_type", model::prog_type_name(*r.owner_prog_type), *r.owner_prog_type);
  if (r.owner_jited) w.bool_field("owner_jited", *r.owner_jited);
  w.int_field("frozen", r.frozen ? 1 : 0);
  if (r.btf_id) w.int_field("btf_id", r.btf_id);
  json_pinned(w, r.pinned);
  json_pids(w, r.pids);
  w.end_object();
}

}  // namespace bpftool::commands
