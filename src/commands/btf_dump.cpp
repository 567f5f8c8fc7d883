// `bpftool btf dump BTF_SRC [format {raw | c [unsorted]}] [root_id ID]...`:
// upstream's grammar, messages and exit codes (btf.c do_dump).
#include <bpf/btf.h>

#include <algorithm>
#include <string>
#include <vector>

#include "btf/c_dump.h"
#include "btf/raw_dump.h"
#include "commands/ctx.h"
#include "commands/object_commands.h"
#include "model/btf_source.h"
#include "model/selector.h"

namespace bpftool::commands {

const cli::HelpSpec& btf_help_spec();

namespace {

constexpr size_t kMaxRootIds = 16;  // upstream's MAX_ROOT_IDS

Error invalid(std::string msg) { return Error::msg(EINVAL, std::move(msg)).with_errno_status(); }

struct DumpRequest {
  model::LoadedBtf loaded;        // set for `file`
  std::optional<uint32_t> btf_id;  // set for id/prog/map
  std::vector<uint32_t> roots;
  bool have_id_filtering = false;  // map key/value/kv set the roots
  bool dump_c = false;
  bool sorted = true;
};

// BTF_SRC: the source words, loading a file at once as upstream does.
Status parse_source(Ctx& ctx, cli::ArgCursor& args, DumpRequest& req) {
  const std::string src = args.next();
  auto is_prefix = [&](std::string_view kw) { return kw.starts_with(src); };
  if (is_prefix("map")) {
    if (auto st = args.require(2); !st) return usage_error<btf_help_spec>(ctx, std::move(st).error());
    auto sel = model::parse_map_selector(args);
    if (!sel) return std::move(sel).error();
    auto ids = model::map_btf_ids(*sel);
    if (!ids) return std::move(ids).error();
    req.btf_id = ids->btf_id;
    if (!args.empty() && args.accept("key")) {
      req.roots = {ids->key_type_id};
    } else if (!args.empty() && args.accept("value")) {
      req.roots = {ids->value_type_id};
    } else if (!args.empty() && args.accept("all")) {
    } else {
      if (!args.empty()) (void)args.accept("kv");
      req.roots = {ids->key_type_id, ids->value_type_id};
    }
    req.have_id_filtering = !req.roots.empty();
    return {};
  }
  if (is_prefix("prog")) {
    if (auto st = args.require(2); !st) return usage_error<btf_help_spec>(ctx, std::move(st).error());
    auto sel = model::parse_prog_selector(args);
    if (!sel) return std::move(sel).error();
    auto id = model::prog_btf_id(*sel);
    if (!id) return std::move(id).error();
    req.btf_id = *id;
    return {};
  }
  if (is_prefix("id")) {
    auto id = args.take_u32("ID");
    if (!id) return std::move(id).error();
    req.btf_id = *id;
    return {};
  }
  if (is_prefix("file")) {
    auto loaded = model::load_btf_file(args.next(), ctx.opt.base_btf);
    if (!loaded) return std::move(loaded).error();
    req.loaded = std::move(*loaded);
    return {};
  }
  return Error::msg("unrecognized BTF source specifier: '" + src + "'");
}

Status parse_options(cli::ArgCursor& args, DumpRequest& req) {
  while (!args.empty()) {
    if (args.accept("format")) {
      // Upstream's message ends with a newline of its own.
      if (args.empty()) return invalid("expecting value for 'format' option\n");
      const std::string& f = args.next();
      if (f == "c") req.dump_c = true;
      else if (f == "raw") req.dump_c = false;
      else return invalid("unrecognized format specifier: '" + f + "', possible values: raw, c");
    } else if (args.accept("root_id")) {
      if (req.have_id_filtering) return invalid("cannot use root_id with other type filtering");
      if (req.roots.size() == kMaxRootIds)
        return Error::msg(E2BIG, "only " + std::to_string(kMaxRootIds) + " root_id are supported").with_errno_status();
      auto id = args.take_u32("root ID");
      if (!id) return std::move(id).error();
      if (std::find(req.roots.begin(), req.roots.end(), *id) != req.roots.end())
        return invalid("duplicate root_id " + std::to_string(*id) + " supplied");
      req.roots.push_back(*id);
    } else if (args.accept("unsorted")) {
      req.sorted = false;
    } else {
      return invalid("unrecognized option: '" + std::string(args.peek()) + "'");
    }
  }
  return {};
}

}  // namespace

Status cmd_btf_dump(Ctx& ctx, cli::ArgCursor& args) {
  if (auto st = args.require(2); !st) return usage_error<btf_help_spec>(ctx, std::move(st).error());
  DumpRequest req;
  BT_TRY(parse_source(ctx, args, req));
  BT_TRY(parse_options(args, req));

  if (!req.loaded.btf) {
    auto loaded = model::load_btf_by_id(*req.btf_id, ctx.opt.base_btf);
    if (!loaded) return std::move(loaded).error();
    if (loaded->fell_back_to_vmlinux)
      ctx.out.info(std::string("Warning: valid base BTF was not specified with -B option, falling back to standard base BTF (") +
                   model::kSysfsVmlinux + ")");
    req.loaded = std::move(*loaded);
  }
  const struct btf* btf = req.loaded.btf.get();
  const uint32_t cnt = btf__type_cnt(btf);
  for (uint32_t id : req.roots)
    if (id >= cnt) return invalid("invalid root ID: " + std::to_string(id));

  if (req.dump_c) {
    if (ctx.out.json())
      return Error::msg(EOPNOTSUPP, "JSON output for C-syntax dump is not supported").with_errno_status();
    return btf::dump_c(ctx.out.out(), btf, req.roots, req.sorted);
  }
  if (ctx.out.json()) btf::dump_raw_json(ctx.out.jw(), btf, req.roots);
  else btf::dump_raw_plain(ctx.out.out(), btf, req.roots);
  return {};
}

}  // namespace bpftool::commands
