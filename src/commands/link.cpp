// `bpftool link ...`: the link commands.
#include <cstring>

#include "commands/ctx.h"
#include "commands/link_render.h"
#include "commands/object_commands.h"
#include "model/link.h"
#include "model/resolve.h"
#include "sys/bpf.h"

namespace bpftool::commands {

namespace {

constexpr cli::Usage kLinkUsage[] = {
    {"show list", "{ show | list }   [LINK]"},
    {"pin", "pin        LINK  FILE"},
    {"detach", "detach     LINK"},
    {"help", "help"},
};
constexpr std::string_view kOptions[] = {
    option_words::kJson, option_words::kDebug, option_words::kBpffs, option_words::kNomount,
};
constexpr uint8_t kOptionsPerLine[] = {2};
constexpr cli::Definition kLinkDefs[] = {
    kLinkSelectorDef,
    {"OPTIONS", {}, kOptions, kOptionsPerLine},
};

}  // namespace

const cli::HelpSpec& link_help_spec() {
  static const cli::HelpSpec spec{"link", kLinkUsage, kLinkDefs};
  return spec;
}

namespace {

struct LinkObject : ObjectTraits<sys::LinkFd, model::LinkRecord> {
  static constexpr auto parse = &model::parse_link_selector;
  static Result<Fd> resolve_one(const model::Selector& s, model::CollectContext&) { return model::resolve_link(s); }
  static constexpr auto collect = &model::collect_link;
  static constexpr auto render_plain = &render_link_plain;
  static constexpr auto render_json = &render_link_json;
};

Status cmd_link_detach(Ctx& ctx, cli::ArgCursor& args) {
  // Upstream's message carries a stray newline and the command exits 1; we
  // print the sentence once and exit 255 like every other failure.
  if (args.remaining() != 2) return Error::msg("link specifier is invalid or missing");
  auto spec = model::parse_link_selector(args);
  if (!spec) return std::move(spec).error();
  auto fd = model::resolve_link(*spec);
  if (!fd) return std::move(fd).error().with_exit_status(255);
  if (auto st = sys::link_detach(fd->get()); !st) {
    int e = st.error().errnum();
    std::string msg = std::string("failed link detach: ") + std::strerror(e);
    if (e == EOPNOTSUPP) msg += " (this link type cannot be detached; remove its pins and close its fds instead)";
    return Error::msg(e, msg);
  }
  ctx.out.null_if_json();
  return {};
}

constexpr Command kLinkCommands[] = {
    {"show", cmd_show<LinkObject>}, {"list", cmd_show<LinkObject>},     {"help", cmd_help<link_help_spec>},
    {"pin", cmd_pin<LinkObject>},   {"detach", cmd_link_detach},
};

}  // namespace

Status cmd_link(Ctx& ctx, cli::ArgCursor& args) {
  return cli::dispatch(ctx, args, Dispatch{"link", kLinkCommands, cmd_help<link_help_spec>});
}

}  // namespace bpftool::commands
