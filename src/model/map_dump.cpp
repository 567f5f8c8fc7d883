#include "model/map_dump.h"

#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "btf/dumper.h"
#include "sys/bpf.h"
#include "sys/uapi_compat.h"

namespace bpftool::model {

namespace {

constexpr int kENOTSUPP = 524;  // the kernel's internal "operation not supported"

uint32_t round_up8(uint32_t v) { return (v + 7) & ~7u; }

// Hash tables whose BPF_MAP_LOOKUP_BATCH walks fixed buckets: a walk that never
// restarts and never returns a key twice.
bool is_bucket_hash(uint32_t type) {
  switch (type) {
    case BPF_MAP_TYPE_HASH:
    case BPF_MAP_TYPE_PERCPU_HASH:
    case BPF_MAP_TYPE_LRU_HASH:
    case BPF_MAP_TYPE_LRU_PERCPU_HASH:
    case BPF_MAP_TYPE_HASH_OF_MAPS:
      return true;
    default:
      return false;
  }
}

// Maps keyed by an index below max_entries: get-next-key goes i → i+1 whatever
// happens to the values, so a walk can neither restart nor repeat a key.
bool is_index_keyed(uint32_t type) {
  switch (type) {
    case BPF_MAP_TYPE_ARRAY:
    case BPF_MAP_TYPE_PERCPU_ARRAY:
    case BPF_MAP_TYPE_PROG_ARRAY:
    case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
    case BPF_MAP_TYPE_CGROUP_ARRAY:
    case BPF_MAP_TYPE_ARRAY_OF_MAPS:
    case BPF_MAP_TYPE_DEVMAP:
    case BPF_MAP_TYPE_CPUMAP:
    case BPF_MAP_TYPE_XSKMAP:
    case BPF_MAP_TYPE_SOCKMAP:
    case BPF_MAP_TYPE_REUSEPORT_SOCKARRAY:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool map_is_per_cpu(uint32_t type) {
  return type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_ARRAY ||
         type == BPF_MAP_TYPE_LRU_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
}

bool map_is_map_of_maps(uint32_t type) {
  return type == BPF_MAP_TYPE_ARRAY_OF_MAPS || type == BPF_MAP_TYPE_HASH_OF_MAPS;
}

bool map_is_prog_array(uint32_t type) { return type == BPF_MAP_TYPE_PROG_ARRAY; }

bool map_is_queue_or_stack(uint32_t type) { return type == BPF_MAP_TYPE_QUEUE || type == BPF_MAP_TYPE_STACK; }

std::optional<std::string> map_dump_unsupported_reason(uint32_t type) {
  switch (type) {
    case BPF_MAP_TYPE_RINGBUF:
      return std::string(
          "a ring buffer has no keys to list; read its records with 'bpftool map event_pipe' (reading consumes "
          "them)");
    case BPF_MAP_TYPE_USER_RINGBUF:
      return std::string("a user ring buffer carries records from user space to BPF programs; they can't be read back");
    case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
      return std::string(
          "its values are perf event fds, which the kernel does not return; read the events with 'bpftool map "
          "event_pipe'");
    case BPF_MAP_TYPE_CGROUP_ARRAY:
      return std::string("its values are cgroup fds, which the kernel does not return");
    case BPF_MAP_TYPE_XSKMAP:
      return std::string("its values are AF_XDP sockets, which the kernel does not return");
    case BPF_MAP_TYPE_BLOOM_FILTER:
      return std::string("a bloom filter has no keys and does not store its values; it can only be asked about one value");
    case BPF_MAP_TYPE_SK_STORAGE:
    case BPF_MAP_TYPE_INODE_STORAGE:
    case BPF_MAP_TYPE_TASK_STORAGE:
    case sys::uapi::kMapCgrpStorage:
      return std::string(
          "local storage is attached to sockets, inodes, tasks or cgroups and looked up by their fds; it can't be "
          "listed");
    case sys::uapi::kMapArena:
      return std::string("an arena is memory mapped by its users; it has no entries to list");
    default:
      return std::nullopt;
  }
}

int map_dump_unsupported_errno(uint32_t type) {
  constexpr int kEnotsupp = 524;  // the kernel's internal ENOTSUPP, seen by user space
  return type == BPF_MAP_TYPE_BLOOM_FILTER || type == BPF_MAP_TYPE_XSKMAP ? EOPNOTSUPP : kEnotsupp;
}

void MapLayout::derive(uint32_t possible_cpus) {
  per_cpu = map_is_per_cpu(type);
  ncpus = per_cpu ? std::max<uint32_t>(possible_cpus, 1) : 1;
  cpu_stride = per_cpu ? round_up8(value_size) : value_size;
  value_stride = ncpus * cpu_stride;
}

Result<MapLayout> map_layout(int fd) {
  auto got = sys::info_of<bpf_map_info>(fd, "map");
  if (!got) return std::move(got).error();
  const bpf_map_info& info = *got;
  MapLayout l;
  static_cast<MapIdentity&>(l) = map_identity(info);
  uint32_t cpus = 1;
  if (map_is_per_cpu(l.type)) {
    int n = libbpf_num_possible_cpus();
    if (n < 0) return Error::sys(-n, "Can't get # of possible cpus");
    cpus = static_cast<uint32_t>(n);
  }
  l.derive(cpus);
  return l;
}

MapReader::MapReader(const sys::MapFd& fd, const MapLayout& layout, Options opt) : fd_(fd.get()), layout_(layout), opt_(opt) {
  const size_t entry = std::max<size_t>(size_t{layout.key_size} + layout.value_stride, 1);
  size_t cap = std::max<size_t>(opt_.batch_bytes / entry, 1);
  if (layout.max_entries) cap = std::min<size_t>(cap, layout.max_entries);
  resize(static_cast<uint32_t>(std::min<size_t>(cap, UINT32_MAX)));
  // Batch positions are a u32 bucket for hash maps and a key elsewhere.
  in_token_.assign(std::max<size_t>(layout.key_size, 8), 0);
  out_token_.assign(in_token_.size(), 0);
  prev_key_.assign(layout.key_size, 0);
  bound_ = layout.max_entries ? layout.max_entries : (uint64_t{1} << 32);
  if (opt_.force_next_key) method_ = Method::NextKey;
}

void MapReader::resize(uint32_t capacity) {
  capacity_ = capacity;
  keys_.resize(static_cast<size_t>(capacity) * layout_.key_size);
  values_.resize(static_cast<size_t>(capacity) * layout_.value_stride);
}

bool MapReader::restartable() const {
  if (is_index_keyed(layout_.type)) return false;
  return !(method_ == Method::Batch && is_bucket_hash(layout_.type));
}

Result<EntryBatch> MapReader::next() {
  if (done_) return EntryBatch{};
  auto b = method_ == Method::Batch ? next_batch() : next_walk();
  if (!b) done_ = true;
  else if (b->count) batches_++;
  return b;
}

// Removes keys already seen in this batch (a restarted walk), keeping order.
uint32_t MapReader::drop_duplicates(uint32_t count) {
  seen_.clear();
  const size_t ks = layout_.key_size, vs = layout_.value_stride;
  uint32_t kept = 0;
  for (uint32_t i = 0; i < count; i++) {
    std::string_view k(reinterpret_cast<const char*>(keys_.data() + i * ks), ks);
    if (!seen_.insert(k).second) continue;
    if (kept != i) {
      // Moving the key invalidates the view just stored: store the moved one.
      std::memmove(keys_.data() + kept * ks, keys_.data() + i * ks, ks);
      std::memmove(values_.data() + kept * vs, values_.data() + i * vs, vs);
      seen_.erase(k);
      seen_.insert(std::string_view(reinterpret_cast<const char*>(keys_.data() + kept * ks), ks));
    }
    kept++;
  }
  seen_.clear();
  return kept;
}

Result<EntryBatch> MapReader::next_batch() {
  for (;;) {
    sys::LookupBatch b;
    b.in_batch = started_ ? in_token_.data() : nullptr;
    b.out_batch = out_token_.data();
    b.keys = keys_.data();
    b.values = values_.data();
    b.count = capacity_;
    auto st = sys::map_lookup_batch(fd_, b);
    if (!st) {
      const int e = st.error().errnum();
      if (e == ENOSPC && (!layout_.max_entries || capacity_ < layout_.max_entries)) {
        // One hash bucket holds more entries than fit: make room and read it again.
        uint64_t grown = uint64_t{capacity_} * 2;
        if (layout_.max_entries) grown = std::min<uint64_t>(grown, layout_.max_entries);
        resize(static_cast<uint32_t>(std::min<uint64_t>(grown, UINT32_MAX)));
        continue;
      }
      if (!started_ && (e == kENOTSUPP || e == EOPNOTSUPP || e == EINVAL)) {
        // No batch operations for this map type (or a kernel before 5.6).
        method_ = Method::NextKey;
        return next_walk();
      }
      return Error::sys(e, "can't read map entries");
    }
    started_ = true;
    std::swap(in_token_, out_token_);
    uint32_t count = b.count;
    // A call that read nothing without reaching the end cannot make progress.
    if (b.done || count == 0) done_ = true;
    if (restartable()) {
      count = drop_duplicates(count);
      if (visited_ + count > bound_) {
        count = static_cast<uint32_t>(bound_ - visited_);
        truncated_ = true;
        done_ = true;
      }
      visited_ += count;
    }
    if (count == 0 && !done_) continue;
    EntryBatch out;
    out.count = count;
    out.keys = keys_.data();
    out.values = values_.data();
    return out;
  }
}

Result<EntryBatch> MapReader::next_walk() {
  if (errors_.size() < capacity_) errors_.assign(capacity_, 0);
  const size_t ks = layout_.key_size, vs = layout_.value_stride;
  const bool check = restartable();
  seen_.clear();
  uint32_t count = 0;
  bool any_error = false;
  while (count < capacity_) {
    uint8_t* key = keys_.data() + count * ks;
    auto st = sys::map_get_next_key(fd_, started_ ? prev_key_.data() : nullptr, key);
    if (!st) {
      if (st.error().errnum() == ENOENT) {
        done_ = true;
        break;
      }
      if (count) {
        // Hand out what was read; the next call reports the error.
        done_ = false;
        break;
      }
      return Error::sys(st.error().errnum(), "can't get next key");
    }
    started_ = true;
    if (ks) std::memcpy(prev_key_.data(), key, ks);
    if (check) {
      if (visited_ >= bound_) {
        truncated_ = true;
        done_ = true;
        break;
      }
      visited_++;
      if (!seen_.insert(std::string_view(reinterpret_cast<const char*>(key), ks)).second) continue;
    }
    uint8_t* value = values_.data() + count * vs;
    auto lk = sys::map_lookup_elem(fd_, key, value);
    errors_[count] = lk ? 0 : lk.error().errnum();
    any_error |= !lk;
    count++;
  }
  seen_.clear();
  EntryBatch out;
  out.count = count;
  out.keys = keys_.data();
  out.values = values_.data();
  out.errors = any_error ? errors_.data() : nullptr;
  return out;
}

Status KvBtf::format(output::JsonWriter& w, bool plain, uint32_t type_id, const uint8_t* data, size_t size) const {
  return btf::Dumper(btf, plain).dump(w, type_id, data, size);
}

Result<KvBtf> map_kv_btf(const MapLayout& l, CollectContext& cc) {
  KvBtf kv;
  if (l.btf_vmlinux_value_type_id) {
    kv.btf = cc.vmlinux_btf();
    if (!kv.btf) return Error::msg("failed to get kernel btf");
    kv.key_type_id = l.btf_key_type_id;
    kv.value_type_id = l.btf_vmlinux_value_type_id;
  } else if (l.btf_value_type_id) {
    kv.btf = cc.btf(l.btf_id);
    if (!kv.btf) return Error::msg("failed to get btf");
    kv.key_type_id = l.btf_key_type_id;
    kv.value_type_id = l.btf_value_type_id;
  }
  return kv;
}

}  // namespace bpftool::model
