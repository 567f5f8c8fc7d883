// `prog attach|detach PROG ATTACH_TYPE [MAP]`: sockmap/sockhash programs and
// the network namespace's flow dissector.
#include <linux/bpf.h>

#include <cerrno>
#include <cstring>

#include "commands/prog_ops.h"
#include "core/parse.h"
#include "model/names.h"
#include "model/resolve.h"
#include "sys/bpf.h"

namespace bpftool::commands {

namespace {

// The attach types these commands take, in enum order (upstream's
// parse_attach_type): the exact libbpf name, or a prefix of the legacy name.
struct AttachName {
  uint32_t type;
  const char* legacy;  // nullptr: no legacy spelling
};
constexpr AttachName kAttachTypes[] = {
    {BPF_SK_SKB_STREAM_PARSER, "stream_parser"},
    {BPF_SK_SKB_STREAM_VERDICT, "stream_verdict"},
    {BPF_SK_MSG_VERDICT, "msg_verdict"},
    {BPF_FLOW_DISSECTOR, nullptr},
    {BPF_SK_SKB_VERDICT, "skb_verdict"},
};

// The ATTACH_TYPE words of the grammar (libbpf's names), in upstream's help
// order: exact matches of these come first, then legacy prefixes.
constexpr std::string_view kAttachTypeWords[] = {
    "sk_msg_verdict", "sk_skb_verdict", "sk_skb_stream_verdict", "sk_skb_stream_parser", "flow_dissector",
};

std::optional<uint32_t> parse_attach_type(std::string_view word) {
  for (std::string_view w : kAttachTypeWords) {
    if (word == w) return model::attach_type_by_name(w);
  }
  for (const auto& a : kAttachTypes) {
    if (a.legacy && core::is_prefix(word, a.legacy)) return a.type;
  }
  return std::nullopt;
}

// Upstream returns -EINVAL for every failure of its own here (exit 234): too
// few words, an unknown type, a refused attach or detach whatever the errno.
constexpr int kEinvalStatus = Error::errno_exit_status(EINVAL);

Status attach_or_detach(Ctx& ctx, cli::ArgCursor& args, bool attach) {
  if (auto st = args.require(3); !st) return std::move(st).error().with_exit_status(kEinvalStatus);
  model::CollectContext cc;
  auto spec = model::parse_prog_selector(args);
  if (!spec) return std::move(spec).error();
  auto prog = model::resolve_prog(*spec, cc);
  if (!prog) return std::move(prog).error();
  if (auto st = args.require(1); !st) return std::move(st).error().with_exit_status(kEinvalStatus);
  const std::string& tword = args.next();
  auto type = parse_attach_type(tword);
  if (!type)
    return Error::msg("invalid attach/detach type '" + tword +
                      "' (expected sk_msg_verdict, sk_skb_verdict, sk_skb_stream_verdict, "
                      "sk_skb_stream_parser or flow_dissector)")
        .with_exit_status(kEinvalStatus);
  sys::MapFd map;
  if (*type != BPF_FLOW_DISSECTOR) {
    if (auto st = args.require(2); !st) return std::move(st).error().with_exit_status(kEinvalStatus);
    auto mspec = model::parse_map_selector(args);
    if (!mspec) return std::move(mspec).error();
    auto fd = model::resolve_map(*mspec, 0);
    if (!fd) return std::move(fd).error();
    map = std::move(*fd);
  }
  BT_TRY(args.finish());
  int target = map ? map.get() : 0;
  Status st = attach ? sys::prog_attach(prog->get(), target, *type) : sys::prog_detach(prog->get(), target, *type);
  if (!st) {
    int e = st.error().errnum();
    std::string what = attach ? "failed prog attach to map: " : "failed prog detach from map: ";
    if (*type == BPF_FLOW_DISSECTOR)
      what = attach ? "failed prog attach to the network namespace: " : "failed prog detach from the network namespace: ";
    return Error::msg(e, what + std::strerror(e)).with_exit_status(kEinvalStatus);
  }
  ctx.out.null_if_json();
  return {};
}

}  // namespace

std::span<const std::string_view> prog_attach_type_words() { return kAttachTypeWords; }

Status cmd_prog_attach(Ctx& ctx, cli::ArgCursor& args) { return attach_or_detach(ctx, args, true); }
Status cmd_prog_detach(Ctx& ctx, cli::ArgCursor& args) { return attach_or_detach(ctx, args, false); }

}  // namespace bpftool::commands
