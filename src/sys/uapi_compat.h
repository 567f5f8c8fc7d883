// Kernel ABI newer than Debian 12's Linux 6.1 UAPI headers: the constants and
// structs the running kernel (6.x/7.x) offers beyond them. The one place where
// bpftool-cpp defines kernel ABI itself; everything else uses <linux/bpf.h>.
#pragma once

#include <linux/bpf.h>
#include <linux/types.h>

#include <cstddef>

namespace bpftool::sys::uapi {

// enum bpf_cmd values after BPF_PROG_BIND_MAP (35).
constexpr int kCmdTokenCreate = 36;
constexpr int kCmdProgStreamReadByFd = 37;

/// union bpf_attr for BPF_PROG_STREAM_READ_BY_FD (Linux 6.17).
struct ProgStreamReadAttr {
  __u64 stream_buf;
  __u32 stream_buf_len;
  __u32 stream_id;
  __u32 prog_fd;
};

// enum bpf_link_type values after BPF_LINK_TYPE_STRUCT_OPS (9).
constexpr unsigned kLinkNetfilter = 10;
constexpr unsigned kLinkTcx = 11;
constexpr unsigned kLinkUprobeMulti = 12;
constexpr unsigned kLinkNetkit = 13;
constexpr unsigned kLinkSockmap = 14;

// enum bpf_perf_event_type (Linux 6.6).
constexpr unsigned kPerfEventUprobe = 1;
constexpr unsigned kPerfEventUretprobe = 2;
constexpr unsigned kPerfEventKprobe = 3;
constexpr unsigned kPerfEventKretprobe = 4;
constexpr unsigned kPerfEventTracepoint = 5;
constexpr unsigned kPerfEventEvent = 6;

constexpr unsigned kKprobeMultiReturn = 1u << 0;  // BPF_F_KPROBE_MULTI_RETURN
constexpr unsigned kUprobeMultiReturn = 1u << 0;  // BPF_F_UPROBE_MULTI_RETURN

// Map types after BPF_MAP_TYPE_USER_RINGBUF (31).
constexpr unsigned kMapCgrpStorage = 32;
constexpr unsigned kMapArena = 33;
constexpr unsigned kMapInsnArray = 34;
constexpr unsigned kMapRhash = 35;

// Program types after BPF_PROG_TYPE_SYSCALL (31).
constexpr unsigned kProgNetfilter = 32;

// Attach types after those of Debian 12's linux/bpf.h (Linux 6.1).
constexpr unsigned kAttachNetfilter = 45;             // BPF_NETFILTER
constexpr unsigned kAttachTcxIngress = 46;            // BPF_TCX_INGRESS
constexpr unsigned kAttachTcxEgress = 47;             // BPF_TCX_EGRESS
constexpr unsigned kAttachTraceUprobeMulti = 48;      // BPF_TRACE_UPROBE_MULTI
constexpr unsigned kAttachCgroupUnixConnect = 49;     // BPF_CGROUP_UNIX_CONNECT
constexpr unsigned kAttachCgroupUnixSendmsg = 50;     // BPF_CGROUP_UNIX_SENDMSG
constexpr unsigned kAttachCgroupUnixRecvmsg = 51;     // BPF_CGROUP_UNIX_RECVMSG
constexpr unsigned kAttachCgroupUnixGetpeername = 52; // BPF_CGROUP_UNIX_GETPEERNAME
constexpr unsigned kAttachCgroupUnixGetsockname = 53; // BPF_CGROUP_UNIX_GETSOCKNAME
constexpr unsigned kAttachNetkitPrimary = 54;         // BPF_NETKIT_PRIMARY
constexpr unsigned kAttachNetkitPeer = 55;            // BPF_NETKIT_PEER
constexpr unsigned kAttachTraceKprobeSession = 56;    // BPF_TRACE_KPROBE_SESSION
constexpr unsigned kAttachTraceUprobeSession = 57;    // BPF_TRACE_UPROBE_SESSION
constexpr unsigned kAttachTraceFsession = 58;         // BPF_TRACE_FSESSION

/// struct bpf_link_info as of Linux 7.2 (64 bytes; the union starts at 16).
struct LinkInfo {
  __u32 type;
  __u32 id;
  __u32 prog_id;
  __u32 pad_;
  union {
    struct {
      __u64 tp_name;
      __u32 tp_name_len;
      __u32 pad_;
      __u64 cookie;
    } raw_tracepoint;
    struct {
      __u32 attach_type;
      __u32 target_obj_id;
      __u32 target_btf_id;
      __u32 pad_;
      __u64 cookie;
    } tracing;
    struct {
      __u64 cgroup_id;
      __u32 attach_type;
    } cgroup;
    struct {
      __u64 target_name;
      __u32 target_name_len;
      __u32 map_id;  // union { map.map_id }
      union {
        struct {
          __u64 cgroup_id;
          __u32 order;
        } cgroup;
        struct {
          __u32 tid;
          __u32 pid;
        } task;
      };
    } iter;
    struct {
      __u32 netns_ino;
      __u32 attach_type;
    } netns;
    struct {
      __u32 ifindex;
    } xdp;
    struct {
      __u32 map_id;
    } struct_ops;
    struct {
      __u32 pf;
      __u32 hooknum;
      __s32 priority;
      __u32 flags;
    } netfilter;
    struct {
      __u64 addrs;
      __u32 count;
      __u32 flags;
      __u64 missed;
      __u64 cookies;
    } kprobe_multi;
    struct {
      __u64 path;
      __u64 offsets;
      __u64 ref_ctr_offsets;
      __u64 cookies;
      __u32 path_size;
      __u32 count;
      __u32 flags;
      __u32 pid;
    } uprobe_multi;
    struct {
      __u32 type;
      __u32 pad_;
      union {
        struct {
          __u64 file_name;
          __u32 name_len;
          __u32 offset;
          __u64 cookie;
          __u64 ref_ctr_offset;
        } uprobe;
        struct {
          __u64 func_name;
          __u32 name_len;
          __u32 offset;
          __u64 addr;
          __u64 missed;
          __u64 cookie;
        } kprobe;
        struct {
          __u64 tp_name;
          __u32 name_len;
          __u32 pad_;
          __u64 cookie;
        } tracepoint;
        struct {
          __u64 config;
          __u32 type;
          __u32 pad_;
          __u64 cookie;
        } event;
      };
    } perf_event;
    struct {
      __u32 ifindex;
      __u32 attach_type;
    } tcx;
    struct {
      __u32 ifindex;
      __u32 attach_type;
    } netkit;
    struct {
      __u32 map_id;
      __u32 attach_type;
    } sockmap;
  };
} __attribute__((aligned(8)));

static_assert(sizeof(LinkInfo) == 64, "bpf_link_info layout");
static_assert(offsetof(LinkInfo, raw_tracepoint) == 16, "bpf_link_info union offset");
static_assert(offsetof(LinkInfo, perf_event.kprobe.cookie) == 56, "perf_event kprobe layout");
static_assert(offsetof(LinkInfo, uprobe_multi.pid) == 60, "uprobe_multi layout");

}  // namespace bpftool::sys::uapi
