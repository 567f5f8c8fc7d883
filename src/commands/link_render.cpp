#include "commands/link_render.h"

#include <linux/bpf.h>

#include "commands/render_common.h"
#include "model/names.h"

namespace bpftool::commands {

namespace {

namespace uapi = model::link_abi;

// C's "%#x": "0" for zero, "0x1f" otherwise.
std::string alt_hex(uint64_t v) { return v ? fmt::format("0x{:x}", v) : std::string("0"); }

bool is_map_iter(std::string_view t) { return t == "bpf_map_elem" || t == "bpf_sk_storage_map"; }
bool is_task_iter(std::string_view t) { return t == "task" || t == "task_file" || t == "task_vma"; }

// "ifindex lo(1)  ", "ifindex (detached)  ".
void plain_ifindex(output::OutStream& o, const model::LinkRecord& r, uint32_t ifindex) {
  if (r.dev_resolved) o.print("\n\tifindex {}({})  ", r.devname, ifindex);
  else o.print("\n\tifindex {}  ", r.devname);
}

void plain_attach_type(output::OutStream& o, uint32_t at) {
  if (auto n = model::attach_type_name(at)) o.print("attach_type {}  ", *n);
  else o.print("attach_type {}  ", at);
}

void plain_perf_event(output::OutStream& o, const model::LinkRecord& r) {
  const auto& pe = r.info.perf_event;
  switch (pe.type) {
    case uapi::kPerfEventKprobe:
    case uapi::kPerfEventKretprobe:
      if (r.name.empty() && !pe.kprobe.addr) return;
      o.write(pe.type == uapi::kPerfEventKretprobe ? "\n\tkretprobe " : "\n\tkprobe ");
      if (pe.kprobe.addr) o.print("{:x} ", pe.kprobe.addr);
      o.write(r.name);
      if (pe.kprobe.offset) o.print("+{}", alt_hex(pe.kprobe.offset));
      if (pe.kprobe.missed) o.print("  missed {}", pe.kprobe.missed);
      if (pe.kprobe.cookie) o.print("  cookie {}", pe.kprobe.cookie);
      o.write("  ");
      return;
    case uapi::kPerfEventUprobe:
    case uapi::kPerfEventUretprobe:
      if (r.name.empty()) return;
      o.write(pe.type == uapi::kPerfEventUretprobe ? "\n\turetprobe " : "\n\tuprobe ");
      o.print("{}+{}  ", r.name, alt_hex(pe.uprobe.offset));
      if (pe.uprobe.cookie) o.print("cookie {}  ", pe.uprobe.cookie);
      if (pe.uprobe.ref_ctr_offset) o.print("ref_ctr_offset 0x{:x}  ", pe.uprobe.ref_ctr_offset);
      return;
    case uapi::kPerfEventTracepoint:
      if (r.name.empty()) return;
      o.print("\n\ttracepoint {}  ", r.name);
      if (pe.tracepoint.cookie) o.print("cookie {}  ", pe.tracepoint.cookie);
      return;
    case uapi::kPerfEventEvent: {
      o.write("\n\tevent ");
      if (auto t = model::perf_type_name(pe.event.type)) o.print("{}:", *t);
      else o.print("{} :", pe.event.type);
      if (auto c = model::perf_event_config_name(pe.event.type, pe.event.config)) o.print("{}  ", *c);
      else o.print("{}  ", pe.event.config);
      if (pe.event.cookie) o.print("cookie {}  ", pe.event.cookie);
      return;
    }
    default:
      return;
  }
}

void json_perf_event(output::JsonWriter& w, const model::LinkRecord& r) {
  const auto& pe = r.info.perf_event;
  switch (pe.type) {
    case uapi::kPerfEventKprobe:
    case uapi::kPerfEventKretprobe:
      w.bool_field("retprobe", pe.type == uapi::kPerfEventKretprobe);
      w.uint_field("addr", pe.kprobe.addr);
      w.string_field("func", r.name);
      w.uint_field("offset", pe.kprobe.offset);
      w.uint_field("missed", pe.kprobe.missed);
      w.uint_field("cookie", pe.kprobe.cookie);
      return;
    case uapi::kPerfEventUprobe:
    case uapi::kPerfEventUretprobe:
      w.bool_field("retprobe", pe.type == uapi::kPerfEventUretprobe);
      w.string_field("file", r.name);
      w.uint_field("offset", pe.uprobe.offset);
      w.uint_field("cookie", pe.uprobe.cookie);
      w.uint_field("ref_ctr_offset", pe.uprobe.ref_ctr_offset);
      return;
    case uapi::kPerfEventTracepoint:
      w.string_field("tracepoint", r.name);
      w.uint_field("cookie", pe.tracepoint.cookie);
      return;
    case uapi::kPerfEventEvent:
      json_named(w, "event_type", model::perf_type_name(pe.event.type), pe.event.type);
      w.name("event_config");
      if (auto c = model::perf_event_config_name(pe.event.type, pe.event.config)) w.string(*c);
      else w.uint(pe.event.config);
      w.uint_field("cookie", pe.event.cookie);
      return;
    default:
      return;
  }
}

}  // namespace

namespace {

// The program type, attach type, target and cookie of a tracing link.
void plain_tracing(output::OutStream& o, const model::LinkRecord& r) {
  const auto& i = r.info;
  if (r.prog_type) {
    if (auto t = model::prog_type_name(*r.prog_type)) o.print("\n\tprog_type {}  ", *t);
    else o.print("\n\tprog_type {}  ", *r.prog_type);
  } else {
    o.write("\n\t");
  }
  plain_attach_type(o, i.tracing.attach_type);
  if (i.tracing.target_obj_id || i.tracing.target_btf_id)
    o.print("\n\ttarget_obj_id {}  target_btf_id {}  ", i.tracing.target_obj_id, i.tracing.target_btf_id);
  if (i.tracing.cookie) o.print("\n\tcookie {}  ", i.tracing.cookie);
}

// An iterator's target and what it is bound to.
void plain_iter(output::OutStream& o, const model::LinkRecord& r) {
  const auto& i = r.info;
  o.print("target_name {}  ", r.name);
  if (is_map_iter(r.name)) {
    o.print("map_id {}  ", i.iter.map_id);
  } else if (is_task_iter(r.name)) {
    if (i.iter.task.tid) o.print("tid {} ", i.iter.task.tid);
    else if (i.iter.task.pid) o.print("pid {} ", i.iter.task.pid);
  }
  if (r.name == "cgroup")
    o.print("cgroup_id {}  order {}  ", i.iter.cgroup.cgroup_id, model::cgroup_iter_order_name(i.iter.cgroup.order));
}

// Protocol family, hook, priority and flags of a netfilter link.
void plain_netfilter(output::OutStream& o, const model::LinkRecord& r) {
  const auto& i = r.info;
  const auto& nf = i.netfilter;
  if (auto pf = model::netfilter_pf_name(nf.pf)) o.print("\n\t{}", *pf);
  else o.print("\n\tpf: {}", nf.pf);
  if (auto h = model::netfilter_hook_name(nf.pf, nf.hooknum)) o.print(" {}", *h);
  else o.print(", hook {},", nf.hooknum);
  o.print(" prio {}", nf.priority);
  if (nf.flags) o.print(" flags 0x{:x}", nf.flags);
}

// A kprobe_multi link's functions, when kallsyms shows addresses.
void plain_kprobe_multi(output::OutStream& o, const model::LinkRecord& r) {
  const auto& i = r.info;
  const auto& km = i.kprobe_multi;
  if (!km.count) return;
  o.write(km.flags & uapi::kKprobeMultiReturn ? "\n\tkretprobe.multi  " : "\n\tkprobe.multi  ");
  o.print("func_cnt {}  ", km.count);
  if (km.missed) o.print("missed {}  ", km.missed);
  if (!r.kallsyms_available) return;
  o.print("\n\t{:<16} {:<16} {}", "addr", "cookie", "func [module]");
  for (const auto& f : r.kprobe_funcs) {
    o.print("\n\t{:016x} {:<16x} {}", f.addr, f.cookie, f.func);
    if (!f.module.empty()) o.print(" [{}]  ", f.module);
    else o.write("  ");
  }
}

// An uprobe_multi link's path and probe offsets.
void plain_uprobe_multi(output::OutStream& o, const model::LinkRecord& r) {
  const auto& i = r.info;
  const auto& um = i.uprobe_multi;
  if (!um.count) return;
  o.write(um.flags & uapi::kUprobeMultiReturn ? "\n\turetprobe.multi  " : "\n\tuprobe.multi  ");
  o.print("path {}  ", r.name);
  o.print("func_cnt {}  ", um.count);
  if (um.pid) o.print("pid {}  ", um.pid);
  o.print("\n\t{:<16}   {:<16}   {:<16}", "offset", "ref_ctr_offset", "cookies");
  for (const auto& f : r.uprobe_funcs)
    o.print("\n\t0x{:<16x} 0x{:<16x} 0x{:<16x}", f.offset, f.ref_ctr_offset, f.cookie);
}

// An iterator's target and what it is bound to.
void json_iter(output::JsonWriter& w, const model::LinkRecord& r) {
  const auto& i = r.info;
  w.string_field("target_name", r.name);
  if (is_map_iter(r.name)) {
    w.uint_field("map_id", i.iter.map_id);
  } else if (is_task_iter(r.name)) {
    if (i.iter.task.tid) w.uint_field("tid", i.iter.task.tid);
    else if (i.iter.task.pid) w.uint_field("pid", i.iter.task.pid);
  }
  if (r.name == "cgroup") {
    w.uint_field("cgroup_id", i.iter.cgroup.cgroup_id);
    w.string_field("order", model::cgroup_iter_order_name(i.iter.cgroup.order));
  }
}

// A kprobe_multi link's functions.
void json_kprobe_multi(output::JsonWriter& w, const model::LinkRecord& r) {
  const auto& i = r.info;
  w.bool_field("retprobe", i.kprobe_multi.flags & uapi::kKprobeMultiReturn);
  w.uint_field("func_cnt", i.kprobe_multi.count);
  w.uint_field("missed", i.kprobe_multi.missed);
  // Upstream leaves this array open when kallsyms hides addresses; ours is empty then.
  w.name("funcs");
  w.object_array(r.kprobe_funcs, [&](const model::KprobeMultiFunc& f) {
    w.uint_field("addr", f.addr);
    w.string_field("func", f.func);
    if (f.module.empty()) w.null_field("module");
    else w.string_field("module", f.module);
    w.uint_field("cookie", f.cookie);
  });
}

// An uprobe_multi link's path and probe offsets.
void json_uprobe_multi(output::JsonWriter& w, const model::LinkRecord& r) {
  const auto& i = r.info;
  w.bool_field("retprobe", i.uprobe_multi.flags & uapi::kUprobeMultiReturn);
  w.string_field("path", r.name);
  w.uint_field("func_cnt", i.uprobe_multi.count);
  w.int_field("pid", static_cast<int32_t>(i.uprobe_multi.pid));
  w.name("funcs");
  w.object_array(r.uprobe_funcs, [&](const auto& f) {
    w.uint_field("offset", f.offset);
    w.uint_field("ref_ctr_offset", f.ref_ctr_offset);
    w.uint_field("cookie", f.cookie);
  });
}

}  // namespace

void render_link_plain(output::OutStream& o, const model::LinkRecord& r) {
  const auto& i = r.info;
  o.print("{}: ", i.id);
  if (auto t = model::link_type_name(i.type)) o.print("{}  ", *t);
  else o.print("type {}  ", i.type);
  if (i.type == BPF_LINK_TYPE_STRUCT_OPS) o.print("map {}  ", i.struct_ops.map_id);
  else o.print("prog {}  ", i.prog_id);

  switch (i.type) {
    case BPF_LINK_TYPE_RAW_TRACEPOINT:
      o.print("\n\ttp '{}'  ", r.name);
      if (i.raw_tracepoint.cookie) o.print("cookie {}  ", i.raw_tracepoint.cookie);
      break;
    case BPF_LINK_TYPE_TRACING:
      plain_tracing(o, r);
      break;
    case BPF_LINK_TYPE_CGROUP:
      o.print("\n\tcgroup_id {}  ", i.cgroup.cgroup_id);
      plain_attach_type(o, i.cgroup.attach_type);
      break;
    case BPF_LINK_TYPE_ITER:
      plain_iter(o, r);
      break;
    case BPF_LINK_TYPE_NETNS:
      o.print("\n\tnetns_ino {}  ", i.netns.netns_ino);
      plain_attach_type(o, i.netns.attach_type);
      break;
    case BPF_LINK_TYPE_XDP:
      plain_ifindex(o, r, i.xdp.ifindex);
      break;
    case uapi::kLinkTcx:
      plain_ifindex(o, r, i.tcx.ifindex);
      plain_attach_type(o, i.tcx.attach_type);
      break;
    case uapi::kLinkNetkit:
      plain_ifindex(o, r, i.netkit.ifindex);
      plain_attach_type(o, i.netkit.attach_type);
      break;
    case uapi::kLinkSockmap:
      o.print("\n\tmap_id {}  ", i.sockmap.map_id);
      plain_attach_type(o, i.sockmap.attach_type);
      break;
    case uapi::kLinkNetfilter:
      plain_netfilter(o, r);
      break;
    case BPF_LINK_TYPE_KPROBE_MULTI:
      plain_kprobe_multi(o, r);
      break;
    case uapi::kLinkUprobeMulti:
      plain_uprobe_multi(o, r);
      break;
    case BPF_LINK_TYPE_PERF_EVENT:
      plain_perf_event(o, r);
      break;
    default:
      break;
  }
  plain_pinned(o, r.pinned);
  plain_pids(o, r.pids);
  o.put('\n');
}

void render_link_json(output::JsonWriter& w, const model::LinkRecord& r) {
  const auto& i = r.info;
  w.start_object();
  w.uint_field("id", i.id);
  json_named(w, "type", model::link_type_name(i.type), i.type);
  w.uint_field("prog_id", i.prog_id);
  auto attach = [&](uint32_t at) { json_named(w, "attach_type", model::attach_type_name(at), at); };

  switch (i.type) {
    case BPF_LINK_TYPE_RAW_TRACEPOINT:
      w.string_field("tp_name", r.name);
      w.uint_field("cookie", i.raw_tracepoint.cookie);
      break;
    case BPF_LINK_TYPE_TRACING:
      if (r.prog_type) json_named(w, "prog_type", model::prog_type_name(*r.prog_type), *r.prog_type);
      attach(i.tracing.attach_type);
      w.uint_field("target_obj_id", i.tracing.target_obj_id);
      w.uint_field("target_btf_id", i.tracing.target_btf_id);
      w.uint_field("cookie", i.tracing.cookie);
      break;
    case BPF_LINK_TYPE_CGROUP:
      w.uint_field("cgroup_id", i.cgroup.cgroup_id);
      attach(i.cgroup.attach_type);
      break;
    case BPF_LINK_TYPE_ITER:
      json_iter(w, r);
      break;
    case BPF_LINK_TYPE_NETNS:
      w.uint_field("netns_ino", i.netns.netns_ino);
      attach(i.netns.attach_type);
      break;
    case BPF_LINK_TYPE_XDP:
      w.string_field("devname", r.devname);
      w.uint_field("ifindex", i.xdp.ifindex);
      break;
    case uapi::kLinkTcx:
    case uapi::kLinkNetkit: {
      uint32_t ifindex = i.type == uapi::kLinkTcx ? i.tcx.ifindex : i.netkit.ifindex;
      uint32_t at = i.type == uapi::kLinkTcx ? i.tcx.attach_type : i.netkit.attach_type;
      w.string_field("devname", r.devname);
      w.uint_field("ifindex", ifindex);
      attach(at);
      break;
    }
    case BPF_LINK_TYPE_STRUCT_OPS:
      w.uint_field("map_id", i.struct_ops.map_id);
      break;
    case uapi::kLinkSockmap:
      w.uint_field("map_id", i.sockmap.map_id);
      attach(i.sockmap.attach_type);
      break;
    case uapi::kLinkNetfilter:
      w.uint_field("pf", i.netfilter.pf);
      w.uint_field("hook", i.netfilter.hooknum);
      w.int_field("prio", i.netfilter.priority);
      w.uint_field("flags", i.netfilter.flags);
      break;
    case BPF_LINK_TYPE_KPROBE_MULTI:
      json_kprobe_multi(w, r);
      break;
    case uapi::kLinkUprobeMulti:
      json_uprobe_multi(w, r);
      break;
    case BPF_LINK_TYPE_PERF_EVENT:
      json_perf_event(w, r);
      break;
    default:
      break;
  }
  json_pinned(w, r.pinned);
  json_pids(w, r.pids);
  w.end_object();
}

}  // namespace bpftool::commands
