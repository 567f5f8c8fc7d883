// `bpftool prog ...`: the program commands.
#include <linux/bpf.h>

#include "commands/ctx.h"
#include "commands/prog_dump.h"
#include "commands/prog_ops.h"
#include "commands/prog_render.h"
#include "commands/object_commands.h"
#include "model/prog.h"
#include "model/prog_types.h"
#include "model/profiler.h"
#include "model/resolve.h"

namespace bpftool::commands {

namespace {

constexpr cli::Usage kProgUsage[] = {
    {"show list", "{ show | list } [PROG]"},
    {"dump", "dump xlated PROG [{ file FILE | [opcodes] [linum] [visual] }]"},
    {"dump", "dump jited  PROG [{ file FILE | [opcodes] [linum] }]"},
    {"pin", "pin   PROG FILE"},
    {"load loadall",
     "{ load | loadall } OBJ  PATH \\\n"
     "                         [type TYPE] [{ offload_dev | xdpmeta_dev } NAME] \\\n"
     "                         [map { idx IDX | name NAME } MAP]\\\n"
     "                         [pinmaps MAP_DIR]\n"
     "                         [autoattach]\n"
     "                         [kernel_btf BTF_FILE]"},
    {"attach", "attach PROG ATTACH_TYPE [MAP]"},
    {"detach", "detach PROG ATTACH_TYPE [MAP]"},
    {"run",
     "run PROG \\\n"
     "                         data_in FILE \\\n"
     "                         [data_out FILE [data_size_out L]] \\\n"
     "                         [ctx_in FILE [ctx_out FILE [ctx_size_out M]]] \\\n"
     "                         [repeat N]"},
    {"profile", "profile PROG [duration DURATION] METRICs"},
    {"tracelog", "tracelog"},
    {"tracelog", "tracelog { stdout | stderr } PROG"},
    {"help", "help"},
};

constexpr uint8_t kTypePerLine[] = {5, 5, 5, 5, 3, 3, 3, 3, 3, 3, 4, 3};
constexpr uint8_t kAttachTypePerLine[] = {3};
constexpr std::string_view kOptions[] = {
    option_words::kJson,  option_words::kDebug,   option_words::kBpffs,     option_words::kMapcompat,
    option_words::kNomount, option_words::kUseLoader,
};
constexpr uint8_t kOptionsPerLine[] = {2, 3};

std::span<const std::string_view> metric_words() {
  static const std::vector<std::string_view> words = [] {
    std::vector<std::string_view> w;
    for (const auto& m : model::profile_metrics()) w.emplace_back(m.name);
    return w;
  }();
  return words;
}

}  // namespace

const cli::HelpSpec& prog_help_spec() {
  static const cli::Definition defs[] = {
      kMapSelectorDef,
      kProgSelectorDef,
      {"TYPE", {}, model::prog_load_type_words(), kTypePerLine},
      {"ATTACH_TYPE", {}, prog_attach_type_words(), kAttachTypePerLine},
      {"METRIC", {}, metric_words(), {}},
      {"OPTIONS", {}, kOptions, kOptionsPerLine},
  };
  static const cli::HelpSpec spec{"prog", kProgUsage, defs};
  return spec;
}

namespace {

struct ProgObject : ObjectTraits<sys::ProgFd, model::ProgRecord> {
  static constexpr auto parse = &model::parse_prog_selector;
  static constexpr auto resolve_all = &model::resolve_progs;
  static constexpr auto resolve_one = &model::resolve_prog;
  static constexpr auto collect = &model::collect_prog;
  static constexpr auto render_plain = &render_prog_plain;
  static constexpr auto render_json = &render_prog_json;
};

constexpr Command kProgCommands[] = {
    {"show", cmd_show<ProgObject>}, {"list", cmd_show<ProgObject>}, {"help", cmd_help<prog_help_spec>},
    {"dump", [](Ctx& c, cli::ArgCursor& a) { return cmd_prog_dump(c, a, cmd_help<prog_help_spec>); }},
    {"pin", cmd_pin<ProgObject>},   {"load", cmd_prog_load},
    {"loadall", cmd_prog_loadall}, {"attach", cmd_prog_attach}, {"detach", cmd_prog_detach},
    {"tracelog", cmd_prog_tracelog}, {"run", cmd_prog_run},  {"profile", cmd_prog_profile},
};

}  // namespace

Status cmd_prog(Ctx& ctx, cli::ArgCursor& args) {
  return cli::dispatch(ctx, args, Dispatch{"prog", kProgCommands, cmd_help<prog_help_spec>});
}

}  // namespace bpftool::commands
