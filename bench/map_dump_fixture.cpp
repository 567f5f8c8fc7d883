// Map-dump benchmark fixture (bt_map_dump_fixture): creates the maps that
// bench/map_dump.sh dumps, and times a reference bpftool against ours on them.
//
//   bt_map_dump_fixture create DIR [--hash N[,N...]] [--btf N[,N...]]
//       pins DIR/hash_<N>: a hash map of N u32 -> u64 entries without BTF, and
//       DIR/btf_<N>: a hash map of N u32 -> struct flow_stats entries with BTF
//       (ints, a nested struct, an enum, a char array, bitfields)
//   bt_map_dump_fixture time --ref BIN --ours BIN [--reps R] [--warmup W] [--pipe] CMD...
//       runs each CMD ("-j map dump pinned /x/hash_1000000") with both binaries,
//       interleaved, stdout to /dev/null (or, with --pipe, into a pipe this
//       process drains), and prints median wall time, CPU time and peak RSS
//       (ru_maxrss from wait4, what /usr/bin/time -v reports) for each.
//
// Self-contained: libbpf and the kernel UAPI only, no src/ library.
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern char** environ;

namespace {

[[noreturn]] void die(const std::string& msg) {
  std::fprintf(stderr, "bt_map_dump_fixture: %s\n", msg.c_str());
  std::exit(1);
}

std::string errstr() { return std::strerror(errno); }

std::vector<uint32_t> parse_list(const std::string& s) {
  std::vector<uint32_t> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(',', i);
    if (j == std::string::npos) j = s.size();
    out.push_back(static_cast<uint32_t>(std::stoul(s.substr(i, j - i))));
    i = j + 1;
  }
  return out;
}

// ---------------------------------------------------------------- create

// struct flow_stats {                 // 48 bytes
//   __u64 packets;
//   __u64 bytes;
//   struct { __u16 sport; __u16 dport; __u32 saddr; } tuple;
//   enum proto { TCP = 6, UDP = 17 } proto;
//   __u32 syn : 1, fin : 1, rst : 1, window : 29;
//   char comm[16];
// };
struct FlowStats {
  uint64_t packets;
  uint64_t bytes;
  uint16_t sport, dport;
  uint32_t saddr;
  uint32_t proto;
  uint32_t flags;
  char comm[16];
};
static_assert(sizeof(FlowStats) == 48, "flow_stats layout");

int add(int id) {
  if (id <= 0) die("btf__add_*: " + std::to_string(id));
  return id;
}

// Loads the BTF of u32 and struct flow_stats into the kernel.
int load_btf(uint32_t* key_id, uint32_t* value_id) {
  struct btf* b = btf__new_empty();
  if (!b) die("btf__new_empty");
  int u16 = add(btf__add_int(b, "unsigned short", 2, 0));
  int u32 = add(btf__add_int(b, "unsigned int", 4, 0));
  int u64 = add(btf__add_int(b, "unsigned long long", 8, 0));
  int chr = add(btf__add_int(b, "char", 1, BTF_INT_SIGNED));
  int tuple = add(btf__add_struct(b, "tuple", 8));
  btf__add_field(b, "sport", u16, 0, 0);
  btf__add_field(b, "dport", u16, 16, 0);
  btf__add_field(b, "saddr", u32, 32, 0);
  int proto = add(btf__add_enum(b, "proto", 4));
  btf__add_enum_value(b, "TCP", 6);
  btf__add_enum_value(b, "UDP", 17);
  int comm = add(btf__add_array(b, u32, chr, 16));
  int st = add(btf__add_struct(b, "flow_stats", sizeof(FlowStats)));
  btf__add_field(b, "packets", u64, 0, 0);
  btf__add_field(b, "bytes", u64, 64, 0);
  btf__add_field(b, "tuple", tuple, 128, 0);
  btf__add_field(b, "proto", proto, 192, 0);
  btf__add_field(b, "syn", u32, 224, 1);
  btf__add_field(b, "fin", u32, 225, 1);
  btf__add_field(b, "rst", u32, 226, 1);
  btf__add_field(b, "window", u32, 227, 29);
  btf__add_field(b, "comm", comm, 256, 0);
  if (btf__load_into_kernel(b)) die("btf__load_into_kernel: " + errstr());
  int fd = btf__fd(b);
  int dup = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  btf__free(b);
  *key_id = static_cast<uint32_t>(u32);
  *value_id = static_cast<uint32_t>(st);
  return dup;
}

template <class V>
void fill(int fd, uint32_t n, V (*make)(uint32_t)) {
  constexpr uint32_t kChunk = 65536;
  std::vector<uint32_t> keys;
  std::vector<V> values;
  for (uint32_t start = 0; start < n; start += kChunk) {
    uint32_t count = std::min(kChunk, n - start);
    keys.resize(count);
    values.resize(count);
    for (uint32_t i = 0; i < count; i++) {
      // Spread keys so that the hash order is not the insertion order.
      keys[i] = (start + i) * 2654435761u;
      values[i] = make(start + i);
    }
    uint32_t done = count;
    if (bpf_map_update_batch(fd, keys.data(), values.data(), &done, nullptr))
      die("bpf_map_update_batch: " + errstr());
  }
}

uint64_t make_u64(uint32_t i) { return uint64_t{i} * 1000003u; }

FlowStats make_flow(uint32_t i) {
  FlowStats f{};
  f.packets = i;
  f.bytes = uint64_t{i} * 1500;
  f.sport = static_cast<uint16_t>(1024 + i % 60000);
  f.dport = 443;
  f.saddr = 0x0a000000u + i;
  f.proto = i % 3 ? 6 : 17;
  f.flags = (i & 7) | ((i % 65535) << 3);
  std::snprintf(f.comm, sizeof(f.comm), "proc-%u", i % 1000);
  return f;
}

void pin(int fd, const std::string& path) {
  if (bpf_obj_pin(fd, path.c_str())) die("pin " + path + ": " + errstr());
  ::close(fd);
}

int cmd_create(const std::string& dir, const std::vector<uint32_t>& hash, const std::vector<uint32_t>& btf) {
  for (uint32_t n : hash) {
    int fd = bpf_map_create(BPF_MAP_TYPE_HASH, "bench_hash", 4, 8, n, nullptr);
    if (fd < 0) die("map create (" + std::to_string(n) + " entries): " + errstr());
    fill(fd, n, make_u64);
    pin(fd, dir + "/hash_" + std::to_string(n));
    std::printf("- %s/hash_%u: hash, u32 -> u64, %u entries, no BTF\n", dir.c_str(), n, n);
  }
  if (!btf.empty()) {
    uint32_t key_id, value_id;
    int btf_fd = load_btf(&key_id, &value_id);
    for (uint32_t n : btf) {
      LIBBPF_OPTS(bpf_map_create_opts, opts, .btf_fd = static_cast<__u32>(btf_fd), .btf_key_type_id = key_id,
                  .btf_value_type_id = value_id);
      int fd = bpf_map_create(BPF_MAP_TYPE_HASH, "bench_btf", 4, sizeof(FlowStats), n, &opts);
      if (fd < 0) die("map create with BTF (" + std::to_string(n) + " entries): " + errstr());
      fill(fd, n, make_flow);
      pin(fd, dir + "/btf_" + std::to_string(n));
      std::printf("- %s/btf_%u: hash, u32 -> struct flow_stats (48 B, BTF), %u entries\n", dir.c_str(), n, n);
    }
    ::close(btf_fd);
  }
  return 0;
}

// ---------------------------------------------------------------- time

double now_ms() {
  struct timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double tv_ms(const struct timeval& tv) {
  return static_cast<double>(tv.tv_sec) * 1e3 + static_cast<double>(tv.tv_usec) / 1e3;
}

struct Sample {
  double wall_ms = 0, cpu_ms = 0, rss_mib = 0;
  uint64_t bytes = 0;  // output size (--pipe only)
};

Sample run_once(const std::vector<std::string>& argv, bool pipe_out) {
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int p[2] = {-1, -1};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (pipe_out) {
    if (::pipe2(p, O_CLOEXEC)) die("pipe: " + errstr());
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
  } else {
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  }
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid;
  Sample s;
  double t0 = now_ms();
  int err = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (err) die(std::string("spawn ") + args[0] + ": " + std::strerror(err));
  if (pipe_out) {
    ::close(p[1]);
    static char buf[1 << 16];
    for (;;) {
      ssize_t n = ::read(p[0], buf, sizeof(buf));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      s.bytes += static_cast<uint64_t>(n);
    }
    ::close(p[0]);
  }
  int status = 0;
  struct rusage ru{};
  while (::wait4(pid, &status, 0, &ru) < 0)
    if (errno != EINTR) die("wait4: " + errstr());
  s.wall_ms = now_ms() - t0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string line;
    for (const auto& a : argv) line += a + " ";
    die("'" + line + "' failed (status " + std::to_string(status) + ")");
  }
  s.cpu_ms = tv_ms(ru.ru_utime) + tv_ms(ru.ru_stime);
  s.rss_mib = static_cast<double>(ru.ru_maxrss) / 1024.0;
  return s;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') i++;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') j++;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// The command as the table shows it: paths cut to their last component.
std::string display(const std::string& cmd) {
  std::string out;
  for (const auto& w : split_words(cmd)) {
    size_t slash = w.rfind('/');
    out += (out.empty() ? "" : " ") + (slash == std::string::npos ? w : w.substr(slash + 1));
  }
  return out;
}

int cmd_time(const std::string& ref, const std::string& ours, int reps, int warmup, bool pipe_out,
             const std::vector<std::string>& cmds) {
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  std::printf("| command | ref wall (ms) | ours wall (ms) | ratio | ref CPU (ms) | ours CPU (ms) | ref max RSS (MiB) | "
              "ours max RSS (MiB) |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& c : cmds) {
    std::vector<std::string> argv[2];
    for (int b = 0; b < 2; b++) {
      argv[b] = split_words(c);
      argv[b].insert(argv[b].begin(), b ? ours : ref);
    }
    std::vector<double> wall[2], cpu[2], rss[2];
    for (int i = 0; i < warmup + reps; i++) {
      for (int b = 0; b < 2; b++) {
        Sample s = run_once(argv[b], pipe_out);
        if (i < warmup) continue;
        wall[b].push_back(s.wall_ms);
        cpu[b].push_back(s.cpu_ms);
        rss[b].push_back(s.rss_mib);
      }
    }
    double rw = median(wall[0]), ow = median(wall[1]);
    std::printf("| `%s` | %.1f | %.1f | %.1fx | %.1f | %.1f | %.1f | %.1f |\n", display(c).c_str(), rw, ow, rw / ow,
                median(cpu[0]), median(cpu[1]), *std::max_element(rss[0].begin(), rss[0].end()),
                *std::max_element(rss[1].begin(), rss[1].end()));
    std::fflush(stdout);
  }
  return 0;
}

void usage() {
  std::fputs(
      "usage: bt_map_dump_fixture create DIR [--hash N[,N...]] [--btf N[,N...]]\n"
      "       bt_map_dump_fixture time --ref BIN --ours BIN [--reps R] [--warmup W] [--pipe] CMD...\n",
      stderr);
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) usage();
  std::string cmd = argv[1];
  std::string dir, ref, ours;
  std::vector<uint32_t> hash, btf;
  int reps = 5, warmup = 1;
  bool pipe_out = false;
  std::vector<std::string> rest;
  for (int i = 2; i < argc; i++) {
    std::string a = argv[i];
    auto val = [&]() -> std::string {
      if (i + 1 >= argc) usage();
      return argv[++i];
    };
    if (a == "--hash") hash = parse_list(val());
    else if (a == "--btf") btf = parse_list(val());
    else if (a == "--ref") ref = val();
    else if (a == "--ours") ours = val();
    else if (a == "--reps") reps = std::atoi(val().c_str());
    else if (a == "--warmup") warmup = std::atoi(val().c_str());
    else if (a == "--pipe") pipe_out = true;
    else if (cmd == "create" && dir.empty()) dir = a;
    else rest.push_back(a);
  }
  if (cmd == "create" && !dir.empty()) return cmd_create(dir, hash, btf);
  if (cmd == "time" && !ref.empty() && !ours.empty() && !rest.empty() && reps > 0)
    return cmd_time(ref, ours, reps, warmup, pipe_out, rest);
  usage();
}
