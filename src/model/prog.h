// ProgRecord: everything `prog show` reports about one program, as raw facts,
// and its collector (every syscall lives here, none in the renderers).
#pragma once

#include <linux/bpf.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "model/context.h"
#include "model/pids.h"
#include "output/value.h"
#include "sys/typed_fd.h"

namespace bpftool::model {

/// Device binding of an offloaded or device-bound object.
struct DevInfo {
  uint32_t ifindex = 0;
  uint64_t ns_dev = 0;
  uint64_t ns_inode = 0;
  std::optional<std::string> ifname;  // only when in our network namespace
};

struct ProgRecord {
  uint32_t id = 0;
  uint32_t type = 0;
  std::string name;  // full name (from BTF func_info when the kernel's was truncated)
  std::array<uint8_t, 8> tag{};
  bool gpl = false;
  uint64_t run_time_ns = 0;
  uint64_t run_cnt = 0;
  uint64_t recursion_misses = 0;
  std::optional<DevInfo> dev;
  uint64_t load_time = 0;     // ns since boot, 0 when unknown
  int64_t loaded_at = 0;      // the same instant as epoch seconds
  uint32_t uid = 0;
  bool orphaned = false;
  uint32_t xlated_len = 0;
  uint32_t jited_len = 0;
  std::optional<int64_t> memlock;
  std::vector<uint32_t> map_ids;
  uint32_t btf_id = 0;
  std::optional<std::vector<std::string>> pinned;  // set when -f and any prog is pinned
  std::vector<PidRef> pids;
  std::vector<MetadataEntry> metadata;  // names without bpf_metadata_
};

/// A program's info with its first func_info record: what the full name
/// below needs. `info.func_info` points into the struct it was read into, so
/// only the two fields are meaningful after the call.
struct ProgHead {
  bpf_prog_info info;
  bpf_func_info first_func;
};
Result<ProgHead> prog_head(int fd);

/// The full name of a program: the kernel's, or, when the kernel cut it at 15
/// characters, the name of its first function in BTF (upstream's
/// get_prog_full_name). `first_func` is info's first func_info record.
std::string prog_full_name(const bpf_prog_info& info, const bpf_func_info& first_func, CollectContext& ctx);

/// The facts of show's first line that info holds as they are (id, type, tag,
/// gpl, run stats, device), shared by collect_prog and the prog dump header.
void fill_prog_headline(const bpf_prog_info& info, ProgRecord& rec);

/// Collects one program. `fd` must be a program fd. ENODEV from the kernel's
/// info means an orphaned offloaded program and is recorded, not an error.
Result<ProgRecord> collect_prog(const sys::ProgFd& fd, CollectContext& ctx);

/// Boot-time nanoseconds to epoch seconds, as upstream computes loaded_at.
int64_t boot_ns_to_epoch(uint64_t nsecs);

/// Name of `ifindex` if it is in our network namespace (ns_dev/ns_inode of the
/// object's netns), else nullopt.
std::optional<std::string> ifname_in_netns(uint32_t ifindex, uint64_t ns_dev, uint64_t ns_inode);

/// The device binding an info struct reports, or nullopt when ifindex is 0.
std::optional<DevInfo> dev_info(uint32_t ifindex, uint64_t ns_dev, uint64_t ns_inode);

}  // namespace bpftool::model
