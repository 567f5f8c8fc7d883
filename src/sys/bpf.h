// One wrapper per bpf() command we use. Every call goes through one swappable
// entry point (tests replace it to check attrs and errno mapping without a kernel).
// Returns Result; never prints.
#pragma once

#include <linux/bpf.h>

#include <cstdint>
#include <string>

#include "core/result.h"
#include "sys/fd.h"

namespace bpftool::sys {

/// The raw syscall: returns the kernel's return value, or -1 with errno set.
using BpfSyscallFn = long (*)(int cmd, union bpf_attr* attr, unsigned int size);
/// Replaces the syscall (tests); returns the previous function.
BpfSyscallFn set_bpf_syscall(BpfSyscallFn fn);
long bpf_syscall(int cmd, union bpf_attr& attr);

enum class ObjKind { Prog, Map, Link, Btf };
const char* obj_kind_name(ObjKind k);  // "prog", "map", "link", "btf"

/// *_GET_NEXT_ID: the next id after `start`, or ENOENT at the end.
Result<uint32_t> get_next_id(ObjKind kind, uint32_t start);
/// *_GET_FD_BY_ID. `open_flags` is BPF_F_RDONLY etc. (maps only; 0 elsewhere).
Result<Fd> get_fd_by_id(ObjKind kind, uint32_t id, uint32_t open_flags = 0);
/// BPF_OBJ_GET on a pinned path.
Result<Fd> obj_get(const std::string& path, uint32_t file_flags = 0);
/// BPF_OBJ_PIN. The pin outlives this process.
Status obj_pin(int fd, const std::string& path);
/// BPF_OBJ_GET_INFO_BY_FD into `info` of `*len` bytes; `*len` is updated.
Status obj_get_info(int fd, void* info, uint32_t* len);
/// BPF_MAP_LOOKUP_ELEM into `value`.
Status map_lookup_elem(int fd, const void* key, void* value, uint64_t flags = 0);

/// BPF_LINK_DETACH.
Status link_detach(int link_fd);
/// BPF_ENABLE_STATS(BPF_STATS_RUN_TIME): statistics stay on while the fd is open.
Result<Fd> enable_stats();

/// The kind of bpf object an fd refers to, from its anon inode name, or an
/// error if it is not a bpf object.
Result<ObjKind> fd_kind(int fd);

}  // namespace bpftool::sys
