// `prog profile`: hardware counters read around every run of a program by an
// embedded fentry/fexit object, accumulated per metric.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace bpftool::model {

struct ProfileMetric {
  std::string_view name;
  uint32_t perf_type;
  uint64_t perf_config;
  int ratio_of;  // index+1 of the metric this one is divided by, 0 for none
  std::string_view ratio_desc;
  double ratio_mul;
};

/// cycles, instructions, l1d_loads, llc_misses, itlb_misses, dtlb_misses.
const std::vector<ProfileMetric>& profile_metrics();

struct ProfileReading {
  size_t metric = 0;  // index into profile_metrics()
  uint64_t counter = 0;
  uint64_t enabled = 0;
  uint64_t running = 0;
};

struct ProfileResult {
  uint64_t run_cnt = 0;
  std::vector<ProfileReading> readings;  // in profile_metrics() order
};

class ProfileSession {
 public:
  /// Loads the profiler against program `prog_fd`, opens the counters of
  /// `metrics` (indexes, at most 4) on every possible CPU and attaches.
  /// libbpf's messages are shown only when `debug` (our errors say what failed).
  static Result<std::unique_ptr<ProfileSession>> start(int prog_fd, std::vector<size_t> metrics, bool debug,
                                                       const std::function<void(const std::string&)>& note);
  ~ProfileSession();
  /// Closes the counters and reads the accumulated values.
  Result<ProfileResult> finish();

 private:
  ProfileSession() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bpftool::model
