#include "model/profiler.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "embedded/embedded.h"
#include "model/libbpf_log.h"
#include "model/prog.h"
#include "sys/caps.h"
#include "sys/fd.h"
#include "sys/libbpf_ptr.h"

namespace bpftool::model {

namespace {

constexpr size_t kMaxMetrics = 4;

uint64_t cache_config(uint64_t cache, uint64_t op, uint64_t result) { return cache | (op << 8) | (result << 16); }

// The name the profiled program has in BTF (fentry/fexit attach by name).
Result<std::string> target_name(int fd) {
  auto h = prog_head(fd);
  if (!h) return Error::sys(h.error().errnum(), "failed to get info for the program");
  const bpf_prog_info& info = h->info;
  const bpf_func_info& func = h->first_func;
  if (!info.btf_id) return Error::msg("the program has no BTF: fentry/fexit profiling needs it");
  if (!info.nr_func_info) return Error::msg("the program has no func_info: fentry/fexit profiling needs it");
  sys::BtfPtr btf(btf__load_from_kernel_by_id(info.btf_id));
  if (libbpf_get_error(btf.get()))
    return Error::msg("failed to load BTF " + std::to_string(info.btf_id) + " of the program");
  const struct btf_type* t = btf__type_by_id(btf.get(), func.type_id);
  std::string name = t ? btf__name_by_offset(btf.get(), t->name_off) : "";
  if (name.empty()) return Error::msg("BTF " + std::to_string(info.btf_id) + " doesn't name the program");
  return name;
}

}  // namespace

const std::vector<ProfileMetric>& profile_metrics() {
  static const std::vector<ProfileMetric> kMetrics = {
      {"cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, 0, "", 1.0},
      {"instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS, 1, "insns per cycle", 1.0},
      {"l1d_loads", PERF_TYPE_HW_CACHE,
       cache_config(PERF_COUNT_HW_CACHE_L1D, PERF_COUNT_HW_CACHE_OP_READ, PERF_COUNT_HW_CACHE_RESULT_ACCESS), 0, "", 1.0},
      {"llc_misses", PERF_TYPE_HW_CACHE,
       cache_config(PERF_COUNT_HW_CACHE_LL, PERF_COUNT_HW_CACHE_OP_READ, PERF_COUNT_HW_CACHE_RESULT_MISS), 2,
       "LLC misses per million insns", 1e6},
      {"itlb_misses", PERF_TYPE_HW_CACHE,
       cache_config(PERF_COUNT_HW_CACHE_ITLB, PERF_COUNT_HW_CACHE_OP_READ, PERF_COUNT_HW_CACHE_RESULT_MISS), 2,
       "itlb misses per million insns", 1e6},
      {"dtlb_misses", PERF_TYPE_HW_CACHE,
       cache_config(PERF_COUNT_HW_CACHE_DTLB, PERF_COUNT_HW_CACHE_OP_READ, PERF_COUNT_HW_CACHE_RESULT_MISS), 2,
       "dtlb misses per million insns", 1e6},
  };
  return kMetrics;
}

struct ProfileSession::Impl {
  sys::ObjectPtr obj;
  std::vector<sys::LinkPtr> links;
  std::vector<sys::Fd> events;
  std::vector<size_t> metrics;
  unsigned num_cpu = 0;
};

ProfileSession::~ProfileSession() = default;

Result<std::unique_ptr<ProfileSession>> ProfileSession::start(
    int prog_fd, std::vector<size_t> metrics, bool debug, const std::function<void(const std::string&)>& note) {
  if (metrics.empty()) return Error::msg("no metric given");
  if (metrics.size() > kMaxMetrics)
    return Error::msg("too many (" + std::to_string(metrics.size()) + ") metrics, please specify no more than " +
                      std::to_string(kMaxMetrics) + " metrics at a time");
  auto name = target_name(prog_fd);
  if (!name) return std::move(name).error();
  int ncpu = libbpf_num_possible_cpus();
  if (ncpu <= 0) return Error::msg("failed to identify number of CPUs");

  std::unique_ptr<ProfileSession> s(new ProfileSession());
  s->impl_ = std::make_unique<Impl>();
  Impl& im = *s->impl_;
  im.metrics = std::move(metrics);
  im.num_cpu = static_cast<unsigned>(ncpu);

  // libbpf's messages are shown (whole) under -d only.
  LibbpfCapture capture(debug ? std::optional(LibbpfCapture::ReplayOnExit{true, 0}) : std::nullopt);

  LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "profiler");
  im.obj.reset(bpf_object__open_mem(embedded::profiler_bpf_o, embedded::profiler_bpf_o_size, &opts));
  if (!im.obj) return Error::sys(errno, "failed to open the embedded profiler object");

  // Set num_cpu/num_metric in .rodata before load, by their BTF offsets.
  const uint32_t num_metric = static_cast<uint32_t>(im.metrics.size());
  struct bpf_map* map;
  bpf_object__for_each_map(map, im.obj.get()) {
    std::string mname = bpf_map__name(map);
    if (mname.size() >= 7 && mname.compare(mname.size() - 7, 7, ".rodata") == 0) {
      size_t sz = 0;
      const auto* init = static_cast<const uint8_t*>(bpf_map__initial_value(map, &sz));
      const struct btf* btf = bpf_object__btf(im.obj.get());
      int sec_id = btf ? btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC) : -1;
      if (!init || sec_id < 0) return Error::msg("the embedded profiler has no .rodata section");
      std::vector<uint8_t> data(init, init + sz);
      const struct btf_type* sec = btf__type_by_id(btf, sec_id);
      const struct btf_var_secinfo* v = btf_var_secinfos(sec);
      for (unsigned i = 0; i < btf_vlen(sec); i++, v++) {
        const char* vn = btf__name_by_offset(btf, btf__type_by_id(btf, v->type)->name_off);
        uint32_t val = std::strcmp(vn, "num_cpu") == 0 ? im.num_cpu : num_metric;
        if (v->offset + sizeof(val) <= sz) std::memcpy(data.data() + v->offset, &val, sizeof(val));
      }
      if (int err = bpf_map__set_initial_value(map, data.data(), data.size()); err)
        return Error::msg(-err, "failed to set the profiler's parameters");
    } else if (mname == "events") {
      bpf_map__set_max_entries(map, num_metric * im.num_cpu);
    } else if (mname == "fentry_readings" || mname == "accum_readings") {
      bpf_map__set_max_entries(map, num_metric);
    } else if (mname == "counts") {
      bpf_map__set_max_entries(map, 1);
    }
  }
  struct bpf_program* prog;
  bpf_object__for_each_program(prog, im.obj.get()) {
    if (int err = bpf_program__set_attach_target(prog, prog_fd, name->c_str()); err)
      return Error::msg(-err, "failed to set attach target: " + std::string(std::strerror(-err)));
  }
  if (int err = bpf_object__load(im.obj.get()); err) {
    std::string msg = "failed to load the profiler (fentry/fexit programs): " + std::string(std::strerror(-err));
    if (err == -EPERM) msg += sys::bpf_hint();
    return Error::msg(-err, msg);
  }

  // One counter per metric per CPU, stored metric-major in the events map.
  int events_fd = bpf_map__fd(bpf_object__find_map_by_name(im.obj.get(), "events"));
  uint32_t slot = 0;
  for (size_t m : im.metrics) {
    const ProfileMetric& pm = profile_metrics()[m];
    for (unsigned cpu = 0; cpu < im.num_cpu; cpu++, slot++) {
      struct perf_event_attr attr;
      std::memset(&attr, 0, sizeof(attr));
      attr.size = sizeof(attr);
      attr.type = pm.perf_type;
      attr.config = pm.perf_config;
      attr.exclude_user = 1;
      int fd = static_cast<int>(::syscall(__NR_perf_event_open, &attr, -1, static_cast<int>(cpu), -1, 0));
      if (fd < 0) {
        if (errno == ENODEV) {
          note("cpu " + std::to_string(cpu) + " may be offline, skip " + std::string(pm.name) + " profiling.");
          continue;
        }
        int e = errno;
        std::string msg = "failed to create event " + std::string(pm.name) + " on cpu " + std::to_string(cpu) +
                          ": " + std::strerror(e);
        if (e == ENOENT || e == EOPNOTSUPP) msg += " (this machine has no such hardware counter)";
        return Error::msg(e, msg);
      }
      sys::Fd owned(fd);
      if (bpf_map_update_elem(events_fd, &slot, &fd, BPF_ANY) || ::ioctl(fd, PERF_EVENT_IOC_ENABLE, 0))
        return Error::sys(errno, "failed to set up event " + std::string(pm.name) + " on cpu " + std::to_string(cpu));
      im.events.push_back(std::move(owned));
    }
  }
  bpf_object__for_each_program(prog, im.obj.get()) {
    struct bpf_link* link = bpf_program__attach(prog);
    if (libbpf_get_error(link)) {
      int e = errno;
      std::string msg = "failed to attach the profiler: " + std::string(std::strerror(e));
      if (e == EPERM) msg += sys::bpf_hint();
      return Error::msg(e, msg);
    }
    im.links.emplace_back(link);
  }
  return s;
}

Result<ProfileResult> ProfileSession::finish() {
  Impl& im = *impl_;
  im.links.clear();  // stop counting before reading
  im.events.clear();
  ProfileResult r;
  const unsigned n = im.num_cpu;
  std::vector<uint64_t> counts(n);
  uint32_t key = 0;
  int counts_fd = bpf_map__fd(bpf_object__find_map_by_name(im.obj.get(), "counts"));
  if (bpf_map_lookup_elem(counts_fd, &key, counts.data())) return Error::sys(errno, "failed to read count_map");
  for (uint64_t c : counts) r.run_cnt += c;
  int accum_fd = bpf_map__fd(bpf_object__find_map_by_name(im.obj.get(), "accum_readings"));
  struct Value {
    uint64_t counter, enabled, running;
  };
  std::vector<Value> values(n);
  for (size_t i = 0; i < im.metrics.size(); i++) {
    key = static_cast<uint32_t>(i);
    if (bpf_map_lookup_elem(accum_fd, &key, values.data())) return Error::sys(errno, "failed to read reading_map");
    ProfileReading pr;
    pr.metric = im.metrics[i];
    for (const auto& v : values) {
      pr.counter += v.counter;
      pr.enabled += v.enabled;
      pr.running += v.running;
    }
    r.readings.push_back(pr);
  }
  return r;
}

}  // namespace bpftool::model
