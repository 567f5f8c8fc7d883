#include "output/value.h"

namespace bpftool::output {

void Value::write(JsonWriter& w) const {
  switch (kind_) {
    case Kind::Null: w.null(); break;
    case Kind::Bool: w.boolean(u_ != 0); break;
    case Kind::Int: w.int_(i_); break;
    case Kind::Uint: w.uint(u_); break;
    case Kind::String: w.string(s_); break;
    case Kind::Raw: w.raw(s_); break;
    case Kind::Array:
      w.start_array();
      for (const auto& v : items_) v.write(w);
      w.end_array();
      break;
    case Kind::Object:
      w.start_object();
      for (const auto& [k, v] : members_) {
        w.name(k);
        v.write(w);
      }
      w.end_object();
      break;
  }
}

}  // namespace bpftool::output
