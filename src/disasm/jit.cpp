#include "disasm/jit.h"

#include <dlfcn.h>

#include <array>
#include <cstdlib>
#include <mutex>
#include <utility>
#include <vector>

namespace bpftool::disasm {

namespace {

// The few LLVM-C entry points we use, declared here rather than taken from the
// llvm-c headers so that building needs no LLVM development package. The C
// API has kept these signatures since LLVM 3.x.
using DisasmContext = void*;
using OpInfoCallback = int (*)(void*, uint64_t, uint64_t, uint64_t, int, void*);
using SymbolLookupCallback = const char* (*)(void*, uint64_t, uint64_t*, uint64_t, const char**);
constexpr uint64_t kReferenceTypeInOutNone = 0;  // LLVMDisassembler_ReferenceType_InOut_None

struct LlvmApi {
  void* handle = nullptr;
  std::string library;
  char* (*get_default_target_triple)() = nullptr;
  char* (*normalize_target_triple)(const char*) = nullptr;
  void (*dispose_message)(char*) = nullptr;
  DisasmContext (*create_disasm)(const char*, void*, int, OpInfoCallback,
                                 SymbolLookupCallback) = nullptr;
  size_t (*disasm_instruction)(DisasmContext, uint8_t*, uint64_t, uint64_t, char*,
                               size_t) = nullptr;
  void (*disasm_dispose)(DisasmContext) = nullptr;
};

// Upstream's callback: with a symbolizer present, LLVM prints branch targets
// as addresses (pc-relative to the address we pass) instead of raw offsets.
const char* symbol_lookup(void*, uint64_t, uint64_t* ref_type, uint64_t, const char**) {
  *ref_type = kReferenceTypeInOutNone;
  return nullptr;
}

std::vector<std::string> candidate_libraries() {
  if (const char* env = std::getenv("BPFTOOL_LLVM_LIB"); env && *env) return {env};
  std::vector<std::string> names{std::string(kPreferredLlvm), "libLLVM-14.so"};
  for (int v = 21; v >= 11; v--) {
    if (v == 14) continue;
    names.push_back("libLLVM-" + std::to_string(v) + ".so.1");
    names.push_back("libLLVM-" + std::to_string(v) + ".so");
    names.push_back("libLLVM.so." + std::to_string(v) + ".1");
    names.push_back("libLLVM.so." + std::to_string(v));
  }
  names.push_back("libLLVM.so");
  return names;
}

template <class Fn>
bool bind(void* handle, const char* name, Fn& fn) {
  fn = reinterpret_cast<Fn>(dlsym(handle, name));
  return fn != nullptr;
}

// The target initializers of the host architecture (upstream initializes all
// targets; the host's are all a non-offloaded program needs).
#if defined(__x86_64__) || defined(__i386__)
constexpr std::array<const char*, 3> kTargetInit = {
    "LLVMInitializeX86TargetInfo", "LLVMInitializeX86TargetMC", "LLVMInitializeX86Disassembler"};
#elif defined(__aarch64__)
constexpr std::array<const char*, 3> kTargetInit = {"LLVMInitializeAArch64TargetInfo",
                                                    "LLVMInitializeAArch64TargetMC",
                                                    "LLVMInitializeAArch64Disassembler"};
#else
constexpr std::array<const char*, 0> kTargetInit = {};
#endif

Result<const LlvmApi*> load_llvm() {
  static std::once_flag once;
  static LlvmApi api;
  static std::string error;
  std::call_once(once, [] {
    auto names = candidate_libraries();
    std::string first_error;
    for (const auto& name : names) {
      api.handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (api.handle) {
        api.library = name;
        break;
      }
      if (first_error.empty()) {
        const char* e = dlerror();
        first_error = e ? e : "not found";
      }
    }
    if (!api.handle) {
      error = "JIT disassembly needs LLVM (" + names.front() + "): " + first_error;
      return;
    }
    bool ok = bind(api.handle, "LLVMGetDefaultTargetTriple", api.get_default_target_triple) &&
              bind(api.handle, "LLVMNormalizeTargetTriple", api.normalize_target_triple) &&
              bind(api.handle, "LLVMDisposeMessage", api.dispose_message) &&
              bind(api.handle, "LLVMCreateDisasm", api.create_disasm) &&
              bind(api.handle, "LLVMDisasmInstruction", api.disasm_instruction) &&
              bind(api.handle, "LLVMDisasmDispose", api.disasm_dispose);
    for (const char* init : kTargetInit) {
      void (*fn)() = nullptr;
      ok = ok && bind(api.handle, init, fn);
      if (fn) fn();
    }
    if (!ok) {
      const char* e = dlerror();
      error = "JIT disassembly needs LLVM's C disassembler API, missing in " + api.library + ": " +
              (e ? e : "symbol not found");
      // The library stays mapped: unloading LLVM runs its static destructors.
      api.handle = nullptr;
    }
  });
  if (!api.handle) return Error::msg(ENOSYS, error);
  return &api;
}

const LlvmApi* loaded_api() {
  auto api = load_llvm();
  return api ? *api : nullptr;
}

}  // namespace

Result<JitDisassembler> JitDisassembler::create(std::string_view arch) {
  auto api = load_llvm();
  if (!api) return std::move(api).error();
  const LlvmApi& a = **api;
  char* triple = arch.empty() ? a.get_default_target_triple()
                              : a.normalize_target_triple(std::string(arch).c_str());
  if (!triple) return Error::msg("Failed to retrieve triple");
  DisasmContext ctx = a.create_disasm(triple, nullptr, 0, nullptr, symbol_lookup);
  a.dispose_message(triple);
  if (!ctx) return Error::msg("Failed to create disassembler");
  return JitDisassembler(ctx);
}

JitDisassembler::JitDisassembler(JitDisassembler&& o) noexcept
    : ctx_(std::exchange(o.ctx_, nullptr)) {}

JitDisassembler& JitDisassembler::operator=(JitDisassembler&& o) noexcept {
  if (this != &o) {
    if (ctx_) loaded_api()->disasm_dispose(ctx_);
    ctx_ = std::exchange(o.ctx_, nullptr);
  }
  return *this;
}

JitDisassembler::~JitDisassembler() {
  if (ctx_) loaded_api()->disasm_dispose(ctx_);
}

size_t JitDisassembler::decode(const uint8_t* bytes, size_t len, uint64_t pc,
                               std::string& out) const {
  char buf[256];
  buf[0] = '\0';
  size_t n = loaded_api()->disasm_instruction(ctx_, const_cast<uint8_t*>(bytes), len, pc, buf,
                                              sizeof(buf));
  out.assign(n ? buf : "");
  return n;
}

const std::string& JitDisassembler::library() const {
  return loaded_api()->library;
}

bool jit_disasm_supported() {
  return true;
}

}  // namespace bpftool::disasm
