#include <bpf/libbpf.h>

#include <vector>

#include "app/app.h"
#include "app/build_info.h"
#include "disasm/jit.h"

namespace bpftool::app {

namespace {

using commands::Command;
using commands::Ctx;


Status not_yet(Ctx&, cli::ArgCursor&) {
  return Error::msg(ENOSYS, "this object is not implemented in bpftool-cpp yet");
}

constexpr Command kTopCommands[] = {
    {"help", cmd_help},       {"batch", cmd_batch},     {"prog", commands::cmd_prog},
    {"map", commands::cmd_map}, {"link", commands::cmd_link}, {"cgroup", not_yet},
    {"perf", not_yet},        {"net", not_yet},         {"feature", not_yet},
    {"btf", commands::cmd_btf}, {"gen", commands::cmd_gen},       {"struct_ops", not_yet},
    {"iter", not_yet},        {"token", not_yet},       {"version", cmd_version},
};

constexpr cli::Usage kTopUsage[] = {
    {"", "[OPTIONS] OBJECT { COMMAND | help }"},
    {"batch", "batch file FILE"},
    {"version", "version"},
};
constexpr std::string_view kOptions[] = {commands::option_words::kJson, commands::option_words::kDebug,
                                         commands::option_words::kVersion};
constexpr uint8_t kOptionsPerLine[] = {2};

// OBJECT := the objects of the command table, in its order.
std::span<const std::string_view> object_words() {
  static const std::vector<std::string_view> words = [] {
    std::vector<std::string_view> w;
    for (const auto& c : kTopCommands)
      if (c.name != "help" && c.name != "batch" && c.name != "version") w.push_back(c.name);
    return w;
  }();
  return words;
}

const cli::HelpSpec& top_help_spec() {
  static const cli::Definition defs[] = {
      {"OBJECT", {}, object_words(), {}},
      {"OPTIONS", {}, kOptions, kOptionsPerLine},
  };
  static const cli::HelpSpec spec{"", kTopUsage, defs};
  return spec;
}

}  // namespace

Status cmd_help(Ctx& ctx, cli::ArgCursor&) { return commands::print_help(ctx, top_help_spec()); }

Status cmd_version(Ctx& ctx, cli::ArgCursor&) {
  // Our compatibility level with upstream, the libbpf we run on, and the
  // optional parts this build has (upstream's feature keys, in its order).
  // "skeletons" gates pids and prog profile upstream: we have both (pids from
  // /proc, the profiler embedded at build time).
  const bool has_libbfd = false, has_llvm = disasm::jit_disasm_supported(), has_crypto = false,
             has_skeletons = true, bootstrap = false;
  if (ctx.out.json()) {
    auto& w = ctx.out.jw();
    w.start_object();
    w.string_field("version", kBpftoolVersion);
    w.string_field("libbpf_version", std::to_string(libbpf_major_version()) + "." +
                                          std::to_string(libbpf_minor_version()));
    w.name("features");
    w.start_object();
    w.bool_field("libbfd", has_libbfd);
    w.bool_field("llvm", has_llvm);
    w.bool_field("crypto", has_crypto);
    w.bool_field("skeletons", has_skeletons);
    w.bool_field("bootstrap", bootstrap);
    w.end_object();
    w.end_object();
    return {};
  }
  auto& o = ctx.out.out();
  o.print("{} v{}\n", ctx.bin_name, kBpftoolVersion);
  o.print("using libbpf {}\n", libbpf_version_string());
  o.write("features:");
  unsigned n = 0;
  auto feature = [&](const char* name, bool on) {
    if (!on) return;
    o.print("{} {}", n++ ? "," : "", name);
  };
  feature("libbfd", has_libbfd);
  feature("llvm", has_llvm);
  feature("crypto", has_crypto);
  feature("skeletons", has_skeletons);
  feature("bootstrap", bootstrap);
  o.put('\n');
  return {};
}

Status run_command(Ctx& ctx, const std::vector<std::string>& words) {
  cli::ArgCursor args(words);
  return cli::dispatch(ctx, args, commands::Dispatch{"", kTopCommands, cmd_help});
}

}  // namespace bpftool::app
