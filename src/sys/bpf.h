// One wrapper per bpf() command we use. Every call goes through one swappable
// entry point (tests replace it to check attrs and errno mapping without a kernel).
// Returns Result; never prints.
#pragma once

#include <linux/bpf.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

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
/// The info struct of one object (bpf_prog_info, bpf_map_info, ...), zeroed
/// before the call; fails with "can't get <what> info" and the kernel's errno.
template <class Info>
Result<Info> info_of(int fd, std::string_view what) {
  Info info;
  std::memset(&info, 0, sizeof(info));
  uint32_t len = sizeof(info);
  if (auto st = obj_get_info(fd, &info, &len); !st)
    return Error::sys(st.error().errnum(), "can't get " + std::string(what) + " info");
  return info;
}
/// BPF_MAP_LOOKUP_ELEM into `value`.
Status map_lookup_elem(int fd, const void* key, void* value, uint64_t flags = 0);
/// BPF_MAP_UPDATE_ELEM (`flags`: BPF_ANY, BPF_NOEXIST, BPF_EXIST).
Status map_update_elem(int fd, const void* key, const void* value, uint64_t flags);
/// BPF_MAP_DELETE_ELEM.
Status map_delete_elem(int fd, const void* key);
/// BPF_MAP_GET_NEXT_KEY: the key after `key` (nullptr: the first) into
/// `next_key`. ENOENT at the end. Hash maps restart from their first key when
/// `key` is not in the map.
Status map_get_next_key(int fd, const void* key, void* next_key);
/// BPF_MAP_LOOKUP_AND_DELETE_ELEM (pop/dequeue; `key` nullptr for queues/stacks).
Status map_lookup_and_delete_elem(int fd, const void* key, void* value);
/// BPF_MAP_FREEZE (Linux 5.2): irreversible.
Status map_freeze(int fd);

/// One BPF_MAP_LOOKUP_BATCH call (Linux 5.6).
struct LookupBatch {
  const void* in_batch = nullptr;  // nullptr: from the start
  void* out_batch = nullptr;       // max(key_size, 4) bytes at least
  void* keys = nullptr;            // count * key_size
  void* values = nullptr;          // count * value stride
  uint32_t count = 0;              // in: room for entries; out: entries read
  bool done = false;               // out: the kernel said ENOENT (no entries after these)
};
/// Reads up to `b.count` entries. ENOENT is success with `done` set (the
/// entries read before the end are in `count`). An interrupted call is retried
/// with fresh attrs. Errors: ENOSPC (one hash bucket holds more than `count`
/// entries), ENOTSUPP (524)/EOPNOTSUPP/EINVAL (no batch support).
Status map_lookup_batch(int fd, LookupBatch& b);

/// BPF_MAP_CREATE with the fields bpftool's `map create` sets.
struct MapCreate {
  uint32_t type = 0;
  uint32_t key_size = 0;
  uint32_t value_size = 0;
  uint32_t max_entries = 0;
  uint32_t map_flags = 0;
  uint32_t inner_map_fd = 0;
  uint32_t map_ifindex = 0;
  std::string name;  // cut at 15 characters
};
Result<Fd> map_create(const MapCreate& m);

/// BPF_PROG_ATTACH / BPF_PROG_DETACH of a program to a target fd (a map, or
/// 0 for the current network namespace with flow_dissector).
Status prog_attach(int prog_fd, int target_fd, uint32_t attach_type, uint32_t flags = 0);
Status prog_detach(int prog_fd, int target_fd, uint32_t attach_type);

/// BPF_PROG_TEST_RUN. Buffers are the caller's; sizes out are updated.
struct TestRun {
  const void* data_in = nullptr;
  uint32_t data_size_in = 0;
  void* data_out = nullptr;
  uint32_t data_size_out = 0;  // in: buffer size; out: bytes written
  const void* ctx_in = nullptr;
  uint32_t ctx_size_in = 0;
  void* ctx_out = nullptr;
  uint32_t ctx_size_out = 0;
  uint32_t repeat = 0;
  uint32_t retval = 0;    // out
  uint32_t duration = 0;  // out, ns (average when repeat > 1)
};
Status prog_test_run(int prog_fd, TestRun& run);

/// BPF_PROG_STREAM_READ_BY_FD (Linux 6.17): bytes read, 0 at the end.
Result<uint32_t> prog_stream_read(int prog_fd, uint32_t stream_id, void* buf, uint32_t len);

/// BPF_LINK_DETACH.
Status link_detach(int link_fd);
/// BPF_ENABLE_STATS(BPF_STATS_RUN_TIME): statistics stay on while the fd is open.
Result<Fd> enable_stats();

/// The kind of bpf object an fd refers to, from its anon inode name, or an
/// error if it is not a bpf object.
Result<ObjKind> fd_kind(int fd);

}  // namespace bpftool::sys
