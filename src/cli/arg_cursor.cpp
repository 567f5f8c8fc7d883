#include "cli/arg_cursor.h"

#include "core/parse.h"

namespace bpftool::cli {

const std::string& ArgCursor::next() {
  if (empty()) BT_BUG("ArgCursor::next past the end");
  return words_[pos_++];
}

bool ArgCursor::is(std::string_view keyword) const {
  return !empty() && core::is_prefix(words_[pos_], keyword);
}

bool ArgCursor::accept(std::string_view keyword) {
  if (!is(keyword)) return false;
  pos_++;
  return true;
}

Status ArgCursor::require(size_t n) const {
  if (remaining() >= n) return {};
  return Error::msg("'" + std::string(prev()) + "' needs at least " + std::to_string(n) +
                    " arguments, " + std::to_string(remaining()) + " found");
}

Result<std::string> ArgCursor::take() {
  BT_TRY(require(1));
  return next();
}

Result<uint32_t> ArgCursor::take_u32(std::string_view what) {
  BT_TRY(require(1));
  const std::string& w = next();
  auto v = core::parse_u32(w);
  if (!v) return Error::msg("can't parse " + w + " as " + std::string(what));
  return *v;
}

Status ArgCursor::finish() const {
  if (empty()) return {};
  return Error::msg("what is '" + std::string(peek()) + "'?");
}

}  // namespace bpftool::cli
