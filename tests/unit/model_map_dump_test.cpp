// model/map_dump: MapReader against a fake hash map behind the swappable bpf()
// entry point: BPF_MAP_LOOKUP_BATCH by buckets (ENOSPC when a bucket does not
// fit, ENOENT at the end), the get-next-key fallback (which restarts from the
// first key when its key was deleted, as the kernel's hash maps do), lookup
// errors, and a map that changes under every call: no key twice in a batch,
// and a walk that always ends.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <linux/bpf.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include "model/map_dump.h"
#include "sys/bpf.h"

namespace bpftool::model {
namespace {

constexpr int kENOTSUPP = 524;

// u32 → u64 entries in `nbuckets` buckets (key % nbuckets), iterated bucket
// by bucket, keys in order within a bucket.
struct FakeHash {
  uint32_t nbuckets = 8;
  std::map<uint32_t, uint64_t> entries;
  bool batch_supported = true;
  std::set<uint32_t> lookup_enoent;  // lookups of these keys fail with ENOENT
  int next_key_error_after = -1;     // get-next-key fails with EPERM after this many calls
  std::function<void(int cmd, const union bpf_attr&)> on_call;  // changes the map before each call
  int batch_calls = 0, next_key_calls = 0, lookup_calls = 0;

  std::vector<uint32_t> bucket(uint32_t b) const {
    std::vector<uint32_t> keys;
    for (const auto& [k, v] : entries)
      if (k % nbuckets == b) keys.push_back(k);
    return keys;
  }
  std::vector<uint32_t> order() const {
    std::vector<uint32_t> all;
    for (uint32_t b = 0; b < nbuckets; b++)
      for (uint32_t k : bucket(b)) all.push_back(k);
    return all;
  }
};

FakeHash* g_map = nullptr;

// bpf attrs carry user pointers as u64.
void* ptr(uint64_t v) { return reinterpret_cast<void*>(v); }  // NOLINT(performance-no-int-to-ptr)

long fake_bpf(int cmd, union bpf_attr* attr, unsigned int) {
  FakeHash& m = *g_map;
  if (m.on_call) m.on_call(cmd, *attr);
  switch (cmd) {
    case BPF_MAP_LOOKUP_BATCH: {
      m.batch_calls++;
      if (!m.batch_supported) {
        errno = kENOTSUPP;
        return -1;
      }
      uint32_t b = 0;
      if (attr->batch.in_batch) std::memcpy(&b, ptr(attr->batch.in_batch), 4);
      const uint32_t max = attr->batch.count;
      auto* keys = static_cast<uint32_t*>(ptr(attr->batch.keys));
      auto* values = static_cast<uint64_t*>(ptr(attr->batch.values));
      uint32_t total = 0;
      for (; b < m.nbuckets; b++) {
        auto in_bucket = m.bucket(b);
        if (in_bucket.size() > max - total) {
          if (total == 0) {
            attr->batch.count = 0;
            errno = ENOSPC;
            return -1;
          }
          break;
        }
        for (uint32_t k : in_bucket) {
          keys[total] = k;
          values[total] = m.entries[k];
          total++;
        }
      }
      attr->batch.count = total;
      std::memcpy(ptr(attr->batch.out_batch), &b, 4);
      if (b >= m.nbuckets) {
        errno = ENOENT;
        return -1;
      }
      return 0;
    }
    case BPF_MAP_GET_NEXT_KEY: {
      m.next_key_calls++;
      if (m.next_key_error_after >= 0 && m.next_key_calls > m.next_key_error_after) {
        errno = EPERM;
        return -1;
      }
      auto order = m.order();
      size_t i = 0;
      if (attr->key) {
        uint32_t k;
        std::memcpy(&k, ptr(attr->key), 4);
        auto it = std::find(order.begin(), order.end(), k);
        // A key that is gone: start over from the first key, as htab does.
        i = it == order.end() ? 0 : static_cast<size_t>(it - order.begin()) + 1;
      }
      if (i >= order.size()) {
        errno = ENOENT;
        return -1;
      }
      std::memcpy(ptr(attr->next_key), &order[i], 4);
      return 0;
    }
    case BPF_MAP_LOOKUP_ELEM: {
      m.lookup_calls++;
      uint32_t k;
      std::memcpy(&k, ptr(attr->key), 4);
      auto it = m.entries.find(k);
      if (it == m.entries.end() || m.lookup_enoent.count(k)) {
        errno = ENOENT;
        return -1;
      }
      std::memcpy(ptr(attr->value), &it->second, 8);
      return 0;
    }
    default:
      errno = ENOSYS;
      return -1;
  }
}

class MapReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_map = &map_;
    prev_ = sys::set_bpf_syscall(fake_bpf);
    layout_.type = BPF_MAP_TYPE_HASH;
    layout_.key_size = 4;
    layout_.value_size = 8;
    layout_.max_entries = 64;
    layout_.derive(1);
  }
  void TearDown() override {
    sys::set_bpf_syscall(prev_);
    g_map = nullptr;
  }
  void fill(uint32_t n) {
    for (uint32_t k = 1; k <= n; k++) map_.entries[k] = uint64_t{k} * 1000;
  }

  struct Read {
    std::vector<std::vector<uint32_t>> batches;  // keys per batch
    std::map<uint32_t, uint64_t> values;
    std::vector<uint32_t> failed;  // keys whose lookup failed
    Status status;
  };
  Read read_all(MapReader& r, int max_batches = 10000) {
    Read out;
    for (int i = 0; i < max_batches; i++) {
      auto b = r.next();
      if (!b) {
        out.status = std::move(b).error();
        return out;
      }
      if (b->count == 0) return out;
      std::vector<uint32_t> keys;
      for (uint32_t j = 0; j < b->count; j++) {
        uint32_t k;
        uint64_t v;
        std::memcpy(&k, b->key(j, layout_), 4);
        std::memcpy(&v, b->value(j, layout_), 8);
        keys.push_back(k);
        if (b->error(j)) out.failed.push_back(k);
        else out.values[k] = v;
      }
      out.batches.push_back(keys);
    }
    ADD_FAILURE() << "the reader did not end";
    return out;
  }
  static size_t total(const Read& r) {
    size_t n = 0;
    for (const auto& b : r.batches) n += b.size();
    return n;
  }
  static bool unique_in_each_batch(const Read& r) {
    for (const auto& b : r.batches)
      if (std::set<uint32_t>(b.begin(), b.end()).size() != b.size()) return false;
    return true;
  }

  FakeHash map_;
  // Any open fd: the fake bpf() ignores it.
  sys::MapFd fd_{sys::Fd(::open("/dev/null", O_RDONLY | O_CLOEXEC))};
  MapLayout layout_;
  sys::BpfSyscallFn prev_ = nullptr;
};

TEST_F(MapReaderTest, batch_lookup_reads_every_entry_once) {
  fill(40);
  MapReader r(fd_, layout_);
  auto got = read_all(r);
  ASSERT_TRUE(got.status) << got.status.error().message();
  EXPECT_EQ(r.method(), MapReader::Method::Batch);
  EXPECT_EQ(got.values, map_.entries);
  EXPECT_EQ(total(got), 40u);
  EXPECT_EQ(map_.next_key_calls, 0);
  EXPECT_EQ(map_.lookup_calls, 0);
  EXPECT_FALSE(r.truncated());
}

TEST_F(MapReaderTest, batches_are_sized_by_bytes) {
  fill(40);
  MapReader::Options opt;
  opt.batch_bytes = 12 * 10;  // 10 entries of 4 + 8 bytes
  MapReader r(fd_, layout_, opt);
  EXPECT_EQ(r.capacity(), 10u);
  auto got = read_all(r);
  ASSERT_TRUE(got.status);
  EXPECT_EQ(got.values, map_.entries);
  for (const auto& b : got.batches) EXPECT_LE(b.size(), 10u);
  EXPECT_GE(got.batches.size(), 4u);
}

TEST_F(MapReaderTest, a_bucket_larger_than_the_batch_grows_it) {
  map_.nbuckets = 2;
  fill(20);  // 10 keys per bucket
  MapReader::Options opt;
  opt.batch_bytes = 12 * 3;
  MapReader r(fd_, layout_, opt);
  auto got = read_all(r);
  ASSERT_TRUE(got.status) << got.status.error().message();
  EXPECT_EQ(got.values, map_.entries);
  EXPECT_GE(r.capacity(), 10u);
}

TEST_F(MapReaderTest, falls_back_to_get_next_key_without_batch_support) {
  fill(30);
  map_.batch_supported = false;
  MapReader::Options opt;
  opt.batch_bytes = 12 * 7;
  MapReader r(fd_, layout_, opt);
  auto got = read_all(r);
  ASSERT_TRUE(got.status) << got.status.error().message();
  EXPECT_EQ(r.method(), MapReader::Method::NextKey);
  EXPECT_EQ(got.values, map_.entries);
  EXPECT_EQ(map_.batch_calls, 1);
  EXPECT_EQ(map_.lookup_calls, 30);
  EXPECT_TRUE(unique_in_each_batch(got));
}

TEST_F(MapReaderTest, forced_walk_reports_failed_lookups_per_entry) {
  fill(5);
  map_.lookup_enoent = {2, 4};
  MapReader::Options opt;
  opt.force_next_key = true;
  MapReader r(fd_, layout_, opt);
  auto got = read_all(r);
  ASSERT_TRUE(got.status);
  EXPECT_EQ(map_.batch_calls, 0);
  EXPECT_EQ(got.failed, (std::vector<uint32_t>{2, 4}));
  EXPECT_EQ(got.values.size(), 3u);
}

TEST_F(MapReaderTest, an_error_mid_walk_hands_out_what_was_read_first) {
  fill(10);
  map_.batch_supported = false;
  map_.next_key_error_after = 4;
  MapReader r(fd_, layout_);
  auto first = r.next();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->count, 4u);
  auto second = r.next();
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().message(), "can't get next key: Operation not permitted");
  auto after = r.next();  // finished
  ASSERT_TRUE(after);
  EXPECT_EQ(after->count, 0u);
}

TEST_F(MapReaderTest, a_walk_whose_keys_vanish_ends_without_repeating_keys_in_a_batch) {
  // Every third key is deleted (and a new one added) between its lookup and the
  // get-next-key call that starts from it: the hash walk restarts from the
  // first key each time.
  fill(16);
  map_.batch_supported = false;
  uint32_t next_new = 1000;
  int calls = 0;
  map_.on_call = [&](int cmd, const union bpf_attr& attr) {
    if (cmd != BPF_MAP_GET_NEXT_KEY || !attr.key || ++calls % 3) return;
    uint32_t k;
    std::memcpy(&k, ptr(attr.key), 4);
    map_.entries.erase(k);
    map_.entries[next_new++] = 7;
  };
  MapReader::Options opt;
  opt.batch_bytes = 12 * 8;
  MapReader r(fd_, layout_, opt);
  auto got = read_all(r);
  ASSERT_TRUE(got.status) << got.status.error().message();
  ASSERT_FALSE(got.batches.empty());
  EXPECT_TRUE(unique_in_each_batch(got));
  EXPECT_LE(total(got), layout_.max_entries);
  EXPECT_LE(map_.next_key_calls, static_cast<int>(layout_.max_entries) + 2);
}

TEST_F(MapReaderTest, a_walk_that_keeps_restarting_stops_at_max_entries) {
  // A map whose get-next-key always restarts: the same keys come back forever.
  fill(3);
  layout_.max_entries = 50;
  map_.batch_supported = false;
  map_.on_call = [&](int cmd, const union bpf_attr&) {
    // Re-create the map under the walk: the key asked about is always gone.
    if (cmd != BPF_MAP_GET_NEXT_KEY) return;
    std::map<uint32_t, uint64_t> fresh;
    for (const auto& [k, v] : map_.entries) fresh[k + 100] = v;
    map_.entries.swap(fresh);
  };
  MapReader::Options opt;
  opt.batch_bytes = 12 * 4;
  MapReader r(fd_, layout_, opt);
  auto got = read_all(r, 200);
  ASSERT_TRUE(got.status) << got.status.error().message();
  EXPECT_TRUE(r.truncated());
  EXPECT_TRUE(unique_in_each_batch(got));
  EXPECT_LE(map_.next_key_calls, 51);
}

TEST_F(MapReaderTest, batches_of_a_changing_hash_never_repeat_a_key) {
  // Entries come and go between batch calls; bucket order means no key twice.
  fill(40);
  uint32_t round = 0;
  map_.on_call = [&](int cmd, const union bpf_attr&) {
    if (cmd != BPF_MAP_LOOKUP_BATCH) return;
    round++;
    map_.entries.erase(round);
    map_.entries[500 + round] = 1;
  };
  MapReader::Options opt;
  opt.batch_bytes = 12 * 5;
  MapReader r(fd_, layout_, opt);
  auto got = read_all(r);
  ASSERT_TRUE(got.status);
  std::vector<uint32_t> all;
  for (const auto& b : got.batches) all.insert(all.end(), b.begin(), b.end());
  EXPECT_EQ(std::set<uint32_t>(all.begin(), all.end()).size(), all.size());
  EXPECT_FALSE(r.truncated());
}

TEST(MapLayoutTest, per_cpu_strides) {
  MapLayout l;
  l.type = BPF_MAP_TYPE_PERCPU_ARRAY;
  l.key_size = 4;
  l.value_size = 12;
  l.derive(4);
  EXPECT_TRUE(l.per_cpu);
  EXPECT_EQ(l.ncpus, 4u);
  EXPECT_EQ(l.cpu_stride, 16u);
  EXPECT_EQ(l.value_stride, 64u);
  l.type = BPF_MAP_TYPE_HASH;
  l.derive(4);
  EXPECT_FALSE(l.per_cpu);
  EXPECT_EQ(l.ncpus, 1u);
  EXPECT_EQ(l.value_stride, 12u);
}

TEST(MapDumpSupport, names_why_a_type_cannot_be_dumped) {
  EXPECT_TRUE(map_dump_unsupported_reason(BPF_MAP_TYPE_RINGBUF));
  EXPECT_NE(map_dump_unsupported_reason(BPF_MAP_TYPE_PERF_EVENT_ARRAY)->find("event_pipe"), std::string::npos);
  EXPECT_TRUE(map_dump_unsupported_reason(BPF_MAP_TYPE_SK_STORAGE));
  EXPECT_FALSE(map_dump_unsupported_reason(BPF_MAP_TYPE_HASH));
  EXPECT_FALSE(map_dump_unsupported_reason(BPF_MAP_TYPE_QUEUE));  // its head is shown
  EXPECT_TRUE(map_is_queue_or_stack(BPF_MAP_TYPE_STACK));
}

TEST(MapDumpSupport, the_error_carries_the_kernels_errno) {
  EXPECT_EQ(map_dump_unsupported_errno(BPF_MAP_TYPE_BLOOM_FILTER), EOPNOTSUPP);
  EXPECT_EQ(map_dump_unsupported_errno(BPF_MAP_TYPE_XSKMAP), EOPNOTSUPP);
  EXPECT_EQ(map_dump_unsupported_errno(BPF_MAP_TYPE_RINGBUF), 524);
  EXPECT_EQ(map_dump_unsupported_errno(BPF_MAP_TYPE_SK_STORAGE), 524);
  // And the exit status follows upstream's -errno returns.
  EXPECT_EQ(Error::errno_exit_status(EOPNOTSUPP), 161);
  EXPECT_EQ(Error::errno_exit_status(524), 244);
  EXPECT_EQ(Error::errno_exit_status(ENOENT), 254);
  EXPECT_EQ(Error::errno_exit_status(EINVAL), 234);
  EXPECT_EQ(Error::errno_exit_status(256), 255);  // never 0 for a failure
}

}  // namespace
}  // namespace bpftool::model
