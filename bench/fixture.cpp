// bt_bench_fixture: creates, holds and times the objects of the show-command benchmark.
// It only ever touches what it created: pins under the directory it is given (a private bpffs
// mounted by bench/run.sh) and the kernel objects behind them. It never reads src/.
//
//   bt_bench_fixture create DIR [--progs N] [--maps M]   load, pin under DIR, exit
//   bt_bench_fixture hold DIR [--ready FILE]             open every pin under DIR, hold the fds
//                                                        until SIGTERM/SIGINT or the parent dies
//   bt_bench_fixture time --ref BIN --ours BIN [--reps R] [--warmup W] [--tsv FILE] CMD...
//                                                        time each CMD ("-j prog show") for both
//                                                        binaries, interleaved, print medians
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

extern char** environ;

namespace {

[[noreturn]] void die(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::fputs("bt_bench_fixture: ", stderr);
  std::vfprintf(stderr, fmt, ap);
  std::fputc('\n', stderr);
  va_end(ap);
  std::exit(1);
}

// An owned fd; the fixture closes what it does not need as soon as it is pinned.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int raw) : raw_(raw) {}
  Fd(Fd&& o) noexcept : raw_(std::exchange(o.raw_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      reset();
      raw_ = std::exchange(o.raw_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return raw_; }
  void reset() {
    if (raw_ >= 0) ::close(raw_);
    raw_ = -1;
  }

 private:
  int raw_ = -1;
};

struct BtfDeleter {
  void operator()(struct btf* b) const { btf__free(b); }
};
using BtfPtr = std::unique_ptr<struct btf, BtfDeleter>;

void check_btf_id(int id, const char* what) {
  if (id < 0) die("btf__add_%s: %s", what, std::strerror(-id));
}

void raise_rlimit(int resource, bool to_max) {
  struct rlimit r;
  if (::getrlimit(resource, &r) != 0) return;
  r.rlim_cur = to_max ? r.rlim_max : RLIM_INFINITY;
  if (!to_max) r.rlim_max = RLIM_INFINITY;
  (void)::setrlimit(resource, &r);  // best effort; a failure shows up as a load error
}

void pin(int fd, const std::string& path) {
  if (bpf_obj_pin(fd, path.c_str()) != 0) die("pin %s: %s", path.c_str(), std::strerror(errno));
}

// ---------------------------------------------------------------- create

constexpr bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm) {
  bpf_insn i{};
  i.code = code;
  i.dst_reg = dst & 0xf;
  i.src_reg = src & 0xf;
  i.off = off;
  i.imm = imm;
  return i;
}

// A socket filter that references `map_fds` (one ld_imm64 each, so they become the
// program's map_ids) and returns 0.
std::vector<bpf_insn> socket_filter(const std::vector<int>& map_fds) {
  std::vector<bpf_insn> v;
  for (int fd : map_fds) {
    v.push_back(insn(BPF_LD | BPF_DW | BPF_IMM, BPF_REG_1, BPF_PSEUDO_MAP_FD, 0, fd));
    v.push_back(insn(0, 0, 0, 0, 0));
  }
  v.push_back(insn(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0));
  v.push_back(insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
  return v;
}

Fd load_prog(const char* name, const std::vector<bpf_insn>& insns, int btf_fd,
             const bpf_func_info* fi) {
  LIBBPF_OPTS(bpf_prog_load_opts, opts);
  if (btf_fd >= 0) {
    opts.prog_btf_fd = static_cast<uint32_t>(btf_fd);
    opts.func_info = fi;
    opts.func_info_cnt = 1;
    opts.func_info_rec_size = sizeof(*fi);
  }
  int fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, name, "GPL", insns.data(), insns.size(), &opts);
  if (fd < 0) {
    // Reload with the verifier log, only to say why.
    static char log[65536];
    opts.log_buf = log;
    opts.log_size = sizeof(log);
    opts.log_level = 1;
    int err = errno;
    (void)bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, name, "GPL", insns.data(), insns.size(), &opts);
    die("load prog %s: %s\n%s", name, std::strerror(err), log);
  }
  return Fd(fd);
}

Fd create_map(bpf_map_type type, const char* name, uint32_t key, uint32_t value, uint32_t entries,
              int btf_fd = -1, uint32_t key_type = 0, uint32_t value_type = 0) {
  LIBBPF_OPTS(bpf_map_create_opts, opts);
  if (btf_fd >= 0) {
    opts.btf_fd = static_cast<uint32_t>(btf_fd);
    opts.btf_key_type_id = key_type;
    opts.btf_value_type_id = value_type;
  }
  int fd = bpf_map_create(type, name, key, value, entries, &opts);
  if (fd < 0) die("create map %s: %s", name, std::strerror(errno));
  return Fd(fd);
}

// The BTF of one "object file" holding two programs: their FUNCs, and a .rodata DATASEC
// with two bpf_metadata_* variables (what `prog show` prints as metadata).
struct ObjBtf {
  BtfPtr btf;
  int func_ids[2] = {0, 0};
  int datasec_id = 0;
  uint32_t rodata_size = 0;
};

constexpr uint32_t kMetaNameLen = 16;

ObjBtf make_obj_btf(int obj) {
  ObjBtf o;
  o.btf.reset(btf__new_empty());
  if (!o.btf) die("btf__new_empty: %s", std::strerror(errno));
  struct btf* b = o.btf.get();
  int int_id = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
  check_btf_id(int_id, "int");
  int char_id = btf__add_int(b, "char", 1, BTF_INT_CHAR);
  check_btf_id(char_id, "int");
  int void_ptr = btf__add_ptr(b, 0);
  check_btf_id(void_ptr, "ptr");
  int proto = btf__add_func_proto(b, int_id);
  check_btf_id(proto, "func_proto");
  check_btf_id(btf__add_func_param(b, "ctx", void_ptr), "func_param");
  for (int k = 0; k < 2; k++) {
    char fname[64];
    // Longer than 15 characters: the kernel keeps the first 15, bpftool shows this one.
    std::snprintf(fname, sizeof(fname), "bench_socket_filter_%05d", obj * 2 + k);
    o.func_ids[k] = btf__add_func(b, fname, BTF_FUNC_GLOBAL, proto);
    check_btf_id(o.func_ids[k], "func");
  }
  int arr = btf__add_array(b, int_id, char_id, kMetaNameLen);
  check_btf_id(arr, "array");
  int var_name = btf__add_var(b, "bpf_metadata_name", BTF_VAR_GLOBAL_ALLOCATED, arr);
  check_btf_id(var_name, "var");
  int var_ver = btf__add_var(b, "bpf_metadata_version", BTF_VAR_GLOBAL_ALLOCATED, int_id);
  check_btf_id(var_ver, "var");
  o.rodata_size = kMetaNameLen + 4;
  o.datasec_id = btf__add_datasec(b, ".rodata", o.rodata_size);
  check_btf_id(o.datasec_id, "datasec");
  check_btf_id(btf__add_datasec_var_info(b, var_name, 0, kMetaNameLen), "datasec_var_info");
  check_btf_id(btf__add_datasec_var_info(b, var_ver, kMetaNameLen, 4), "datasec_var_info");
  if (btf__load_into_kernel(b) != 0) die("load BTF of object %d: %s", obj, std::strerror(errno));
  return o;
}

// The BTF shared by a group of data maps: int key, struct value.
struct MapBtf {
  BtfPtr btf;
  int key_id = 0;
  int value_id = 0;
};

constexpr uint32_t kValueSize = 16;

MapBtf make_map_btf() {
  MapBtf m;
  m.btf.reset(btf__new_empty());
  if (!m.btf) die("btf__new_empty: %s", std::strerror(errno));
  struct btf* b = m.btf.get();
  m.key_id = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
  check_btf_id(m.key_id, "int");
  int u64 = btf__add_int(b, "long long unsigned int", 8, 0);
  check_btf_id(u64, "int");
  int u32 = btf__add_int(b, "unsigned int", 4, 0);
  check_btf_id(u32, "int");
  m.value_id = btf__add_struct(b, "bench_value", kValueSize);
  check_btf_id(m.value_id, "struct");
  check_btf_id(btf__add_field(b, "packets", u64, 0, 0), "field");
  check_btf_id(btf__add_field(b, "flags", u32, 64, 0), "field");
  check_btf_id(btf__add_field(b, "ifindex", u32, 96, 0), "field");
  if (btf__load_into_kernel(b) != 0) die("load map BTF: %s", std::strerror(errno));
  return m;
}

struct CreateCounts {
  int progs = 0, progs_btf = 0, progs_with_maps = 0;
  int maps = 0, maps_btf = 0, rodata = 0, btf_objects = 0;
};

int cmd_create(const std::string& dir, int nprogs, int nmaps) {
  raise_rlimit(RLIMIT_MEMLOCK, false);  // pre-5.11 kernels charge maps to RLIMIT_MEMLOCK
  raise_rlimit(RLIMIT_NOFILE, true);     // the data maps programs reference stay open
  libbpf_set_strict_mode(LIBBPF_STRICT_ALL);
  const std::string pdir = dir + "/progs", mdir = dir + "/maps";
  if (::mkdir(pdir.c_str(), 0700) != 0) die("mkdir %s: %s", pdir.c_str(), std::strerror(errno));
  if (::mkdir(mdir.c_str(), 0700) != 0) die("mkdir %s: %s", mdir.c_str(), std::strerror(errno));

  // Programs come in fours: two plain ones (the second references a data map) and an
  // "object" of two with BTF func_info, long names and a .rodata map holding metadata.
  const int nobjs = nprogs / 4;
  const int ndata = nmaps - nobjs;
  if (ndata < 1) die("--maps must exceed --progs/4 (the .rodata maps)");
  CreateCounts c;

  // Data maps: hash/array/percpu_array/percpu_hash (and a prog_array every 100th);
  // every other one has BTF, shared by groups of 50 maps (like one object file).
  std::vector<int> data_ids;  // map index → pinned name index
  std::vector<Fd> prog_ref_maps;  // the data maps programs reference, held until loaded
  const int nref = std::max(1, nprogs / 2);
  MapBtf mbtf;
  for (int j = 0; j < ndata; j++) {
    if (j % 50 == 0) {
      mbtf = make_map_btf();
      c.btf_objects++;
    }
    bpf_map_type type;
    switch (j % 10) {
      case 0: case 1: case 2: case 3: type = BPF_MAP_TYPE_HASH; break;
      case 4: case 5: case 6: type = BPF_MAP_TYPE_ARRAY; break;
      case 7: case 8: type = BPF_MAP_TYPE_PERCPU_ARRAY; break;
      default: type = BPF_MAP_TYPE_PERCPU_HASH; break;
    }
    if (j % 100 == 99) type = BPF_MAP_TYPE_PROG_ARRAY;
    char name[32];
    // Half the names use all 15 characters the kernel keeps.
    if (j % 2) std::snprintf(name, sizeof(name), "bench_map_%05d", j);
    else std::snprintf(name, sizeof(name), "bm%d", j);
    const bool with_btf = j % 2 == 0 && type != BPF_MAP_TYPE_PROG_ARRAY;
    Fd fd = type == BPF_MAP_TYPE_PROG_ARRAY
                ? create_map(type, name, 4, 4, 8)
                : create_map(type, name, 4, kValueSize, 32, with_btf ? btf__fd(mbtf.btf.get()) : -1,
                             static_cast<uint32_t>(mbtf.key_id), static_cast<uint32_t>(mbtf.value_id));
    c.maps++;
    c.maps_btf += with_btf;
    pin(fd.get(), mdir + "/data_" + std::to_string(j));
    if (static_cast<int>(prog_ref_maps.size()) < nref && type != BPF_MAP_TYPE_PROG_ARRAY)
      prog_ref_maps.push_back(std::move(fd));
  }
  mbtf = MapBtf{};

  ObjBtf ob;  // the current object's BTF and .rodata map, live for its two programs
  Fd rodata;
  for (int i = 0; i < nprogs; i++) {
    const int obj = i / 4, slot = i % 4;
    const int data_fd = prog_ref_maps[static_cast<size_t>(i) % prog_ref_maps.size()].get();
    Fd prog;
    if (slot < 2 || obj >= nobjs) {
      char name[16];
      std::snprintf(name, sizeof(name), "bp_%d", i);
      std::vector<int> refs;
      if (slot == 1) refs.push_back(data_fd);
      prog = load_prog(name, socket_filter(refs), -1, nullptr);
      c.progs_with_maps += !refs.empty();
    } else {
      // One BTF and one .rodata map per object, made when its first program is loaded.
      if (slot == 2) {
        ob = make_obj_btf(obj);
        c.btf_objects++;
        char rname[32];  // libbpf truncates to the kernel's 15 characters
        std::snprintf(rname, sizeof(rname), "b%d.rodata", obj);
        rodata = create_map(BPF_MAP_TYPE_ARRAY, rname, 4, ob.rodata_size, 1, btf__fd(ob.btf.get()),
                            0, static_cast<uint32_t>(ob.datasec_id));
        std::vector<char> value(ob.rodata_size, 0);
        char meta[32];
        std::snprintf(meta, sizeof(meta), "bench_obj_%d", obj);
        std::memcpy(value.data(), meta, std::min<size_t>(std::strlen(meta), kMetaNameLen - 1));
        int version = obj;
        std::memcpy(value.data() + kMetaNameLen, &version, sizeof(version));
        int key = 0;
        if (bpf_map_update_elem(rodata.get(), &key, value.data(), BPF_ANY) != 0)
          die("update .rodata: %s", std::strerror(errno));
        if (bpf_map_freeze(rodata.get()) != 0) die("freeze .rodata: %s", std::strerror(errno));
        pin(rodata.get(), mdir + "/rodata_" + std::to_string(obj));
        c.maps++;
        c.maps_btf++;
        c.rodata++;
      }
      char fname[64];
      std::snprintf(fname, sizeof(fname), "bench_socket_filter_%05d", obj * 2 + (slot - 2));
      char kname[16];
      std::snprintf(kname, sizeof(kname), "%.15s", fname);  // what libbpf passes: 15 chars
      bpf_func_info fi{};
      fi.insn_off = 0;
      fi.type_id = static_cast<uint32_t>(ob.func_ids[slot - 2]);
      prog = load_prog(kname, socket_filter({rodata.get(), data_fd}), btf__fd(ob.btf.get()), &fi);
      c.progs_btf++;
      c.progs_with_maps++;
      if (slot == 3) {
        rodata.reset();
        ob = ObjBtf{};
      }
    }
    pin(prog.get(), pdir + "/prog_" + std::to_string(i));
    c.progs++;
  }
  std::printf(
      "created %d progs (%d with BTF func_info and 15+ char names, %d referencing maps), "
      "%d maps (%d with BTF, %d .rodata with metadata), %d BTF objects, pinned under %s\n",
      c.progs, c.progs_btf, c.progs_with_maps, c.maps, c.maps_btf, c.rodata, c.btf_objects,
      dir.c_str());
  return 0;
}

// ---------------------------------------------------------------- hold

volatile sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

void open_pins(const std::string& dir, std::vector<Fd>& fds) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) die("opendir %s: %s", dir.c_str(), std::strerror(errno));
  while (struct dirent* de = ::readdir(d)) {
    if (de->d_name[0] == '.') continue;
    std::string path = dir + "/" + de->d_name;
    if (de->d_type == DT_DIR) {
      open_pins(path, fds);
      continue;
    }
    int fd = bpf_obj_get(path.c_str());
    if (fd < 0) die("open pin %s: %s", path.c_str(), std::strerror(errno));
    fds.emplace_back(fd);
  }
  ::closedir(d);
}

int cmd_hold(const std::string& dir, const std::string& ready) {
  // Die with the script that started us, however it ends.
  if (::prctl(PR_SET_PDEATHSIG, SIGTERM) != 0) die("prctl: %s", std::strerror(errno));
  struct sigaction sa{};
  sa.sa_handler = on_signal;
  ::sigaction(SIGTERM, &sa, nullptr);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGHUP, &sa, nullptr);
  raise_rlimit(RLIMIT_NOFILE, true);
  std::vector<Fd> fds;
  // Only our own subdirectories: a fresh bpffs also holds the kernel's preload iterators.
  open_pins(dir + "/progs", fds);
  open_pins(dir + "/maps", fds);
  if (!ready.empty()) {
    FILE* f = std::fopen(ready.c_str(), "w");
    if (!f) die("write %s: %s", ready.c_str(), std::strerror(errno));
    std::fprintf(f, "%d %zu\n", static_cast<int>(::getpid()), fds.size());
    std::fclose(f);
  }
  while (!g_stop) ::pause();
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
  double wall_ms, cpu_ms;
};

// One run, stdout and stderr to /dev/null (as hyperfine does). Wall time covers
// posix_spawn to wait4; CPU time is the child's user+sys from wait4's rusage.
Sample run_once(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid;
  double t0 = now_ms();
  int err = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (err) die("spawn %s: %s", args[0], std::strerror(err));
  int status = 0;
  struct rusage ru{};
  while (::wait4(pid, &status, 0, &ru) < 0)
    if (errno != EINTR) die("wait4: %s", std::strerror(errno));
  double t1 = now_ms();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string line;
    for (const auto& a : argv) line += a + " ";
    die("'%s' failed (status %d)", line.c_str(), status);
  }
  return {t1 - t0, tv_ms(ru.ru_utime) + tv_ms(ru.ru_stime)};
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

int cmd_time(const std::string& ref, const std::string& ours, int reps, int warmup,
             const std::string& tsv, const std::vector<std::string>& cmds) {
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // stop timing when the script is gone
  struct Row {
    std::string cmd;
    std::vector<std::string> argv[2];
    std::vector<double> wall[2], cpu[2];
  };
  std::vector<Row> rows;
  for (const auto& c : cmds) {
    Row r;
    r.cmd = c;
    for (int b = 0; b < 2; b++) {
      r.argv[b].push_back(b == 0 ? ref : ours);
      for (auto& w : split_words(c)) r.argv[b].push_back(w);
    }
    rows.push_back(std::move(r));
  }
  // Interleaved: every repetition runs every command on both binaries, alternating which
  // binary goes first, so that load from other tenants hits both alike.
  for (int rep = 0; rep < warmup + reps; rep++) {
    for (auto& r : rows) {
      for (int k = 0; k < 2; k++) {
        int b = (rep + k) % 2;
        Sample s = run_once(r.argv[b]);
        if (rep >= warmup) {
          r.wall[b].push_back(s.wall_ms);
          r.cpu[b].push_back(s.cpu_ms);
        }
      }
    }
  }
  FILE* out = tsv.empty() ? nullptr : std::fopen(tsv.c_str(), "a");
  if (!tsv.empty() && !out) die("open %s: %s", tsv.c_str(), std::strerror(errno));
  std::printf("| command | ref wall ms | ours wall ms | ratio ref/ours | ref cpu ms | ours cpu ms | cpu ratio |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|\n");
  for (auto& r : rows) {
    double rw = median(r.wall[0]), ow = median(r.wall[1]);
    double rc = median(r.cpu[0]), oc = median(r.cpu[1]);
    std::printf("| `%s` | %.2f | %.2f | %.2f× | %.2f | %.2f | %.2f× |\n", r.cmd.c_str(), rw, ow,
                rw / ow, rc, oc, oc > 0 ? rc / oc : 0.0);
    if (out) {
      std::fprintf(out, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f", r.cmd.c_str(), rw, ow, rw / ow, rc, oc);
      for (int b = 0; b < 2; b++) {
        std::fputc('\t', out);
        for (size_t i = 0; i < r.wall[b].size(); i++)
          std::fprintf(out, "%s%.3f", i ? "," : "", r.wall[b][i]);
      }
      std::fputc('\n', out);
    }
  }
  std::fflush(stdout);
  if (out) std::fclose(out);
  return 0;
}

int usage() {
  std::fputs(
      "usage: bt_bench_fixture create DIR [--progs N] [--maps M]\n"
      "       bt_bench_fixture hold DIR [--ready FILE]\n"
      "       bt_bench_fixture time --ref BIN --ours BIN [--reps R] [--warmup W] [--tsv FILE] "
      "CMD...\n",
      stderr);
  return 2;
}

int to_int(const char* s) {
  char* end = nullptr;
  long v = std::strtol(s, &end, 10);
  if (!*s || *end || v < 0 || v > 1000000) die("bad number '%s'", s);
  return static_cast<int>(v);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string cmd = argv[1];
  std::vector<std::string> rest;
  std::string ref, ours, tsv, ready;
  int progs = 1000, maps = 5000, reps = 15, warmup = 2;
  for (int i = 2; i < argc; i++) {
    std::string a = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) die("%s needs a value", a.c_str());
      return argv[++i];
    };
    if (a == "--progs") progs = to_int(value());
    else if (a == "--maps") maps = to_int(value());
    else if (a == "--reps") reps = std::max(1, to_int(value()));
    else if (a == "--warmup") warmup = to_int(value());
    else if (a == "--ref") ref = value();
    else if (a == "--ours") ours = value();
    else if (a == "--tsv") tsv = value();
    else if (a == "--ready") ready = value();
    else rest.push_back(a);
  }
  if (cmd == "create" && rest.size() == 1) return cmd_create(rest[0], progs, maps);
  if (cmd == "hold" && rest.size() == 1) return cmd_hold(rest[0], ready);
  if (cmd == "time" && !ref.empty() && !ours.empty() && !rest.empty())
    return cmd_time(ref, ours, reps, warmup, tsv, rest);
  return usage();
}
