// Test object for the map commands: maps of every common type with BTF
// (nested structs, bitfields, enums, unions, char arrays, floats, pointers,
// per-CPU values, map-in-map, prog arrays, queue/stack, ring buffer, perf
// event array) and a tc program that emits records to the last two.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

enum color { RED = 0, GREEN = 5, BLUE = -1 };

struct flow_key {
  __u32 id;
  __u16 port;
  __u8 proto;
  __u8 pad;
};

struct inner {
  __u16 a;
  __u8 b;
  char tag[5];
};

struct bits {
  __u32 lo : 3;
  __u32 mid : 7;
  __u32 hi : 22;
  __u8 flag : 1;
  __s8 sneg : 4;
  __u8 rest : 3;
};

union word {
  __u32 w;
  __u8 bytes[4];
};

struct rich {
  __u64 counter;
  __s32 delta;
  enum color color;
  struct inner in;
  struct bits bits;
  union word u;
  char name[16];
  __u8 raw[3];
  _Bool ok;
  float ratio;
  double avg;
  void *ptr;
  __u32 grid[2][2];
  unsigned __int128 wide;
};

// The same kinds without floats (upstream 7.5 stops at the first float).
struct nofloat {
  void *ptr;
  __u32 grid[2][2];
  unsigned __int128 wide;
  __s64 neg;
  char c;
  enum color col;
  _Bool b;
  char full[4];
  struct bits bits;
  union word u;
};

struct six {
  __u16 a;
  __u16 b;
  __u16 c;
};

struct lpm_key {
  __u32 prefixlen;
  __u8 addr[4];
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 64);
  __type(key, struct flow_key);
  __type(value, struct rich);
} hash_rich SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 4);
  __type(key, __u32);
  __type(value, struct rich);
} array_rich SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 16);
  __type(key, __u32);
  __type(value, __u64);
} hash_u64 SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 16);
  __type(key, __u32);
  __type(value, struct nofloat);
} hash_nofloat SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
  __uint(max_entries, 16);
  __type(key, __u32);
  __type(value, struct six);
} percpu_hash SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 3);
  __type(key, __u32);
  __type(value, __u64);
} percpu_array SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_LRU_HASH);
  __uint(max_entries, 32);
  __type(key, __u64);
  __type(value, enum color);
} lru_hash SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
  __uint(max_entries, 32);
  __type(key, __u32);
  __type(value, __u32);
} lru_percpu SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_LPM_TRIE);
  __uint(max_entries, 16);
  __uint(map_flags, BPF_F_NO_PREALLOC);
  __type(key, struct lpm_key);
  __type(value, __u32);
} lpm SEC(".maps");

struct inner_map {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, __u32);
} inner_a SEC(".maps"), inner_b SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
  __uint(max_entries, 4);
  __type(key, __u32);
  __array(values, struct inner_map);
} outer_array SEC(".maps") = {
    .values = {[1] = &inner_a},
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
  __uint(max_entries, 4);
  __type(key, __u32);
  __array(values, struct inner_map);
} outer_hash SEC(".maps") = {
    .values = {[2] = &inner_b},
};

struct {
  __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
  __uint(max_entries, 4);
  __type(key, __u32);
  __type(value, __u32);
} jmp SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_QUEUE);
  __uint(max_entries, 8);
  __type(value, __u32);
} fifo SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_STACK);
  __uint(max_entries, 8);
  __type(value, struct six);
} lifo SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 4096);
} ring SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
  __uint(key_size, sizeof(__u32));
  __uint(value_size, sizeof(__u32));
} perf SEC(".maps");

struct record {
  __u32 magic;
  __u32 seq;
};

__u32 seq = 0;
const volatile struct six rodata_six = {1, 2, 3};
char data_tag[8] SEC(".data") = "tagged";

SEC("tc")
int emit(struct __sk_buff *skb)
{
  struct record r = {0xfeedbeef, seq++};
  bpf_ringbuf_output(&ring, &r, sizeof(r), 0);
  bpf_perf_event_output(skb, &perf, BPF_F_CURRENT_CPU, &r, sizeof(r));
  return TC_ACT_OK;
}

SEC("tc")
int tail(struct __sk_buff *skb)
{
  bpf_tail_call(skb, &jmp, 0);
  return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
