#include "commands/render_common.h"

#include <ctime>

namespace bpftool::commands {

void plain_pids(output::OutStream& o, const std::vector<model::PidRef>& pids) {
  if (pids.empty()) return;
  o.write("\n\tpids ");
  for (size_t i = 0; i < pids.size(); i++) o.print("{}{}({})", i ? ", " : "", pids[i].comm, pids[i].pid);
}

void json_pids(output::JsonWriter& w, const std::vector<model::PidRef>& pids) {
  if (pids.empty()) return;
  w.name("pids");
  w.start_array();
  for (const auto& p : pids) {
    w.start_object();
    w.int_field("pid", p.pid);
    w.string_field("comm", p.comm);
    w.end_object();
  }
  w.end_array();
}

void plain_pinned(output::OutStream& o, const std::optional<std::vector<std::string>>& pinned) {
  if (!pinned) return;
  for (const auto& p : *pinned) {
    o.write("\n\tpinned ");
    o.write(p);
  }
}

void json_pinned(output::JsonWriter& w, const std::optional<std::vector<std::string>>& pinned) {
  if (!pinned) return;
  w.name("pinned");
  w.start_array();
  for (const auto& p : *pinned) w.string(p);
  w.end_array();
}

void plain_headline(output::OutStream& o, uint32_t id, std::optional<std::string_view> type_name, uint32_t type,
                    std::string_view name) {
  o.print("{}: ", id);
  if (type_name) o.print("{}  ", *type_name);
  else o.print("type {}  ", type);
  if (!name.empty()) o.print("name {}  ", name);
}

void plain_dev(output::OutStream& o, const std::optional<model::DevInfo>& dev) {
  if (!dev) return;
  o.write("  offloaded_to ");
  if (dev->ifname) o.write(*dev->ifname);
  else o.print("ifindex {} ns_dev {} ns_ino {}", dev->ifindex, dev->ns_dev, dev->ns_inode);
}

void json_dev(output::JsonWriter& w, const std::optional<model::DevInfo>& dev) {
  if (!dev) return;
  w.name("dev");
  w.start_object();
  w.uint_field("ifindex", dev->ifindex);
  w.uint_field("ns_dev", dev->ns_dev);
  w.uint_field("ns_inode", dev->ns_inode);
  if (dev->ifname) w.string_field("ifname", *dev->ifname);
  w.end_object();
}

void json_named(output::JsonWriter& w, std::string_view key, std::optional<std::string_view> name,
                uint64_t num) {
  w.name(key);
  if (name) w.string(*name);
  else w.uint(num);
}

void plain_id_list(output::OutStream& o, const std::vector<uint32_t>& ids) {
  for (size_t i = 0; i < ids.size(); i++) {
    if (i) o.put(',');
    o.put_uint(ids[i]);
  }
}

std::string format_local_time(int64_t epoch) {
  time_t t = static_cast<time_t>(epoch);
  struct tm tm;
  if (!localtime_r(&t, &tm)) return std::to_string(epoch);
  char buf[64];
  if (strftime(buf, sizeof(buf), "%FT%T%z", &tm) == 0) return std::to_string(epoch);
  return buf;
}

}  // namespace bpftool::commands
