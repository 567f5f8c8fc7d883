// IdMultimap: id → values with libbpf's hashmap iteration order. Upstream prints
// pinned paths and `btf show` id lists in the order its libbpf hashmap yields
// them (newest first within a bucket, reshuffled on growth); scripts and our
// byte-for-byte compatibility depend on that order, so we reproduce it.
#pragma once

#include <cstdint>
#include <vector>

namespace bpftool::model {

template <class V>
class IdMultimap {
 public:
  /// hashmap__append(key, value).
  void append(uint64_t key, V value) {
    if (cap() == 0 || (entries_.size() + 1) * 4 / 3 > cap()) grow();
    size_t h = hash_bits(key, cap_bits_);
    entries_.push_back(Entry{key, std::move(value), buckets_[h]});
    buckets_[h] = static_cast<int>(entries_.size() - 1);
  }
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }

  /// hashmap__for_each_key_entry(key): calls fn(value) in libbpf's order.
  template <class F>
  void for_each(uint64_t key, F&& fn) const {
    if (buckets_.empty()) return;
    for (int i = buckets_[hash_bits(key, cap_bits_)]; i >= 0; i = entries_[i].next)
      if (entries_[i].key == key) fn(entries_[i].value);
  }
  /// The values of one key, in that order.
  std::vector<V> values(uint64_t key) const {
    std::vector<V> out;
    for_each(key, [&](const V& v) { out.push_back(v); });
    return out;
  }

 private:
  struct Entry {
    uint64_t key;
    V value;
    int next;
  };
  size_t cap() const { return buckets_.size(); }
  static size_t hash_bits(uint64_t h, unsigned bits) {
    if (bits == 0) return 0;
    return static_cast<size_t>((h * 11400714819323198485ull) >> (64 - bits));
  }
  void grow() {
    unsigned new_bits = cap_bits_ + 1 < 2 ? 2 : cap_bits_ + 1;
    std::vector<int> nb(size_t{1} << new_bits, -1);
    // Old buckets in order, each chain from its head, prepended to the new chains.
    for (size_t b = 0; b < buckets_.size(); b++) {
      for (int i = buckets_[b]; i >= 0;) {
        int next = entries_[i].next;
        size_t h = hash_bits(entries_[i].key, new_bits);
        entries_[i].next = nb[h];
        nb[h] = i;
        i = next;
      }
    }
    buckets_ = std::move(nb);
    cap_bits_ = new_bits;
  }

  std::vector<Entry> entries_;
  std::vector<int> buckets_;
  unsigned cap_bits_ = 0;
};

}  // namespace bpftool::model
