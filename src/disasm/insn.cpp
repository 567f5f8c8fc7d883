#include "disasm/insn.h"

#include <array>
#include <string_view>

#include "disasm/helpers.h"

namespace bpftool::disasm {

namespace {

// Encodings newer than the Linux 6.1 UAPI headers we build against.
constexpr uint8_t kModeMemsx = 0x80;      // BPF_MEMSX: sign-extending load
constexpr uint8_t kModeNospec = 0xc0;     // BPF_NOSPEC (BPF_ST), kernel-internal
constexpr uint8_t kOpJcond = 0xe0;        // BPF_JCOND
constexpr uint8_t kMayGoto = 0;           // BPF_MAY_GOTO (src_reg of BPF_JCOND)
constexpr int32_t kLoadAcquire = 0x100;   // BPF_LOAD_ACQ
constexpr int32_t kStoreRelease = 0x110;  // BPF_STORE_REL
constexpr int16_t kAddrSpaceCast = 1;     // BPF_ADDR_SPACE_CAST (off of a mov)
constexpr int16_t kAddrPercpu = -1;       // BPF_ADDR_PERCPU (kernel-internal mov)

// The kernel prints missing table entries with printf("%s", NULL): glibc
// writes "(null)". We keep that so odd encodings read the same.
constexpr std::string_view kNull = "(null)";

constexpr std::array<std::string_view, 8> kClass = {"ld",  "ldx", "st",    "stx",
                                                    "alu", "jmp", "jmp32", "alu64"};

constexpr std::array<std::string_view, 16> kAlu = {"+=",   "-=",     "*=",  "/=", "|=", "&=",
                                                   "<<=",  ">>=",    "neg", "%=", "^=", "=",
                                                   "s>>=", "endian", kNull, kNull};

constexpr std::array<std::string_view, 16> kJmp = {
    "jmp",  "==",   ">", ">=", "&",  "!=",  "s>",  "s>=",
    "call", "exit", "<", "<=", "s<", "s<=", kNull, kNull};

// Indexed by BPF_SIZE >> 3: W, H, B, DW.
constexpr std::array<std::string_view, 4> kLdSt = {"u32", "u16", "u8", "u64"};
constexpr std::array<std::string_view, 4> kLdSx = {"s32", "s16", "s8", kNull};

uint8_t cls(uint8_t code) {
  return BPF_CLASS(code);
}
uint8_t op(uint8_t code) {
  return BPF_OP(code);
}
uint8_t mode(uint8_t code) {
  return BPF_MODE(code);
}
std::string_view size_str(uint8_t code) {
  return kLdSt[BPF_SIZE(code) >> 3];
}

// The operator of an ALU instruction, with the signed div/mod variants.
std::string_view alu_op(const bpf_insn& insn) {
  const uint8_t o = op(insn.code);
  if ((o == BPF_DIV || o == BPF_MOD) && insn.off == 1) return o == BPF_DIV ? "s/=" : "s%=";
  return kAlu[o >> 4];
}

// "(s8)", "(s16)", "(s32)" for a sign-extending move, else "".
std::string_view movsx_prefix(const bpf_insn& insn) {
  if (op(insn.code) != BPF_MOV) return {};
  switch (insn.off) {
    case 8:
      return "(s8)";
    case 16:
      return "(s16)";
    case 32:
      return "(s32)";
    default:
      return {};
  }
}

std::string_view atomic_alu(int32_t imm) {
  switch (BPF_OP(imm)) {
    case BPF_ADD:
      return "add";
    case BPF_AND:
      return "and";
    case BPF_OR:
      return "or";
    case BPF_XOR:
      return "xor";
    default:
      return kNull;
  }
}

using Out = fmt::memory_buffer;

// Arguments by value: the register fields of bpf_insn are bit-fields.
template <class... Args>
void put(Out& out, fmt::format_string<Args...> f, Args... args) {
  fmt::vformat_to(fmt::appender(out), fmt::string_view(f), fmt::make_format_args(args...));
}

void format_alu(Out& out, const bpf_insn& insn) {
  const bool is64 = cls(insn.code) == BPF_ALU64;
  const char r = is64 ? 'r' : 'w';
  const uint8_t o = op(insn.code);
  const int dst = insn.dst_reg, src = insn.src_reg;
  if (o == BPF_END) {
    if (is64)
      put(out, "({:02x}) r{} = bswap{} r{}", insn.code, dst, insn.imm, dst);
    else
      put(out, "({:02x}) r{} = {}{} r{}", insn.code, dst,
          BPF_SRC(insn.code) == BPF_TO_BE ? "be" : "le", insn.imm, dst);
  } else if (o == BPF_NEG) {
    put(out, "({:02x}) {}{} = -{}{}", insn.code, r, dst, r, dst);
  } else if (insn.code == (BPF_ALU64 | BPF_MOV | BPF_X) && insn.off == kAddrSpaceCast) {
    put(out, "({:02x}) r{} = addr_space_cast(r{}, {}, {})", insn.code, dst, src,
        static_cast<uint32_t>(insn.imm) >> 16, static_cast<uint16_t>(insn.imm));
  } else if (insn.code == (BPF_ALU64 | BPF_MOV | BPF_X) && insn.off == kAddrPercpu) {
    put(out, "({:02x}) r{} = &(void __percpu *)(r{})", insn.code, dst, src);
  } else if (BPF_SRC(insn.code) == BPF_X) {
    put(out, "({:02x}) {}{} {} {}{}{}", insn.code, r, dst, alu_op(insn), movsx_prefix(insn), r,
        src);
  } else {
    put(out, "({:02x}) {}{} {} {}", insn.code, r, dst, alu_op(insn), insn.imm);
  }
}

void format_stx(Out& out, const bpf_insn& insn) {
  const int dst = insn.dst_reg, src = insn.src_reg;
  const std::string_view sz = size_str(insn.code);
  const std::string_view wide = BPF_SIZE(insn.code) == BPF_DW ? "64" : "";
  if (mode(insn.code) == BPF_MEM) {
    put(out, "({:02x}) *({} *)(r{} {:+d}) = r{}", insn.code, sz, dst, insn.off, src);
    return;
  }
  if (mode(insn.code) != BPF_ATOMIC) {
    put(out, "BUG_{:02x}", insn.code);
    return;
  }
  switch (insn.imm) {
    case BPF_ADD:
    case BPF_AND:
    case BPF_OR:
    case BPF_XOR:
      put(out, "({:02x}) lock *({} *)(r{} {:+d}) {} r{}", insn.code, sz, dst, insn.off,
          kAlu[BPF_OP(insn.imm) >> 4], src);
      return;
    case BPF_ADD | BPF_FETCH:
    case BPF_AND | BPF_FETCH:
    case BPF_OR | BPF_FETCH:
    case BPF_XOR | BPF_FETCH:
      put(out, "({:02x}) r{} = atomic{}_fetch_{}(({} *)(r{} {:+d}), r{})", insn.code, src, wide,
          atomic_alu(insn.imm), sz, dst, insn.off, src);
      return;
    case BPF_CMPXCHG:
      put(out, "({:02x}) r0 = atomic{}_cmpxchg(({} *)(r{} {:+d}), r0, r{})", insn.code, wide, sz,
          dst, insn.off, src);
      return;
    case BPF_XCHG:
      put(out, "({:02x}) r{} = atomic{}_xchg(({} *)(r{} {:+d}), r{})", insn.code, src, wide, sz,
          dst, insn.off, src);
      return;
    case kLoadAcquire:
      put(out, "({:02x}) r{} = load_acquire(({} *)(r{} {:+d}))", insn.code, dst, sz, src, insn.off);
      return;
    case kStoreRelease:
      put(out, "({:02x}) store_release(({} *)(r{} {:+d}), r{})", insn.code, sz, dst, insn.off, src);
      return;
    default:
      put(out, "BUG_{:02x}", insn.code);
  }
}

void format_st(Out& out, const bpf_insn& insn) {
  if (mode(insn.code) == BPF_MEM)
    put(out, "({:02x}) *({} *)(r{} {:+d}) = {}", insn.code, size_str(insn.code), insn.dst_reg,
        insn.off, insn.imm);
  else if (mode(insn.code) == kModeNospec)
    put(out, "({:02x}) nospec", insn.code);
  else
    put(out, "BUG_st_{:02x}", insn.code);
}

void format_ldx(Out& out, const bpf_insn& insn) {
  const uint8_t m = mode(insn.code);
  if (m != BPF_MEM && m != kModeMemsx) {
    put(out, "BUG_ldx_{:02x}", insn.code);
    return;
  }
  const std::string_view sz = m == BPF_MEM ? size_str(insn.code) : kLdSx[BPF_SIZE(insn.code) >> 3];
  put(out, "({:02x}) r{} = *({} *)(r{} {:+d})", insn.code, insn.dst_reg, sz, insn.src_reg,
      insn.off);
}

void format_ld(Out& out, std::span<const bpf_insn> prog, size_t i, Resolver* resolver) {
  const bpf_insn& insn = prog[i];
  const uint8_t m = mode(insn.code);
  if (m == BPF_ABS) {
    put(out, "({:02x}) r0 = *({} *)skb[{}]", insn.code, size_str(insn.code), insn.imm);
  } else if (m == BPF_IND) {
    put(out, "({:02x}) r0 = *({} *)skb[r{} + {}]", insn.code, size_str(insn.code), insn.src_reg,
        insn.imm);
  } else if (m == BPF_IMM && BPF_SIZE(insn.code) == BPF_DW) {
    static const bpf_insn kZero{};
    const bpf_insn& next = i + 1 < prog.size() ? prog[i + 1] : kZero;
    const uint64_t imm = (static_cast<uint64_t>(static_cast<uint32_t>(next.imm)) << 32) |
                         static_cast<uint32_t>(insn.imm);
    put(out, "({:02x}) r{} = ", insn.code, insn.dst_reg);
    if (!resolver || !resolver->imm64(out, insn, next, imm)) put(out, "{:#x}", imm);
  } else {
    put(out, "BUG_ld_{:02x}", insn.code);
  }
}

// The callee of a call (the kernel's __func_get_name).
void callee(Out& out, const bpf_insn& insn, Resolver* resolver) {
  if (insn.src_reg == 0) {
    std::string_view name = helper_name(insn.imm);
    if (!name.empty()) {
      out.append(name.data(), name.data() + name.size());
      return;
    }
  }
  if (resolver && resolver->call(out, insn)) return;
  if (insn.src_reg == BPF_PSEUDO_CALL)
    put(out, "{:+d}", insn.imm);
  else if (insn.src_reg == BPF_PSEUDO_KFUNC_CALL)
    put(out, "kernel-function");
  else
    put(out, "unknown");
}

void format_jmp(Out& out, const bpf_insn& insn, Resolver* resolver) {
  const char r = cls(insn.code) == BPF_JMP32 ? 'w' : 'r';
  const uint8_t o = op(insn.code);
  if (o == BPF_CALL) {
    if (insn.src_reg == BPF_PSEUDO_CALL) {
      put(out, "({:02x}) call pc", insn.code);
      callee(out, insn, resolver);
    } else {
      put(out, "({:02x}) call ", insn.code);
      callee(out, insn, resolver);
      put(out, "#{}", insn.imm);
    }
  } else if (insn.code == (BPF_JMP | BPF_JA)) {
    put(out, "({:02x}) goto pc{:+d}", insn.code, insn.off);
  } else if (insn.code == (BPF_JMP | BPF_JA | BPF_X)) {
    put(out, "({:02x}) gotox r{}", insn.code, insn.dst_reg);
  } else if (insn.code == (BPF_JMP | kOpJcond) && insn.src_reg == kMayGoto) {
    put(out, "({:02x}) may_goto pc{:+d}", insn.code, insn.off);
  } else if (insn.code == (BPF_JMP32 | BPF_JA)) {
    put(out, "({:02x}) gotol pc{:+d}", insn.code, insn.imm);
  } else if (insn.code == (BPF_JMP | BPF_EXIT)) {
    put(out, "({:02x}) exit", insn.code);
  } else if (BPF_SRC(insn.code) == BPF_X) {
    put(out, "({:02x}) if {}{} {} {}{} goto pc{:+d}", insn.code, r, insn.dst_reg, kJmp[o >> 4], r,
        insn.src_reg, insn.off);
  } else {
    put(out, "({:02x}) if {}{} {} {:#x} goto pc{:+d}", insn.code, r, insn.dst_reg, kJmp[o >> 4],
        static_cast<uint32_t>(insn.imm), insn.off);
  }
}

}  // namespace

void format_insn(fmt::memory_buffer& out, std::span<const bpf_insn> prog, size_t i,
                 Resolver* resolver) {
  const bpf_insn& insn = prog[i];
  switch (cls(insn.code)) {
    case BPF_ALU:
    case BPF_ALU64:
      format_alu(out, insn);
      return;
    case BPF_STX:
      format_stx(out, insn);
      return;
    case BPF_ST:
      format_st(out, insn);
      return;
    case BPF_LDX:
      format_ldx(out, insn);
      return;
    case BPF_LD:
      format_ld(out, prog, i, resolver);
      return;
    case BPF_JMP:
    case BPF_JMP32:
      format_jmp(out, insn, resolver);
      return;
    default:
      put(out, "({:02x}) {}", insn.code, kClass[cls(insn.code)]);
      return;
  }
}

std::string insn_text(std::span<const bpf_insn> prog, size_t i, Resolver* resolver) {
  fmt::memory_buffer out;
  format_insn(out, prog, i, resolver);
  return fmt::to_string(out);
}

}  // namespace bpftool::disasm
