// `bpftool btf ...`: the BTF commands.
#include "commands/btf_render.h"
#include "commands/ctx.h"
#include "commands/object_commands.h"
#include "model/resolve.h"
#include "core/parse.h"
#include "model/btf_obj.h"
#include "model/iterate.h"
#include "sys/caps.h"
#include "sys/typed_fd.h"

#include <cstring>

namespace bpftool::commands {

namespace {

constexpr cli::Usage kBtfUsage[] = {
    {"show list", "{ show | list } [id BTF_ID]"},
    {"dump", "dump BTF_SRC [format FORMAT] [root_id ROOT_ID]"},
    {"help", "help"},
};
constexpr std::string_view kOptions[] = {option_words::kJson, option_words::kDebug, option_words::kBaseBtf};
constexpr uint8_t kOptionsPerLine[] = {2};
constexpr cli::Definition kBtfDefs[] = {
    {"BTF_SRC",
     "{ id BTF_ID | prog PROG | map MAP [{key | value | kv | all}] |\n"
     "                    file FILE [file FILE]... }",
     {}, {}},
    {"FORMAT ", "{ raw | c [unsorted] }", {}, {}},
    kMapSelectorDef,
    kProgSelectorDef,
    {"OPTIONS", {}, kOptions, kOptionsPerLine},
};

}  // namespace

const cli::HelpSpec& btf_help_spec() {
  static const cli::HelpSpec spec{"btf", kBtfUsage, kBtfDefs};
  return spec;
}

Status cmd_btf_dump(Ctx& ctx, cli::ArgCursor& args);  // btf_dump.cpp

namespace {

struct BtfObject : ObjectTraits<sys::BtfFd, model::BtfRecord> {
  using Shared = model::BtfUsers;  // which programs and maps use each BTF object
  static constexpr auto parse = &model::parse_btf_selector;
  static Result<Fd> resolve_one(const model::Selector& s, model::CollectContext&) { return model::resolve_btf(s); }
  static Result<Shared> prepare() { return model::collect_btf_users(); }
  static constexpr auto collect = &model::collect_btf;
  static constexpr auto render_plain = &render_btf_plain;
  static constexpr auto render_json = &render_btf_json;
};

constexpr Command kBtfCommands[] = {
    {"show", cmd_show<BtfObject>}, {"list", cmd_show<BtfObject>}, {"help", cmd_help<btf_help_spec>}, {"dump", cmd_btf_dump},
};

}  // namespace

Status cmd_btf(Ctx& ctx, cli::ArgCursor& args) {
  return cli::dispatch(ctx, args, Dispatch{"btf", kBtfCommands, cmd_help<btf_help_spec>});
}

}  // namespace bpftool::commands
