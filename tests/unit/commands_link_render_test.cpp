// render_link_plain/json for every link type and perf_event subtype, against
// goldens written from upstream's link.c format strings (link.md §6) and its
// captured samples (errors.md §5, link.md §6.2). Plain lines keep upstream's
// trailing double spaces.
#include <gtest/gtest.h>

#include <linux/bpf.h>

#include "commands/link_render.h"
#include "unit/render_helpers.h"

namespace bpftool::commands {
namespace {

namespace uapi = sys::uapi;
using golden::expect_goldens;
using model::LinkRecord;

LinkRecord link(uint32_t id, uint32_t type, uint32_t prog_id) {
  LinkRecord r;
  r.info.type = type;
  r.info.id = id;
  r.info.prog_id = prog_id;
  return r;
}

LinkRecord raw_tp(uint32_t id, uint32_t prog, const char* tp, uint64_t cookie) {
  LinkRecord r = link(id, BPF_LINK_TYPE_RAW_TRACEPOINT, prog);
  r.name = tp;
  r.info.raw_tracepoint.cookie = cookie;
  return r;
}

LinkRecord dev_link(uint32_t id, uint32_t type, uint32_t prog, uint32_t ifindex, const char* devname,
                    bool resolved, uint32_t attach = 0) {
  LinkRecord r = link(id, type, prog);
  r.devname = devname;
  r.dev_resolved = resolved;
  if (type == BPF_LINK_TYPE_XDP) {
    r.info.xdp.ifindex = ifindex;
  } else if (type == uapi::kLinkTcx) {
    r.info.tcx.ifindex = ifindex;
    r.info.tcx.attach_type = attach;
  } else {
    r.info.netkit.ifindex = ifindex;
    r.info.netkit.attach_type = attach;
  }
  return r;
}

class LinkRender : public golden::RenderTest {
 protected:
  void check(const std::string& base, const std::vector<LinkRecord>& recs) {
    expect_goldens<LinkRecord>(base, recs, render_link_plain, render_link_json);
  }
};

TEST_F(LinkRender, raw_tracepoint) {
  LinkRecord l47 = raw_tp(47, 79, "sys_enter", 23925373020405760ull);
  l47.pids = {{274, "test_progs"}};
  LinkRecord l22 = raw_tp(22, 14, "sys_enter", 23925373020405760ull);
  l22.pids = {{176, "test_progs"}};
  check("link/raw_tracepoint", {l47, l22, raw_tp(90, 136, "sys_enter", 0)});
}

TEST_F(LinkRender, raw_tracepoint_upstream_samples_verbatim) {
  // link.md §6.2: `bpftool -j link show id 47`.
  LinkRecord l47 = raw_tp(47, 79, "sys_enter", 23925373020405760ull);
  l47.pids = {{274, "test_progs"}};
  EXPECT_EQ(golden::json_of<LinkRecord>({l47}, render_link_json, false),
            R"({"id":47,"type":"raw_tracepoint","prog_id":79,"tp_name":"sys_enter","cookie":23925373020405760,)"
            R"("pids":[{"pid":274,"comm":"test_progs"}]})"
            "\n");
  // errors.md §5.1 (cat -A): `90: raw_tracepoint  prog 136  $` / `^Itp 'sys_enter'  $`.
  EXPECT_EQ(golden::plain_of<LinkRecord>({raw_tp(90, 136, "sys_enter", 0)}, render_link_plain),
            "90: raw_tracepoint  prog 136  \n\ttp 'sys_enter'  \n");
}

LinkRecord tracing(uint32_t id, uint32_t prog, std::optional<uint32_t> prog_type, uint32_t attach,
                   uint32_t obj, uint32_t btf_id, uint64_t cookie) {
  LinkRecord r = link(id, BPF_LINK_TYPE_TRACING, prog);
  r.prog_type = prog_type;
  r.info.tracing.attach_type = attach;
  r.info.tracing.target_obj_id = obj;
  r.info.tracing.target_btf_id = btf_id;
  r.info.tracing.cookie = cookie;
  return r;
}

TEST_F(LinkRender, tracing) {
  LinkRecord t5 = tracing(5, 34, BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, 1, 60355, 4503599627370496ull);
  t5.pids = {{176, "test_progs"}};
  check("link/tracing", {t5, tracing(6, 35, BPF_PROG_TYPE_LSM, BPF_LSM_MAC, 0, 0, 0),
                         tracing(8, 37, 99, 99, 0, 7, 0),
                         // The program vanished before its type could be read.
                         tracing(9, 38, std::nullopt, BPF_TRACE_FEXIT, 0, 0, 0)});
}

LinkRecord cgroup(uint32_t id, uint32_t prog, uint64_t cgroup_id, uint32_t attach) {
  LinkRecord r = link(id, BPF_LINK_TYPE_CGROUP, prog);
  r.info.cgroup.cgroup_id = cgroup_id;
  r.info.cgroup.attach_type = attach;
  return r;
}

TEST_F(LinkRender, cgroup) {
  LinkRecord c10 = cgroup(10, 25, 614, BPF_CGROUP_INET_EGRESS);
  c10.pids = {{223, "test_progs"}};
  check("link/cgroup", {c10, cgroup(91, 7104, 1, BPF_CGROUP_INET_INGRESS),
                        cgroup(92, 7105, 18446744073709551615ull, 200)});
}

TEST_F(LinkRender, cgroup_pretty_matches_the_manual_page) {
  // bpftool-link.rst's `bpftool --json --pretty link show` (with today's attach type name).
  LinkRecord c10 = cgroup(10, 25, 614, BPF_CGROUP_INET_EGRESS);
  c10.pids = {{223, "test_progs"}};
  std::string s;
  {
    output::OutStream o(&s);
    output::JsonWriter w(o, true);
    w.start_array();
    render_link_json(w, c10);
    w.end_array();
    w.finish();
  }
  EXPECT_EQ(s,
            "[{\n"
            "        \"id\": 10,\n"
            "        \"type\": \"cgroup\",\n"
            "        \"prog_id\": 25,\n"
            "        \"cgroup_id\": 614,\n"
            "        \"attach_type\": \"cgroup_inet_egress\",\n"
            "        \"pids\": [{\n"
            "                \"pid\": 223,\n"
            "                \"comm\": \"test_progs\"\n"
            "            }\n"
            "        ]\n"
            "    }\n"
            "]\n");
}

LinkRecord iter(uint32_t id, uint32_t prog, const char* target) {
  LinkRecord r = link(id, BPF_LINK_TYPE_ITER, prog);
  r.name = target;
  return r;
}

TEST_F(LinkRender, iter) {
  LinkRecord map_elem = iter(7, 12, "bpf_map_elem");
  map_elem.info.iter.map_id = 3;
  LinkRecord task_tid = iter(8, 13, "task");
  task_tid.info.iter.task.tid = 1234;
  LinkRecord task_pid = iter(12, 16, "task_file");
  task_pid.info.iter.task.pid = 77;
  LinkRecord task_none = iter(13, 17, "task_vma");
  LinkRecord cg = iter(9, 14, "cgroup");
  cg.info.iter.cgroup.cgroup_id = 1;
  cg.info.iter.cgroup.order = 2;
  LinkRecord cg_children = iter(14, 18, "cgroup");
  cg_children.info.iter.cgroup.cgroup_id = 5;
  cg_children.info.iter.cgroup.order = 5;  // BPF_CGROUP_ITER_CHILDREN: no name upstream
  LinkRecord sk = iter(15, 19, "bpf_sk_storage_map");
  sk.info.iter.map_id = 4;
  check("link/iter", {map_elem, task_tid, task_pid, task_none, cg, cg_children, sk, iter(94, 11090, "bpf_map")});
}

TEST_F(LinkRender, netns) {
  LinkRecord a = link(93, BPF_LINK_TYPE_NETNS, 7106);
  a.info.netns.netns_ino = 4026531833u;
  a.info.netns.attach_type = BPF_FLOW_DISSECTOR;
  LinkRecord b = link(97, BPF_LINK_TYPE_NETNS, 7107);
  b.info.netns.netns_ino = 4026532000u;
  b.info.netns.attach_type = BPF_SK_LOOKUP;
  check("link/netns", {a, b});
}

TEST_F(LinkRender, xdp) {
  check("link/xdp", {dev_link(91, BPF_LINK_TYPE_XDP, 138, 1, "lo", true),
                     dev_link(3, BPF_LINK_TYPE_XDP, 40, 2, "eth0", true),
                     dev_link(98, BPF_LINK_TYPE_XDP, 139, 0, "(detached)", false),
                     dev_link(96, BPF_LINK_TYPE_XDP, 140, 57, "(unknown)", false)});
}

TEST_F(LinkRender, xdp_upstream_samples_verbatim) {
  // errors.md §5.1: link 91 before and after `link detach`.
  LinkRecord up = dev_link(91, BPF_LINK_TYPE_XDP, 138, 1, "lo", true);
  LinkRecord gone = dev_link(91, BPF_LINK_TYPE_XDP, 138, 0, "(detached)", false);
  EXPECT_EQ(golden::plain_of<LinkRecord>({up}, render_link_plain), "91: xdp  prog 138  \n\tifindex lo(1)  \n");
  EXPECT_EQ(golden::plain_of<LinkRecord>({gone}, render_link_plain),
            "91: xdp  prog 138  \n\tifindex (detached)  \n");
  EXPECT_EQ(golden::json_of<LinkRecord>({up}, render_link_json, false),
            "{\"id\":91,\"type\":\"xdp\",\"prog_id\":138,\"devname\":\"lo\",\"ifindex\":1}\n");
  EXPECT_EQ(golden::json_of<LinkRecord>({gone}, render_link_json, false),
            "{\"id\":91,\"type\":\"xdp\",\"prog_id\":138,\"devname\":\"(detached)\",\"ifindex\":0}\n");
}

TEST_F(LinkRender, tcx) {
  check("link/tcx", {dev_link(4, uapi::kLinkTcx, 41, 1, "lo", true, 46 /* tcx_ingress */),
                     dev_link(15, uapi::kLinkTcx, 42, 2, "eth0", true, 47 /* tcx_egress */),
                     dev_link(16, uapi::kLinkTcx, 45, 0, "(detached)", false, 46 /* tcx_ingress */)});
}

TEST_F(LinkRender, netkit) {
  check("link/netkit", {dev_link(17, uapi::kLinkNetkit, 43, 5, "nk0", true, 54 /* netkit_primary */),
                        dev_link(18, uapi::kLinkNetkit, 44, 6, "(unknown)", false, 55 /* netkit_peer */)});
}

TEST_F(LinkRender, sockmap) {
  LinkRecord a = link(11, uapi::kLinkSockmap, 50);
  a.info.sockmap.map_id = 9;
  a.info.sockmap.attach_type = BPF_SK_SKB_VERDICT;
  LinkRecord b = link(19, uapi::kLinkSockmap, 51);
  b.info.sockmap.map_id = 10;
  b.info.sockmap.attach_type = BPF_SK_MSG_VERDICT;
  check("link/sockmap", {a, b});
}

TEST_F(LinkRender, struct_ops) {
  // The header shows the map instead of the (absent) program.
  LinkRecord a = link(6, BPF_LINK_TYPE_STRUCT_OPS, 0);
  a.info.struct_ops.map_id = 17;
  LinkRecord b = link(23, BPF_LINK_TYPE_STRUCT_OPS, 0);
  b.info.struct_ops.map_id = 18;
  b.pids = {{311, "scx_simple"}};
  check("link/struct_ops", {a, b});
}

LinkRecord netfilter(uint32_t id, uint32_t prog, uint32_t pf, uint32_t hook, int32_t prio, uint32_t flags) {
  LinkRecord r = link(id, uapi::kLinkNetfilter, prog);
  r.info.netfilter.pf = pf;
  r.info.netfilter.hooknum = hook;
  r.info.netfilter.priority = prio;
  r.info.netfilter.flags = flags;
  return r;
}

TEST_F(LinkRender, netfilter) {
  check("link/netfilter",
        {netfilter(20, 60, 2, 1, -128, 0), netfilter(21, 61, 5, 0, 10, 0), netfilter(22, 62, 4, 1, 0, 1),
         netfilter(23, 63, 10, 4, 2147483647, 0), netfilter(24, 64, 3, 1, -1, 0),
         netfilter(25, 65, 7, 9, 3, 0x80)});
}

LinkRecord kprobe_multi(uint32_t id, uint32_t prog, uint32_t count, uint32_t flags, uint64_t missed,
                        bool kallsyms, std::vector<model::KprobeMultiFunc> funcs) {
  LinkRecord r = link(id, BPF_LINK_TYPE_KPROBE_MULTI, prog);
  r.info.kprobe_multi.count = count;
  r.info.kprobe_multi.flags = flags;
  r.info.kprobe_multi.missed = missed;
  r.kallsyms_available = kallsyms;
  r.kprobe_funcs = std::move(funcs);
  return r;
}

TEST_F(LinkRender, kprobe_multi) {
  check("link/kprobe_multi",
        {kprobe_multi(30, 70, 2, 0, 0, true,
                      {{0xffffffff8108a2c0ull, 0, "schedule", ""},
                       {0xffffffffc0a01230ull, 0x2a, "nft_do_chain", "nf_tables"}}),
         // kretprobe, misses, addresses hidden by kptr_restrict: no table, "funcs": [].
         kprobe_multi(31, 71, 3, uapi::kKprobeMultiReturn, 5, false, {}),
         kprobe_multi(32, 72, 0, 0, 0, false, {}),
         // Only the first target resolved (upstream's merge walk stops there).
         kprobe_multi(33, 73, 3, 0, 0, true, {{0xffffffff81000000ull, 0xffffffffffffffffull, "_stext", ""}})});
}

LinkRecord uprobe_multi(uint32_t id, uint32_t prog, const char* path, uint32_t count, uint32_t flags,
                        uint32_t pid, std::vector<model::UprobeMultiFunc> funcs) {
  LinkRecord r = link(id, uapi::kLinkUprobeMulti, prog);
  r.name = path;
  r.info.uprobe_multi.count = count;
  r.info.uprobe_multi.flags = flags;
  r.info.uprobe_multi.pid = pid;
  r.uprobe_funcs = std::move(funcs);
  return r;
}

TEST_F(LinkRender, uprobe_multi) {
  check("link/uprobe_multi",
        {uprobe_multi(40, 80, "/usr/bin/bash", 2, 0, 0, {{0x1130, 0, 3}, {0x2f00, 0x10, 0}}),
         uprobe_multi(41, 81, "/lib/x86_64-linux-gnu/libc.so.6", 1, uapi::kUprobeMultiReturn, 1234,
                      {{0x9a0b0, 0, 0xdeadbeef}}),
         uprobe_multi(42, 82, "", 0, 0, 0, {})});
}

LinkRecord perf(uint32_t id, uint32_t prog, uint32_t type) {
  LinkRecord r = link(id, BPF_LINK_TYPE_PERF_EVENT, prog);
  r.info.perf_event.type = type;
  return r;
}
LinkRecord kprobe(uint32_t id, uint32_t prog, uint32_t type, const char* func, uint64_t addr, uint32_t off,
                  uint64_t missed, uint64_t cookie) {
  LinkRecord r = perf(id, prog, type);
  r.name = func;
  r.info.perf_event.kprobe.addr = addr;
  r.info.perf_event.kprobe.offset = off;
  r.info.perf_event.kprobe.missed = missed;
  r.info.perf_event.kprobe.cookie = cookie;
  return r;
}
LinkRecord uprobe(uint32_t id, uint32_t prog, uint32_t type, const char* file, uint32_t off, uint64_t cookie,
                  uint64_t ref_ctr) {
  LinkRecord r = perf(id, prog, type);
  r.name = file;
  r.info.perf_event.uprobe.offset = off;
  r.info.perf_event.uprobe.cookie = cookie;
  r.info.perf_event.uprobe.ref_ctr_offset = ref_ctr;
  return r;
}
LinkRecord tracepoint(uint32_t id, uint32_t prog, const char* tp, uint64_t cookie) {
  LinkRecord r = perf(id, prog, uapi::kPerfEventTracepoint);
  r.name = tp;
  r.info.perf_event.tracepoint.cookie = cookie;
  return r;
}
LinkRecord event(uint32_t id, uint32_t prog, uint32_t type, uint64_t config, uint64_t cookie) {
  LinkRecord r = perf(id, prog, uapi::kPerfEventEvent);
  r.info.perf_event.event.type = type;
  r.info.perf_event.event.config = config;
  r.info.perf_event.event.cookie = cookie;
  return r;
}

TEST_F(LinkRender, perf_event) {
  check("link/perf_event",
        {kprobe(50, 90, uapi::kPerfEventKprobe, "vfs_read", 0xffffffff8133e5e0ull, 4, 0, 7),
         kprobe(51, 91, uapi::kPerfEventKretprobe, "do_sys_openat2", 0, 0, 3, 0),
         kprobe(52, 92, uapi::kPerfEventKprobe, "", 0, 0, 0, 0),
         kprobe(53, 93, uapi::kPerfEventKprobe, "", 0xffffffff81000000ull, 0, 0, 0),
         uprobe(42, 174, uapi::kPerfEventUprobe, "/proc/self/exe", 0x102f13, 3735928559ull, 0x303a3fa),
         uprobe(54, 94, uapi::kPerfEventUretprobe, "/usr/bin/bash", 0, 0, 0),
         uprobe(55, 95, uapi::kPerfEventUprobe, "", 0, 0, 0),
         tracepoint(56, 96, "sys_enter_openat", 0),
         tracepoint(57, 97, "sched_switch", 9),
         event(92, 7105, 1, 0, 0),
         event(58, 98, 3, 0x10000, 5),
         event(59, 99, 10, 1234, 0),
         event(60, 100, 0, 99, 0),
         event(61, 101, 4, 0x1234, 0),
         perf(62, 102, 0),
         perf(63, 103, 7)});
}

TEST_F(LinkRender, other_types_print_only_the_header) {
  check("link/other_types", {link(70, 15 /* tracing_multi */, 110), link(71, 99, 111), link(72, 0, 0)});
}

TEST_F(LinkRender, pinned_and_pids) {
  // errors.md §5.3 (`-f link show`): once any link is pinned, every link has "pinned".
  LinkRecord rt = raw_tp(90, 136, "sys_enter", 0);
  rt.pinned = std::vector<std::string>{"/tmp/bpffsx7Ria3/rt/rt_prog"};
  LinkRecord x = dev_link(91, BPF_LINK_TYPE_XDP, 138, 1, "lo", true);
  x.pinned = std::vector<std::string>{};
  LinkRecord c = cgroup(95, 7104, 1, BPF_CGROUP_INET_INGRESS);
  c.pinned = std::vector<std::string>{"/sys/fs/bpf/b", "/sys/fs/bpf/a"};
  c.pids = {{1, "systemd"}, {4242, "bpftool"}};
  check("link/pinned", {rt, x, c});
}

}  // namespace
}  // namespace bpftool::commands
