// ArgCursor: walks a command's words in place of argc/argv arithmetic, with
// upstream bpftool's error wording for missing, extra and bad arguments.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace bpftool::cli {

class ArgCursor {
 public:
  /// `words` must outlive the cursor. `prev` is the keyword before words[0]
  /// (upstream's argv[-1], used in "'X' needs at least N arguments").
  explicit ArgCursor(std::span<const std::string> words, std::string_view prev = {})
      : words_(words), prev_(prev) {}

  bool empty() const { return pos_ >= words_.size(); }
  size_t remaining() const { return words_.size() - pos_; }
  /// The current word; empty view at the end.
  std::string_view peek() const { return empty() ? std::string_view{} : words_[pos_]; }
  std::string_view peek(size_t ahead) const {
    return pos_ + ahead < words_.size() ? std::string_view(words_[pos_ + ahead]) : std::string_view{};
  }
  /// The word just consumed (argv[-1]).
  std::string_view prev() const { return pos_ == 0 ? prev_ : std::string_view(words_[pos_ - 1]); }
  /// Consumes and returns the current word; call only when !empty().
  const std::string& next();
  /// True (and consumes) when the current word is a prefix of `keyword`.
  bool accept(std::string_view keyword);
  /// True when the current word is a prefix of `keyword` (no consumption).
  bool is(std::string_view keyword) const;
  /// Consumes one word, or fails with "'<prev>' needs at least 1 arguments, 0 found".
  Result<std::string> take();
  /// Consumes one word parsed as a u32 (strtoul base 0), or "can't parse X as <what>".
  Result<uint32_t> take_u32(std::string_view what);
  /// Upstream REQ_ARGS(n): fails unless at least n words remain.
  Status require(size_t n) const;
  /// Fails with upstream's BAD_ARG ("what is 'X'?") when words remain.
  Status finish() const;
  /// The remaining words.
  std::span<const std::string> rest() const { return words_.subspan(pos_); }
  size_t position() const { return pos_; }

 private:
  std::span<const std::string> words_;
  std::string_view prev_;
  size_t pos_ = 0;
};

}  // namespace bpftool::cli
