// What `prog dump xlated|jited` needs from the kernel about one program: its
// instructions (or native image), JIT symbol addresses, function prototypes
// and source lines from its BTF, and the kernel symbol names its calls refer
// to. Every syscall and file read of the dump lives here; formatting does not.
#pragma once

#include <linux/bpf.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/context.h"
#include "model/kallsyms.h"
#include "model/line_table.h"
#include "model/prog.h"
#include "sys/typed_fd.h"

namespace bpftool::model {

enum class DumpKind { Xlated, Jited };

/// Whether the text of a call instruction names its target through a kernel
/// symbol (the disassembler names known helpers itself). The caller, who
/// knows the disassembler, supplies it: model/ does not see disasm/.
using CallNeedsName = bool (*)(const bpf_insn& insn);

/// What to collect for one dump.
struct DumpRequest {
  DumpKind kind = DumpKind::Xlated;
  /// `file FILE`: the raw image only, no kernel symbols.
  bool image_only = false;
  /// Xlated dumps: the calls whose targets need kallsyms names (null: none).
  CallNeedsName call_needs_name = nullptr;
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
  /// The program line upstream prints above each dump when a selector matches
  /// several programs (print_prog_header_plain/json): the first line of
  /// `show`. Only its fields are set (id, type, name, tag, gpl, run_time_ns,
  /// run_cnt, recursion_misses, dev).
  ProgRecord prog;
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
  /// kallsyms names, read only when something prints them: the targets of
  /// the calls DumpRequest::call_needs_name picks (xlated), the JIT function
  /// symbols (jited, several functions). Never for `file` or offloaded jited.
  KsymNames ksyms;

  /// The xlated instructions (empty for a jited dump).
  std::span<const bpf_insn> insns() const { return xlated; }
  /// The device of an offloaded or device-bound program, 0 for none.
  uint32_t ifindex() const { return prog.dev ? prog.dev->ifindex : 0; }
  /// A bpf-to-bpf call's callee address, when the kernel gave the JIT
  /// addresses (the call's immediate indexes jited_ksyms).
  std::optional<uint64_t> jited_callee(const bpf_insn& insn) const;
};

/// Collects the dump of one program: one BPF_OBJ_GET_INFO_BY_FD for the
/// counts, one for the arrays (checking that no count grew), the program's
/// BTF, then the kallsyms names the dump prints. Fails only when the info
/// calls fail ("can't get prog info: ..."); other problems go to
/// ProgDump::unavailable.
Result<ProgDump> collect_prog_dump(const sys::ProgFd& fd, const DumpRequest& req,
                                   CollectContext& ctx);

}  // namespace bpftool::model
