// `map dump`, `lookup` and `getnext` side by side with a reference upstream
// bpftool (7.5 or later), when one is installed: the same maps must give
// byte-identical plain, compact JSON and pretty JSON output. Skipped when no
// reference binary is found (set BT_REFERENCE_BPFTOOL). Maps whose values
// hold floats are left out: upstream cannot print them (see bpftool-map.8).
#include <gtest/gtest.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "support/bpf_object.h"
#include "support/kernel.h"
#include "support/kernel_test.h"
#include "support/run.h"

namespace bpftool::test {
namespace {

std::string reference_bpftool(std::string* why) {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("BT_REFERENCE_BPFTOOL")) candidates.emplace_back(env);
  candidates.emplace_back("/opt/bpftool-ref/bpftool");
  candidates.emplace_back("/usr/sbin/bpftool");
  for (const auto& bin : candidates) {
    if (::access(bin.c_str(), X_OK) != 0) continue;
    auto r = run_command({bin, "version"});
    unsigned major = 0, minor = 0;
    if (std::sscanf(r.out.c_str(), "%*s v%u.%u", &major, &minor) != 2) continue;
    if (major > 7 || (major == 7 && minor >= 5)) return bin;
    *why += bin + " is too old; ";
  }
  *why += "no reference bpftool >= 7.5 found (set BT_REFERENCE_BPFTOOL)";
  return {};
}

class MapReference : public KernelTest {
 protected:
  void SetUp() override {
    KernelTest::SetUp();
    if (IsSkipped()) return;
    std::string why;
    ref_ = reference_bpftool(&why);
    if (ref_.empty()) GTEST_SKIP() << why;
  }
  // The same stdout and exit status in plain, -j and -p.
  void expect_same(const std::vector<std::string>& args) {
    for (const char* mode : {"", "-j", "-p"}) {
      std::vector<std::string> a;
      if (*mode) a.emplace_back(mode);
      a.insert(a.end(), args.begin(), args.end());
      SCOPED_TRACE(::testing::PrintToString(a));
      std::vector<std::string> argv{ref_};
      argv.insert(argv.end(), a.begin(), a.end());
      auto theirs = run_command(argv);
      auto ours = run_bpftool(a);
      EXPECT_EQ(ours.out, theirs.out);
      EXPECT_EQ(ours.status, theirs.status) << ours.err << theirs.err;
    }
  }
  std::string ref_;
};

template <class T>
void put(int fd, uint32_t key, const T& value) {
  ASSERT_EQ(bpf_map_update_elem(fd, &key, &value, BPF_ANY), 0) << std::strerror(errno);
}

TEST_F(MapReference, dump_lookup_and_getnext_match_upstream) {
  auto obj = LoadedObject::load("maps");
  ASSERT_TRUE(obj) << obj.error().message();
  // hash_nofloat: pointers, nested arrays, __int128, enums, bools, char
  // arrays that are not strings, bitfields, unions.
  std::vector<uint8_t> nf(96, 0);
  auto at = [&](size_t off, const void* p, size_t n) { std::memcpy(nf.data() + off, p, n); };
  uint64_t ptr = 0xffff888012345678ull, lo = 0x1122334455667788ull, hi = 0x99;
  int64_t neg = -5;
  uint32_t grid[4] = {1, 2, 3, 4}, green = 5, bits = 5 | (100u << 3) | (12345u << 10), u = 0x61626364;
  at(0, &ptr, 8);
  at(8, grid, 16);
  at(32, &lo, 8);
  at(40, &hi, 8);
  at(48, &neg, 8);
  nf[56] = 'A';
  at(60, &green, 4);
  nf[64] = 1;
  at(65, "abcd", 4);
  at(72, &bits, 4);
  nf[76] = 1 | (0b1010 << 1) | (3 << 5);
  at(80, &u, 4);
  uint32_t k1 = 1, k2 = 2;
  ASSERT_EQ(bpf_map_update_elem(obj->map_fd("hash_nofloat"), &k1, nf.data(), BPF_ANY), 0);
  std::vector<uint8_t> nf2(96, 0);
  nf2[65] = 'a';
  nf2[66] = 1;
  ASSERT_EQ(bpf_map_update_elem(obj->map_fd("hash_nofloat"), &k2, nf2.data(), BPF_ANY), 0);
  put(obj->map_fd("hash_u64"), 7, uint64_t{0x0102030405060708ull});
  put(obj->map_fd("hash_u64"), 9, uint64_t{42});
  put(obj->map_fd("lru_hash"), 1, uint32_t{5});
  std::vector<uint64_t> per_cpu(static_cast<size_t>(libbpf_num_possible_cpus()), 0);
  for (size_t c = 0; c < per_cpu.size(); c++) per_cpu[c] = 0x10000 * (c + 1) + 0x0003000200ull;
  uint32_t pkey = 3;
  // percpu_hash values are struct six (6 bytes), each CPU's copy padded to 8.
  ASSERT_EQ(bpf_map_update_elem(obj->map_fd("percpu_hash"), &pkey, per_cpu.data(), BPF_ANY), 0);
  uint32_t zero = 0;
  ASSERT_EQ(bpf_map_update_elem(obj->map_fd("percpu_array"), &zero, per_cpu.data(), BPF_ANY), 0);
  uint32_t prog = static_cast<uint32_t>(obj->prog_fd("emit"));
  put(obj->map_fd("jmp"), 0, prog);
  struct {
    uint32_t prefixlen;
    uint8_t addr[4];
  } lpm = {24, {10, 1, 2, 0}};
  uint32_t one = 1;
  ASSERT_EQ(bpf_map_update_elem(obj->map_fd("lpm"), &lpm, &one, BPF_ANY), 0);
  uint32_t q = 0xabcd;
  ASSERT_EQ(bpf_map_update_elem(obj->map_fd("fifo"), nullptr, &q, BPF_ANY), 0);

  for (const char* m : {"hash_nofloat", "hash_u64", "lru_hash", "percpu_hash", "percpu_array", "jmp", "lpm",
                        "outer_array", "outer_hash", "maps.rodata", "maps.data", "maps.bss"}) {
    std::string id = std::to_string(obj->map_id(m));
    expect_same({"map", "dump", "id", id});
  }
  const std::string nfid = std::to_string(obj->map_id("hash_nofloat"));
  expect_same({"map", "lookup", "id", nfid, "key", "1", "0", "0", "0"});
  expect_same({"map", "lookup", "id", nfid, "key", "hex", "02", "00", "00", "00"});
  expect_same({"map", "lookup", "id", nfid, "key", "3", "0", "0", "0"});  // miss: 254
  expect_same({"map", "getnext", "id", nfid});
  const std::string u64 = std::to_string(obj->map_id("hash_u64"));
  expect_same({"map", "lookup", "id", u64, "key", "7", "0", "0", "0"});
  expect_same({"map", "lookup", "id", std::to_string(obj->map_id("percpu_array")), "key", "0", "0", "0", "0"});
  expect_same({"map", "getnext", "id", std::to_string(obj->map_id("percpu_array")), "key", "0", "0", "0", "0"});
  expect_same({"map", "peek", "id", std::to_string(obj->map_id("fifo"))});
  expect_same({"map", "lookup", "id", std::to_string(obj->map_id("outer_array")), "key", "1", "0", "0", "0"});

  // Maps without BTF: hex lines, line breaking by size.
  auto small = TestMap::create(BPF_MAP_TYPE_HASH, 4, 4, 8);
  auto wide_hash = TestMap::create(BPF_MAP_TYPE_HASH, 12, 40, 2);
  ASSERT_TRUE(small && wide_hash);
  put(small->fd.get(), 3, uint32_t{0xff000001});
  std::vector<uint8_t> big(40);
  for (size_t i = 0; i < big.size(); i++) big[i] = static_cast<uint8_t>(i * 7);
  std::vector<uint8_t> k12(12, 0);
  k12[0] = 1;
  ASSERT_EQ(bpf_map_update_elem(wide_hash->fd.get(), k12.data(), big.data(), BPF_ANY), 0);
  expect_same({"map", "dump", "id", std::to_string(small->id)});
  expect_same({"map", "dump", "id", std::to_string(wide_hash->id)});
  expect_same({"map", "getnext", "id", std::to_string(small->id)});
}

}  // namespace
}  // namespace bpftool::test
