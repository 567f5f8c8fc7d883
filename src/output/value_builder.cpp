#include "output/value_builder.h"

namespace bpftool::output {

void ValueBuilder::add(Value v) {
  if (stack_.empty()) {
    root_ = std::move(v);
    return;
  }
  Value* top = stack_.back();
  if (top->kind() == Value::Kind::Object) top->set(std::move(key_), std::move(v));
  else top->push(std::move(v));
  key_.clear();
}

void ValueBuilder::open(Value v) {
  if (stack_.empty()) {
    root_ = std::move(v);
    stack_.push_back(&root_);
    return;
  }
  Value* top = stack_.back();
  Value* child = top->kind() == Value::Kind::Object ? &top->set(std::move(key_), std::move(v))
                                                    : &top->push(std::move(v));
  key_.clear();
  stack_.push_back(child);
}

void ValueBuilder::close() {
  if (!stack_.empty()) stack_.pop_back();
}

}  // namespace bpftool::output
