// Reading a map's entries: MapLayout (the facts every reader and renderer of
// entries needs) and MapReader, which hands out entries one bounded batch at a
// time: BPF_MAP_LOOKUP_BATCH where the kernel has it for the map type, else the
// get-next-key + lookup walk. Never prints; never holds the whole map.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/context.h"
#include "model/map.h"
#include "model/prog.h"
#include "sys/typed_fd.h"
#include "output/json_writer.h"

namespace bpftool::model {

/// Upstream's map kind tests.
bool map_is_per_cpu(uint32_t type);    // percpu_hash/array, lru_percpu_hash, percpu_cgroup_storage
bool map_is_map_of_maps(uint32_t type);  // array_of_maps, hash_of_maps
bool map_is_prog_array(uint32_t type);
bool map_is_queue_or_stack(uint32_t type);

/// Why `map dump` cannot list a map type's entries (a sentence naming what to
/// use instead), or nullopt when it can. Queues and stacks are listed through
/// their head only and are not in this list.
std::optional<std::string> map_dump_unsupported_reason(uint32_t type);
/// The errno the kernel gives when such a map is walked or read (upstream's
/// dump fails with it, and its exit status follows): EOPNOTSUPP for bloom
/// filters and XSK maps, ENOTSUPP (524) for the others.
int map_dump_unsupported_errno(uint32_t type);

/// Everything entry readers and renderers need about one map.
struct MapLayout : MapIdentity {
  bool per_cpu = false;
  /// Values per entry: the number of possible CPUs for per-CPU maps, else 1.
  uint32_t ncpus = 1;
  /// Bytes between two CPUs' copies of a value (value_size rounded up to 8) for
  /// per-CPU maps; value_size otherwise.
  uint32_t cpu_stride = 0;
  /// Bytes of one entry's value as the kernel copies it out (ncpus * cpu_stride).
  uint32_t value_stride = 0;

  /// Fills the derived fields (per_cpu, ncpus, strides) from type and sizes.
  void derive(uint32_t possible_cpus);
};

/// BPF_OBJ_GET_INFO_BY_FD + the possible CPU count ("can't get map info: ...").
Result<MapLayout> map_layout(int fd);

/// The BTF that formats a map's keys and values (upstream's get_map_kv_btf).
/// Renderers hold it as an opaque formatter: they see bytes and a writer.
struct KvBtf {
  const struct btf* btf = nullptr;  // nullptr: no value type, print hex
  uint32_t key_type_id = 0;         // 0: the key is not formatted
  uint32_t value_type_id = 0;

  /// Writes `size` bytes of type `type_id` as a BTF value: upstream's plain
  /// variant (pointers as %p, ...) when `plain`, its JSON one otherwise.
  /// Output written before a failure stays, as upstream's.
  Status format(output::JsonWriter& w, bool plain, uint32_t type_id, const uint8_t* data, size_t size) const;
};

/// Upstream's get_map_kv_btf: vmlinux BTF for struct_ops values, the map's own
/// BTF when it has a value type, none otherwise ("failed to get btf").
Result<KvBtf> map_kv_btf(const MapLayout& l, CollectContext& cc);

/// One batch of entries, valid until the next call to MapReader::next().
struct EntryBatch {
  uint32_t count = 0;
  const uint8_t* keys = nullptr;    // count * key_size bytes
  const uint8_t* values = nullptr;  // count * value_stride bytes
  /// Per entry: 0, or the errno of its lookup (get-next-key walk only; the
  /// value bytes are then meaningless). nullptr when every lookup succeeded.
  const int* errors = nullptr;

  const uint8_t* key(uint32_t i, const MapLayout& l) const { return keys + static_cast<size_t>(i) * l.key_size; }
  const uint8_t* value(uint32_t i, const MapLayout& l) const {
    return values + static_cast<size_t>(i) * l.value_stride;
  }
  int error(uint32_t i) const { return errors ? errors[i] : 0; }
};

/// Walks a map's entries in batches of bounded size.
///
/// Consistency while the map changes under it (documented in bpftool-map.8):
/// - hash maps read with BPF_MAP_LOOKUP_BATCH go bucket by bucket; each bucket
///   is copied under its lock, so every key appears at most once in the whole
///   dump, and an entry added or removed during the dump may or may not appear;
/// - walks that can restart (get-next-key on a key deleted meanwhile makes hash
///   maps and LPM tries start over from their first key) never return a key twice
///   within one batch, and stop after max_entries keys, with truncated() set;
/// - array maps always list each index once.
class MapReader {
 public:
  enum class Method { Batch, NextKey };
  struct Options {
    size_t batch_bytes = size_t{1} << 20;  // key + value bytes per batch (at least one entry)
    bool force_next_key = false;           // tests: skip BPF_MAP_LOOKUP_BATCH
  };

  /// `fd` must stay open while the reader is used (read access is enough).
  /// `fd` must outlive the reader.
  MapReader(const sys::MapFd& fd, const MapLayout& layout, Options opt);
  MapReader(const sys::MapFd& fd, const MapLayout& layout) : MapReader(fd, layout, Options{}) {}

  /// The next entries; a batch of count 0 means the end. After an error the
  /// reader is finished.
  Result<EntryBatch> next();

  /// How the entries were read (Batch until the kernel refused it).
  Method method() const { return method_; }
  /// Entries per batch (grows when one hash bucket does not fit).
  uint32_t capacity() const { return capacity_; }
  /// The walk stopped at its bound (max_entries keys) before the kernel said
  /// "no more keys": the map was changing and the walk kept restarting.
  bool truncated() const { return truncated_; }
  /// Batches handed out so far, and lookups that failed in the walk.
  uint64_t batches() const { return batches_; }

 private:
  Result<EntryBatch> next_batch();
  Result<EntryBatch> next_walk();
  void resize(uint32_t capacity);
  bool restartable() const;
  uint32_t drop_duplicates(uint32_t count);

  int fd_;
  const MapLayout& layout_;
  Options opt_;
  Method method_ = Method::Batch;
  uint32_t capacity_ = 1;
  std::vector<uint8_t> keys_, values_;
  std::vector<int> errors_;
  std::vector<uint8_t> in_token_, out_token_;  // BPF_MAP_LOOKUP_BATCH positions
  std::vector<uint8_t> prev_key_;                // get-next-key position
  std::unordered_set<std::string_view> seen_;    // keys of the current batch (restartable walks)
  bool started_ = false;
  bool done_ = false;
  bool truncated_ = false;
  uint64_t visited_ = 0;  // keys read so far (restartable walks)
  uint64_t bound_ = 0;
  uint64_t batches_ = 0;
};

}  // namespace bpftool::model
