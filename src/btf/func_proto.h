// Types as the C-like one-line text upstream's btf_dumper_type_only prints:
// function prototypes above each function of `prog dump`, and later
// `btf dump format c`. Reads a parsed `struct btf` only: no kernel access.
#pragma once

#include <bpf/btf.h>

#include <cstdint>
#include <string>

namespace bpftool::btf {

/// upstream's btf_dumper_type_only: a function (or any type) as C-like text,
/// "int f(struct __sk_buff * skb)"; "" when `btf` is null, the type cannot be
/// printed, or the text reaches upstream's 1024-character buffer.
std::string type_signature(const struct btf* btf, uint32_t type_id);

}  // namespace bpftool::btf
