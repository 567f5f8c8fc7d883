// `bpftool gen object OUTPUT_FILE INPUT_FILE [INPUT_FILE...]`: libbpf's static
// linker; the output appears only when the link succeeded (model/gen.cpp).
#include "commands/gen_ops.h"
#include "model/gen.h"

#include <string>
#include <vector>

namespace bpftool::commands {

Status cmd_gen_object(Ctx& ctx, cli::ArgCursor& args) {
  BT_TRY(args.require(2));
  std::string output = args.next();
  std::vector<std::string> inputs;
  while (!args.empty()) inputs.push_back(args.next());
  BT_TRY(model::link_objects(output, inputs));
  ctx.out.null_if_json();
  return {};
}

}  // namespace bpftool::commands
