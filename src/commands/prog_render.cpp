#include "commands/prog_render.h"

#include "commands/render_common.h"
#include "core/hex.h"
#include "model/names.h"

namespace bpftool::commands {

void render_prog_headline_plain(output::OutStream& o, const model::ProgRecord& r) {
  plain_headline(o, r.id, model::prog_type_name(r.type), r.type, r.name);
  o.write("tag ");
  o.write(core::hex_string(r.tag.data(), r.tag.size()));
  plain_dev(o, r.dev);
  if (r.gpl) o.write("  gpl");
  if (r.run_time_ns) o.print(" run_time_ns {} run_cnt {}", r.run_time_ns, r.run_cnt);
  if (r.recursion_misses) o.print(" recursion_misses {}", r.recursion_misses);
  o.put('\n');
}

void render_prog_headline_json(output::JsonWriter& w, const model::ProgRecord& r) {
  w.uint_field("id", r.id);
  json_named(w, "type", model::prog_type_name(r.type), r.type);
  if (!r.name.empty()) w.string_field("name", r.name);
  w.string_field("tag", core::hex_string(r.tag.data(), r.tag.size()));
  w.bool_field("gpl_compatible", r.gpl);
  if (r.run_time_ns) {
    w.uint_field("run_time_ns", r.run_time_ns);
    w.uint_field("run_cnt", r.run_cnt);
  }
  if (r.recursion_misses) w.uint_field("recursion_misses", r.recursion_misses);
}

void render_prog_plain(output::OutStream& o, const model::ProgRecord& r) {
  render_prog_headline_plain(o, r);
  if (r.load_time) o.print("\tloaded_at {}  uid {}\n", format_local_time(r.loaded_at), r.uid);
  o.print("\txlated {}B", r.xlated_len);
  if (r.jited_len) o.print("  jited {}B", r.jited_len);
  else o.write("  not jited");
  if (r.memlock) o.print("  memlock {}B", *r.memlock);
  if (r.orphaned) o.write("  orphaned");
  if (!r.map_ids.empty()) {
    o.write("  map_ids ");
    plain_id_list(o, r.map_ids);
  }
  plain_pinned(o, r.pinned);
  if (r.btf_id) o.print("\n\tbtf_id {}", r.btf_id);
  plain_pids(o, r.pids);
  o.put('\n');
  if (!r.metadata.empty()) {
    // Values print as compact JSON, as upstream's plain metadata writer does.
    o.write("\tmetadata:");
    for (const auto& m : r.metadata) {
      o.print("\n\t\t{} = ", m.name);
      output::JsonWriter w(o, false);
      m.plain.write(w);
    }
    o.put('\n');
  }
}

void render_prog_json(output::JsonWriter& w, const model::ProgRecord& r) {
  w.start_object();
  render_prog_headline_json(w, r);
  json_dev(w, r.dev);
  if (r.load_time) {
    w.int_field("loaded_at", r.loaded_at);
    w.uint_field("uid", r.uid);
  }
  w.bool_field("orphaned", r.orphaned);
  w.uint_field("bytes_xlated", r.xlated_len);
  w.bool_field("jited", r.jited_len != 0);
  if (r.jited_len) w.uint_field("bytes_jited", r.jited_len);
  if (r.memlock) w.int_field("bytes_memlock", *r.memlock);
  if (!r.map_ids.empty()) {
    w.name("map_ids");
    w.start_array();
    for (uint32_t id : r.map_ids) w.uint(id);
    w.end_array();
  }
  if (r.btf_id) w.int_field("btf_id", r.btf_id);
  json_pinned(w, r.pinned);
  json_pids(w, r.pids);
  if (!r.metadata.empty()) {
    w.name("metadata");
    w.start_object();
    for (const auto& m : r.metadata) {
      w.name(m.name);
      m.json.write(w);
    }
    w.end_object();
  }
  w.end_object();
}

}  // namespace bpftool::commands
