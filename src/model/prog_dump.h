// What `prog dump xlated|jited` needs from the kernel about one program: its
// instructions (or native image), JIT symbol addresses, function prototypes
// and source lines from its BTF, and the kernel symbol names its calls refer
// to. Every syscall and file read of the dump lives here; formatting does not.
#pragma once

#include <linux/bpf.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "model/context.h"
#include "model/kallsyms.h"
#include "model/line_table.h"
#include "model/prog.h"
#include "sys/typed_fd.h"

namespace bpftool::model {

enum class DumpKind { Xlated, Jited };

/// The line upstream prints above each program's dump when a selector matches
/// several programs (print_prog_header_plain/json): the first line of `show`.
struct ProgDumpHeader {
  uint32_t id = 0;
  uint32_t type = 0;
  std::string name;  // full name (BTF's when the kernel cut it at 15 characters)
  std::array<uint8_t, 8> tag{};
  bool gpl = false;
  uint64_t run_time_ns = 0;
  uint64_t run_cnt = 0;
  uint64_t recursion_misses = 0;
  std::optional<DevInfo> dev;
};

/// One bpf_func_info record: where a function starts and its BTF prototype as
/// btf::type_signature prints it ("int f(struct __sk_buff * skb)";
/// empty when BTF cannot print it).
struct DumpFunc {
  uint32_t insn_off = 0;
  std::string proto;
};

/// Everything the dump of one program prints.
struct ProgDump {
  ProgDumpHeader header;
  /// Why there is nothing to print ("error retrieving insn dump:
  /// kernel.kptr_restrict set?", "failed to get btf"). upstream reports these
  /// after the program header, so they travel with the record.
  std::optional<Error> unavailable;
  DumpKind kind = DumpKind::Xlated;
  std::vector<uint8_t> image;    // xlated instructions or native code, as returned
  std::vector<bpf_insn> xlated;  // the image as instructions (xlated dumps)
  uint32_t nr_jited_ksyms = 0;
  std::vector<uint64_t> jited_ksyms;      // empty when the kernel withheld them
  std::vector<uint32_t> jited_func_lens;  // empty when withheld
  bool has_btf = false;
  std::vector<DumpFunc> funcs;  // bpf_func_info records (empty without BTF)
  std::optional<LineTable> lines;
  bool lines_dropped = false;  // records exist but are unusable (upstream's note)
  uint32_t ifindex = 0;        // offloaded or device-bound program
  uint64_t netns_dev = 0;
  uint64_t netns_ino = 0;

  /// The xlated instructions (empty for a jited dump).
  std::span<const bpf_insn> insns() const { return xlated; }
};

/// Collects the dump of one program: one BPF_OBJ_GET_INFO_BY_FD for the
/// counts, one for the arrays (checking that no count grew), the program's
/// BTF. Fails only when the info calls fail ("can't get prog info: ...");
/// other problems go to ProgDump::unavailable.
Result<ProgDump> collect_prog_dump(const sys::ProgFd& fd, DumpKind kind, CollectContext& ctx);

}  // namespace bpftool::model
