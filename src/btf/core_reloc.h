// CO-RE relocations resolved against a target BTF without libbpf's internals
// (relo_core.h is not installed in libbpf 1.1): the access-string walk over the
// local BTF, candidate search by essential name, libbpf's matching rules, and
// the minimal BTF that keeps only what the matched relocations reach (bpftool's
// btfgen). Pure computation on `struct btf`: no files, no kernel.
#pragma once

#include <bpf/btf.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "btf/btf_ext.h"
#include "core/result.h"

namespace bpftool::btf {

/// libbpf's BPF_CORE_SPEC_MAX_LEN: the deepest access string accepted.
inline constexpr size_t kCoreSpecMaxLen = 64;

/// One high-level step of a spec: a named member (name set) or an array index.
struct CoreAccessor {
  uint32_t type_id = 0;
  uint32_t idx = 0;
  const char* name = nullptr;  // points into the spec's BTF strings
};

/// libbpf's bpf_core_spec: an access string resolved against one BTF.
struct CoreSpec {
  const struct btf* btf = nullptr;
  uint32_t root_type_id = 0;
  uint32_t kind = 0;                  // enum bpf_core_relo_kind
  std::vector<CoreAccessor> spec;     // named fields and array indices
  std::vector<uint32_t> raw_spec;     // every step of the access string
  uint64_t bit_offset = 0;
};

/// The length of `name` without its "___flavor" suffix (libbpf's rule: the
/// last "X___Y" where X and Y are not underscores).
size_t essential_name_len(std::string_view name);

/// Parses `relo`'s access string against the local BTF (bpf_core_parse_spec).
/// EINVAL for a malformed string or a step the types do not allow, E2BIG past
/// kCoreSpecMaxLen steps.
Result<CoreSpec> parse_core_spec(const struct btf* local, const CoreRelo& relo);

/// Types of `targ` with the same kind (enum and enum64 count as one) and the
/// same essential name as local type `local_id`, in id order.
Result<std::vector<uint32_t>> find_core_candidates(const struct btf* local, uint32_t local_id,
                                                   const struct btf* targ);

/// Matches `local` against target type `targ_id` (bpf_core_spec_match): true
/// and `out` filled when it matches, false when not, an error for bad BTF.
Result<bool> match_core_spec(const CoreSpec& local, const struct btf* targ, uint32_t targ_id, CoreSpec& out);

/// The target spec of one relocation: the first matching candidate, checked
/// for field offset ambiguity against the others (as bpf_core_calc_relo_insn).
/// nullopt when nothing matched or the relocation needs no target
/// (BPF_CORE_TYPE_ID_LOCAL). Errors carry libbpf's reasons.
Result<std::optional<CoreSpec>> resolve_core_relo(const struct btf* local, const CoreRelo& relo,
                                                  const struct btf* targ, std::span<const uint32_t> cands);

/// Collects the types and members of a complete BTF that resolved relocations
/// reach and writes them out as a new BTF (bpftool's btfgen_* functions).
class BtfMinimizer {
 public:
  /// `src` must outlive the minimizer.
  explicit BtfMinimizer(const struct btf* src);

  /// Marks what target spec `targ` needs: field relocations keep the members
  /// on the path, type relocations the type (pointers followed), TYPE_MATCHES
  /// the type with all its members, enum value relocations the whole enum.
  Status record(const CoreSpec& targ);

  /// The raw BTF of the marked types, in their original order; members not
  /// marked are dropped and references to unmarked types become void.
  Result<std::vector<std::byte>> build() const;

  /// Whether type `id` / member `idx` of `id` was marked (tests).
  bool type_marked(uint32_t id) const { return id < state_.size() && state_[id] != 0; }
  bool member_marked(uint32_t id, uint32_t idx) const;

 private:
  Status mark_type(uint32_t id, bool follow_pointers);
  Status mark_type_match(uint32_t id);
  Status record_field(const CoreSpec& targ);
  void mark_member(uint32_t id, uint32_t idx);

  const struct btf* src_;
  // Per type id: 0 unmarked, 1 marked, 2 marked with the pointers below it followed.
  std::vector<uint8_t> state_;
  // Per type id, for TYPE_MATCHES: bit 0 visited in front of a pointer, bit 1 behind one.
  std::vector<uint8_t> match_state_;
  std::unordered_map<uint32_t, std::vector<bool>> members_;
};

}  // namespace bpftool::btf
