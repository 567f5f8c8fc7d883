// `bpftool gen min_core_btf INPUT OUTPUT OBJECT [OBJECT...]`: the BTF of INPUT
// cut down to what the objects' CO-RE relocations reach (model/gen.cpp).
#include "commands/gen_ops.h"
#include "model/gen.h"

#include <string>
#include <vector>

namespace bpftool::commands {

Status cmd_gen_min_core_btf(Ctx& ctx, cli::ArgCursor& args) {
  BT_TRY(args.require(3));
  std::string input = args.next();
  std::string output = args.next();
  std::vector<std::string> objects;
  while (!args.empty()) objects.push_back(args.next());
  BT_TRY(model::min_core_btf(input, output, objects));
  ctx.out.null_if_json();
  return {};
}

}  // namespace bpftool::commands
