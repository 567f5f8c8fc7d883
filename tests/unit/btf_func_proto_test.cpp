// btf::type_signature against upstream's btf_dumper_type_only output, on BTF
// built in memory.
#include "btf/func_proto.h"

#include <bpf/btf.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace bpftool::btf {
namespace {

struct BtfFree {
  void operator()(struct btf* b) const { btf__free(b); }
};

TEST(BtfSignature, prints_functions_as_upstream) {
  std::unique_ptr<struct btf, BtfFree> b(btf__new_empty());
  int i32 = btf__add_int(b.get(), "int", 4, BTF_INT_SIGNED);
  int u32 = btf__add_typedef(b.get(), "__u32", btf__add_int(b.get(), "unsigned int", 4, 0));
  int skb = btf__add_struct(b.get(), "__sk_buff", 0);
  int pskb = btf__add_ptr(b.get(), skb);
  int pvoid = btf__add_ptr(b.get(), 0);
  int cchar = btf__add_const(b.get(), btf__add_int(b.get(), "char", 1, BTF_INT_SIGNED));
  int pcchar = btf__add_ptr(b.get(), cchar);

  int proto1 = btf__add_func_proto(b.get(), i32);
  btf__add_func_param(b.get(), "skb", pskb);
  int f1 = btf__add_func(b.get(), "dump_calls", BTF_FUNC_GLOBAL, proto1);
  EXPECT_EQ(type_signature(b.get(), f1), "int dump_calls(struct __sk_buff * skb)");

  int proto2 = btf__add_func_proto(b.get(), i32);
  btf__add_func_param(b.get(), "index", u32);
  btf__add_func_param(b.get(), "data", pvoid);
  int f2 = btf__add_func(b.get(), "cb", BTF_FUNC_STATIC, proto2);
  EXPECT_EQ(type_signature(b.get(), f2), "int cb(__u32 index, void * data)");

  // Unnamed and variadic parameters, a void return.
  int proto3 = btf__add_func_proto(b.get(), 0);
  btf__add_func_param(b.get(), "", pcchar);
  btf__add_func_param(b.get(), "", 0);
  int f3 = btf__add_func(b.get(), "printk", BTF_FUNC_EXTERN, proto3);
  EXPECT_EQ(type_signature(b.get(), f3), "void printk(const char *, ...)");

  // Too long for upstream's 1024-byte buffer: nothing.
  std::string long_name(1100, 'x');
  int f4 = btf__add_func(b.get(), long_name.c_str(), BTF_FUNC_GLOBAL, proto1);
  EXPECT_EQ(type_signature(b.get(), f4), "");
  EXPECT_EQ(type_signature(b.get(), 9999), "");
  EXPECT_EQ(type_signature(nullptr, f1), "");
}

}  // namespace
}  // namespace bpftool::btf
