#include "sys/bpf.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "sys/uapi_compat.h"

namespace bpftool::sys {

namespace {

long real_bpf(int cmd, union bpf_attr* attr, unsigned int size) {
  return ::syscall(__NR_bpf, cmd, attr, size);
}

BpfSyscallFn g_bpf = real_bpf;

uint64_t ptr_to_u64(const void* p) { return reinterpret_cast<uintptr_t>(p); }

}  // namespace

BpfSyscallFn set_bpf_syscall(BpfSyscallFn fn) {
  BpfSyscallFn old = g_bpf;
  g_bpf = fn ? fn : real_bpf;
  return old;
}

long bpf_syscall(int cmd, union bpf_attr& attr) {
  long r;
  do {
    r = g_bpf(cmd, &attr, sizeof(attr));
  } while (r < 0 && errno == EINTR);
  return r;
}

const char* obj_kind_name(ObjKind k) {
  switch (k) {
    case ObjKind::Prog: return "prog";
    case ObjKind::Map: return "map";
    case ObjKind::Link: return "link";
    case ObjKind::Btf: return "btf";
  }
  return "?";
}

Result<uint32_t> get_next_id(ObjKind kind, uint32_t start) {
  static constexpr int kCmd[] = {BPF_PROG_GET_NEXT_ID, BPF_MAP_GET_NEXT_ID, BPF_LINK_GET_NEXT_ID,
                                 BPF_BTF_GET_NEXT_ID};
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof(attr));
  attr.start_id = start;
  if (bpf_syscall(kCmd[static_cast<int>(kind)], attr) < 0)
    return Error::sys(errno, std::string("can't get next ") + obj_kind_name(kind));
  return attr.next_id;
}

Result<Fd> get_fd_by_id(ObjKind kind, uint32_t id, uint32_t open_flags) {
  static constexpr int kCmd[] = {BPF_PROG_GET_FD_BY_ID, BPF_MAP_GET_FD_BY_ID, BPF_LINK_GET_FD_BY_ID,
                                 BPF_BTF_GET_FD_BY_ID};
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof(attr));
  switch (kind) {
    case ObjKind::Prog: attr.prog_id = id; break;
    case ObjKind::Map: attr.map_id = id; break;
    case ObjKind::Link: attr.link_id = id; break;
    case ObjKind::Btf: attr.btf_id = id; break;
  }
  attr.open_flags = open_flags;
  long fd = bpf_syscall(kCmd[static_cast<int>(kind)], attr);
  if (fd < 0) return Error::sys(errno, "get by id");
  return Fd(static_cast<int>(fd));
}

Result<Fd> obj_get(const std::string& path, uint32_t file_flags) {
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof(attr));
  attr.pathname = ptr_to_u64(path.c_str());
  attr.file_flags = file_flags;
  long fd = bpf_syscall(BPF_OBJ_GET, attr);
  if (fd < 0) return Error::sys(errno, "bpf obj get (" + path + ")");
  return Fd(static_cast<int>(fd));
}

Status obj_pin(int fd, const std::string& path) {
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof(attr));
  attr.pathname = ptr_to_u64(path.c_str());
  attr.bpf_fd = static_cast<uint32_t>(fd);
  if (bpf_syscall(BPF_OBJ_PIN, attr) < 0) return Error::sys(errno, "can't pin the object (" + path + ")");
  return {};
}

Status obj_get_info(int fd, void* info, uint32_t* len) {
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof(attr));
  attr.info.bpf_fd = static_cast<uint32_t>(fd);
  attr.info.info_len = *len;
  attr.info.info = ptr_to_u64(info);
  if (bpf_syscall(BPF_OBJ_GET_INFO_BY_FD, attr) < 0) return Error::sys(errno, "can't get object info");
  *len = attr.info.info_len;
  return {};
}

namespace {

// The element commands share one attr layout: map_fd, key, then value (or
// next_key, the same union slot) and flags.
Status map_elem_cmd(int cmd, int fd, const void* key, const void* value, uint64_t flags, const char* what) {
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof(attr));
  attr.map_fd = static_cast<uint32_t>(fd);
  attr.key = ptr_to_u64(key);
  attr.value = ptr_to_u64(value);
  attr.flags = flags;
  if (bpf_syscall(cmd, attr) < 0) return Error::sys(errno, what);
  return {};
}

}  // namespace

Status map_lookup_elem(int fd, const void* key, void* value, uint64_t flags) {
  return map_elem_cmd(BPF_MAP_LOOKUP_ELEM, fd, key, value, flags, "lookup failed");
}

Status map_update_elem(int fd, const void* key, const void* value, uint64_t flags) {
  return map_elem_cmd(BPF_MAP_UPDATE_ELEM, fd, key, value, flags, "update failed");
}

Status map_delete_elem(int fd, const void* key) {
  return map_elem_cmd(BPF_MAP_DELETE_ELEM, fd, key, nullptr, 0, "delete failed");
}

Status map_get_next_key(int fd, const void* key, void* next_key) {
  return map_elem_cmd(BPF_MAP_GET_NEXT_KEY, fd, key, next_key, 0, "can't get next key");
}

Status map_lookup_and_delete_elem(int fd, const void* key, void* value) {
  return map_elem_cmd(BPF_MAP_LOOKUP_AND_DELETE_ELEM, fd, key, value, 0, "pop failed");
}

Status map_freeze(int fd) {
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof(attr));
  attr.map_fd = static_cast<uint32_t>(fd);
  if (bpf_syscall(BPF_MAP_FREEZE, attr) < 0) return Error::sys(errno, "failed to freeze map");
  return {};
}

Status map_lookup_batch(int fd, LookupBatch& b) {
  for (;;) {
    // Not bpf_syscall(): the kernel writes `count` back even when it fails, so
    // an interrupted call is retried with attrs built afresh.
    union bpf_attr attr;
    std::memset(&attr, 0, sizeof(attr));
    attr.batch.in_batch = ptr_to_u64(b.in_batch);
    attr.batch.out_batch = ptr_to_u64(b.out_batch);
    attr.batch.keys = ptr_to_u64(b.keys);
    attr.batch.values = ptr_to_u64(b.values);
    attr.batch.count = b.count;
    attr.batch.map_fd = static_cast<uint32_t>(fd);
    long r = g_bpf(BPF_MAP_LOOKUP_BATCH, &attr, sizeof(attr));
    if (r >= 0) {
      b.count = attr.batch.count;
      b.done = false;
      return {};
    }
    if (errno == EINTR) continue;
    if (errno == ENOENT) {
      b.count = attr.batch.count;
      b.done = true;
      return {};
    }
    b.count = 0;
    return Error::sys(errno, "lookup batch failed");
  }
}

Result<Fd> map_create(const MapCreate& m) {
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof(attr));
  attr.map_type = m.type;
  attr.key_size = m.key_size;
  attr.value_size = m.value_size;
  attr.max_entries = m.max_entries;
  attr.map_flags = m.map_flags;
  attr.inner_map_fd = m.inner_map_fd;
  attr.map_ifindex = m.map_ifindex;
  std::memcpy(attr.map_name, m.name.data(), std::min(m.name.size(), sizeof(attr.map_name) - 1));
  long fd = bpf_syscall(BPF_MAP_CREATE, attr);
  if (fd < 0) return Error::sys(errno, "map create failed");
  return Fd(static_cast<int>(fd));
}

Status prog_attach(int prog_fd, int target_fd, uint32_t attach_type, uint32_t flags) {
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof(attr));
  attr.target_fd = static_cast<uint32_t>(target_fd);
  attr.attach_bpf_fd = static_cast<uint32_t>(prog_fd);
  attr.attach_type = attach_type;
  attr.attach_flags = flags;
  if (bpf_syscall(BPF_PROG_ATTACH, attr) < 0) return Error::sys(errno, "failed prog attach");
  return {};
}

Status prog_detach(int prog_fd, int target_fd, uint32_t attach_type) {
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof(attr));
  attr.target_fd = static_cast<uint32_t>(target_fd);
  attr.attach_bpf_fd = static_cast<uint32_t>(prog_fd);
  attr.attach_type = attach_type;
  if (bpf_syscall(BPF_PROG_DETACH, attr) < 0) return Error::sys(errno, "failed prog detach");
  return {};
}

Status prog_test_run(int prog_fd, TestRun& run) {
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof(attr));
  attr.test.prog_fd = static_cast<uint32_t>(prog_fd);
  attr.test.data_in = ptr_to_u64(run.data_in);
  attr.test.data_size_in = run.data_size_in;
  attr.test.data_out = ptr_to_u64(run.data_out);
  attr.test.data_size_out = run.data_size_out;
  attr.test.ctx_in = ptr_to_u64(run.ctx_in);
  attr.test.ctx_size_in = run.ctx_size_in;
  attr.test.ctx_out = ptr_to_u64(run.ctx_out);
  attr.test.ctx_size_out = run.ctx_size_out;
  attr.test.repeat = run.repeat;
  if (bpf_syscall(BPF_PROG_TEST_RUN, attr) < 0) return Error::sys(errno, "failed to run program");
  run.data_size_out = attr.test.data_size_out;
  run.ctx_size_out = attr.test.ctx_size_out;
  run.retval = attr.test.retval;
  run.duration = attr.test.duration;
  return {};
}

Result<uint32_t> prog_stream_read(int prog_fd, uint32_t stream_id, void* buf, uint32_t len) {
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof(attr));
  uapi::ProgStreamReadAttr a{};
  a.stream_buf = ptr_to_u64(buf);
  a.stream_buf_len = len;
  a.stream_id = stream_id;
  a.prog_fd = static_cast<uint32_t>(prog_fd);
  std::memcpy(&attr, &a, sizeof(a));
  long n = bpf_syscall(uapi::kCmdProgStreamReadByFd, attr);
  if (n < 0) return Error::sys(errno, "failed to read the program's stream");
  return static_cast<uint32_t>(n);
}

Status link_detach(int link_fd) {
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof(attr));
  attr.link_detach.link_fd = static_cast<uint32_t>(link_fd);
  if (bpf_syscall(BPF_LINK_DETACH, attr) < 0) return Error::sys(errno, "failed to detach link");
  return {};
}

Result<Fd> enable_stats() {
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof(attr));
  attr.enable_stats.type = BPF_STATS_RUN_TIME;
  long fd = bpf_syscall(BPF_ENABLE_STATS, attr);
  if (fd < 0) return Error::sys(errno, "failed to enable run-time statistics");
  return Fd(static_cast<int>(fd));
}

Result<ObjKind> fd_kind(int fd) {
  char path[64], target[64];
  std::snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
  ssize_t n = ::readlink(path, target, sizeof(target) - 1);
  if (n < 0) return Error::sys(errno, "can't read link type");
  target[n] = '\0';
  std::string_view t(target, static_cast<size_t>(n));
  if (t == "anon_inode:bpf-prog") return ObjKind::Prog;
  if (t == "anon_inode:bpf-map") return ObjKind::Map;
  // Links opened by id or pin are "bpf-link"; the creator's fd is "bpf_link".
  if (t == "anon_inode:bpf-link" || t == "anon_inode:bpf_link") return ObjKind::Link;
  if (t == "anon_inode:btf") return ObjKind::Btf;
  return Error::msg("not a bpf object: " + std::string(t));
}

}  // namespace bpftool::sys
