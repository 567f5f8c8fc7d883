// model/IdMultimap must yield values in libbpf hashmap order (hashmap__append +
// hashmap__for_each_key_entry), which upstream prints for `btf show` id lists
// and for multiple pinned paths.
#include <gtest/gtest.h>

#include <cstdint>
#include <list>
#include <random>
#include <string>
#include <vector>

#include "model/id_multimap.h"

namespace bpftool::model {
namespace {

using Ids = std::vector<uint32_t>;

IdMultimap<uint32_t> build(const std::vector<std::pair<uint64_t, uint32_t>>& seq) {
  IdMultimap<uint32_t> m;
  for (const auto& [k, v] : seq) m.append(k, v);
  return m;
}

TEST(IdMultimap, empty_map_has_no_values) {
  IdMultimap<uint32_t> m;
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(m.size(), 0u);
  EXPECT_TRUE(m.values(46).empty());
  int calls = 0;
  m.for_each(46, [&](uint32_t) { calls++; });
  EXPECT_EQ(calls, 0);
}

TEST(IdMultimap, single_value) {
  auto m = build({{46, 122}});
  EXPECT_FALSE(m.empty());
  EXPECT_EQ(m.size(), 1u);
  EXPECT_EQ(m.values(46), (Ids{122}));
  EXPECT_TRUE(m.values(47).empty());
}

TEST(IdMultimap, appends_go_to_the_head_of_the_bucket) {
  // Capacity 4 after the first insert; no growth for the second: newest first.
  EXPECT_EQ(build({{46, 122}, {46, 123}}).values(46), (Ids{123, 122}));
  EXPECT_EQ(build({{7, 1}, {7, 2}, {7, 3}}).values(7), (Ids{3, 2, 1}));
}

TEST(IdMultimap, growth_reverses_chains) {
  // 4th insert: (3+1)*4/3 = 5 > 4 grows to 8 buckets; the rehash walks the old
  // chain 3,2,1 head first and prepends, giving 1,2,3; then 4 goes on top.
  EXPECT_EQ(build({{5, 1}, {5, 2}, {5, 3}, {5, 4}}).values(5), (Ids{4, 1, 2, 3}));
  // 7th insert: (6+1)*4/3 = 9 > 8 grows to 16: chain 6,5,4,1,2,3 reverses.
  EXPECT_EQ(build({{5, 1}, {5, 2}, {5, 3}, {5, 4}, {5, 5}, {5, 6}, {5, 7}}).values(5),
            (Ids{7, 3, 2, 1, 4, 5, 6}));
}

TEST(IdMultimap, matches_observed_btf_show_prog_ids) {
  // errors.md §6: progs (btf_id, prog_id) in ascending prog id order.
  auto m = build({{46, 122}, {46, 123}, {57, 129}, {57, 130}, {68, 136}, {68, 138}});
  EXPECT_EQ(m.values(46), (Ids{122, 123}));
  EXPECT_EQ(m.values(57), (Ids{130, 129}));
  EXPECT_EQ(m.values(68), (Ids{138, 136}));
}

TEST(IdMultimap, matches_observed_order_after_more_programs) {
  // The same system after three more programs with BTF 79 were loaded: the
  // extra growth reorders every list.
  auto m = build({{46, 122}, {46, 123}, {57, 129}, {57, 130}, {68, 136}, {68, 138},
                  {79, 152}, {79, 153}, {79, 154}});
  EXPECT_EQ(m.values(46), (Ids{123, 122}));
  EXPECT_EQ(m.values(57), (Ids{129, 130}));
  EXPECT_EQ(m.values(68), (Ids{136, 138}));
  EXPECT_EQ(m.values(79), (Ids{154, 153, 152}));
}

TEST(IdMultimap, keys_sharing_a_bucket_are_filtered) {
  // With 4 buckets, hash_bits(57) == hash_bits(68) == 0; values stay per key.
  auto m = build({{57, 1}, {68, 2}});
  EXPECT_EQ(m.values(57), (Ids{1}));
  EXPECT_EQ(m.values(68), (Ids{2}));
}

TEST(IdMultimap, for_each_yields_values_in_the_same_order) {
  auto m = build({{46, 122}, {46, 123}, {57, 129}, {57, 130}, {68, 136}, {68, 138}});
  Ids seen;
  m.for_each(57, [&](uint32_t v) { seen.push_back(v); });
  EXPECT_EQ(seen, (Ids{130, 129}));
}

TEST(IdMultimap, holds_strings) {
  IdMultimap<std::string> m;
  m.append(90, "/sys/fs/bpf/a");
  m.append(90, "/sys/fs/bpf/b");
  EXPECT_EQ(m.values(90), (std::vector<std::string>{"/sys/fs/bpf/b", "/sys/fs/bpf/a"}));
}

// An independent, literal transcription of libbpf's hashmap (buckets of
// singly linked lists), to compare against on many random sequences.
class ReferenceHashmap {
 public:
  void append(uint64_t key, uint32_t value) {
    if (cap_ == 0 || (sz_ + 1) * 4 / 3 > cap_) grow();
    buckets_[hash_bits(key, cap_bits_)].push_front({key, value});
    sz_++;
  }
  Ids values(uint64_t key) const {
    Ids out;
    if (cap_ == 0) return out;
    for (const auto& e : buckets_[hash_bits(key, cap_bits_)])
      if (e.first == key) out.push_back(e.second);
    return out;
  }

 private:
  static size_t hash_bits(uint64_t h, unsigned bits) {
    return bits == 0 ? 0 : static_cast<size_t>((h * 11400714819323198485llu) >> (64 - bits));
  }
  void grow() {
    unsigned nb = cap_bits_ + 1 < 2 ? 2 : cap_bits_ + 1;
    std::vector<std::list<std::pair<uint64_t, uint32_t>>> fresh(size_t{1} << nb);
    for (auto& bucket : buckets_)
      for (auto& e : bucket) fresh[hash_bits(e.first, nb)].push_front(e);
    buckets_ = std::move(fresh);
    cap_bits_ = nb;
    cap_ = size_t{1} << nb;
  }
  std::vector<std::list<std::pair<uint64_t, uint32_t>>> buckets_;
  unsigned cap_bits_ = 0;
  size_t cap_ = 0, sz_ = 0;
};

TEST(IdMultimap, agrees_with_a_reference_hashmap_on_random_sequences) {
  std::mt19937_64 rng(12345);
  for (int round = 0; round < 200; round++) {
    IdMultimap<uint32_t> m;
    ReferenceHashmap ref;
    size_t n = rng() % 300;
    uint64_t key_space = 1 + rng() % 40;
    for (size_t i = 0; i < n; i++) {
      uint64_t k = 1 + rng() % key_space;
      m.append(k, static_cast<uint32_t>(i));
      ref.append(k, static_cast<uint32_t>(i));
    }
    for (uint64_t k = 0; k <= key_space + 1; k++) ASSERT_EQ(m.values(k), ref.values(k)) << "round " << round;
  }
}

}  // namespace
}  // namespace bpftool::model
