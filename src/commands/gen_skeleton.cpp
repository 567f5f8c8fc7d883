// `bpftool gen skeleton` and `gen subskeleton`: the grammar, reading the
// object file and writing the header model::generate_skeleton makes.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>

#include "commands/gen_ops.h"
#include "commands/object_commands.h"
#include "model/skeleton.h"

namespace bpftool::commands {

namespace {

struct SkeletonArgs {
  std::string file;
  std::string obj_name;
  model::SkeletonKind kind = model::SkeletonKind::C;
};

// upstream usage(): the error, then the object's help; not in JSON mode,
// where upstream's `,null` after the error makes the output invalid JSON.
Error usage_error(Ctx& ctx, Error e) {
  ctx.out.error(e);
  if (!ctx.out.json()) {
    cli::ArgCursor none({});
    (void)cmd_help<gen_help_spec>(ctx, none);
  }
  e.mark_reported();
  return e;
}

// FILE [name OBJECT_NAME] [lang {c|c++}]; `lang` is ours (skeleton only).
Result<SkeletonArgs> parse_args(Ctx& ctx, cli::ArgCursor& args, bool allow_lang) {
  SkeletonArgs a;
  auto file = args.take();
  if (!file) return usage_error(ctx, std::move(file).error());
  a.file = std::move(*file);
  std::optional<std::string> lang;
  while (!args.empty()) {
    BT_TRY(args.require(2));
    if (args.accept("name")) {
      if (!a.obj_name.empty()) return Error::msg("object name already specified");
      a.obj_name = args.next().substr(0, 63);  // upstream's MAX_OBJ_NAME_LEN - 1
    } else if (allow_lang && args.accept("lang")) {
      if (lang) return Error::msg("language already specified");
      lang = args.next();
      if (*lang == "c++")
        a.kind = model::SkeletonKind::Cpp;
      else if (*lang != "c")
        return Error::msg("unknown language '" + *lang + "', expected 'c' or 'c++'");
    } else {
      return Error::msg("unknown arg " + std::string(args.peek()));
    }
  }
  if (a.obj_name.empty()) a.obj_name = model::default_object_name(a.file);
  // Upstream writes any name into the header, which then does not compile.
  if (!model::is_c_identifier(a.obj_name))
    return Error::msg("object name '" + a.obj_name +
                      "' is not a valid C identifier; choose one with 'name OBJECT_NAME'");
  return a;
}

Result<std::string> read_object(const std::string& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0)
    return Error::msg(errno, "failed to stat() " + file + ": " + std::strerror(errno));
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error::msg(errno, "failed to open() " + file + ": " + std::strerror(errno));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Error::msg(EIO, "failed to read() " + file);
  return bytes;
}

Status generate(Ctx& ctx, const SkeletonArgs& a) {
  auto bytes = read_object(a.file);
  if (!bytes) return std::move(bytes).error();
  auto header = model::generate_skeleton(*bytes, a.obj_name, a.kind);
  if (!header) return std::move(header).error();
  for (const auto& e : header->errors) ctx.out.error(Error::msg(e));
  ctx.out.out().write(header->text);
  return {};
}

}  // namespace

Status cmd_gen_skeleton(Ctx& ctx, cli::ArgCursor& args) {
  auto a = parse_args(ctx, args, true);
  if (!a) return std::move(a).error();
  if (ctx.opt.use_loader)
    return Error::msg(ENOTSUP, "light skeletons (-L gen skeleton) are not supported by bpftool-cpp yet");
  return generate(ctx, *a);
}

Status cmd_gen_subskeleton(Ctx& ctx, cli::ArgCursor& args) {
  auto a = parse_args(ctx, args, false);
  if (!a) return std::move(a).error();
  if (ctx.opt.use_loader) return Error::msg("cannot use loader for subskeletons");
  a->kind = model::SkeletonKind::Subskeleton;
  return generate(ctx, *a);
}

}  // namespace bpftool::commands
