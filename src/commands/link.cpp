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


Status cmd_link_help(Ctx& ctx, cli::ArgCursor&) { return print_help(ctx, link_help_spec()); }

struct LinkObject {
  using Fd = sys::LinkFd;
  using Record = model::LinkRecord;
  using Shared = NoShared;
  static constexpr uint32_t kOpenFlags = 0;
  static Result<model::Selector> parse(cli::ArgCursor& a) { return model::parse_link_selector(a); }
  static Result<Fd> resolve_one(const model::Selector& s, model::CollectContext&) { return model::resolve_link(s); }
  static Result<std::vector<Fd>> resolve_all(const model::Selector& s, model::CollectContext& cc) {
    return one_of(resolve_one(s, cc));
  }
  static Result<Shared> prepare() { return no_shared(); }
  static Result<Record> collect(const Fd& fd, const Shared&, model::CollectContext& cc) {
    return model::collect_link(fd, cc);
  }
  static void render_plain(output::OutStream& o, const Record& r) { render_link_plain(o, r); }
  static void render_json(output::JsonWriter& w, const Record& r) { render_link_json(w, r); }
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
    {"show", cmd_show<LinkObject>}, {"list", cmd_show<LinkObject>},     {"help", cmd_link_help},
    {"pin", cmd_pin<LinkObject>},   {"detach", cmd_link_detach},
};

}  // namespace

Status cmd_link(Ctx& ctx, cli::ArgCursor& args) {
  return cli::dispatch(ctx, args, Dispatch{"link", kLinkCommands, cmd_link_help});
}

}  // namespace bpftool::commands
