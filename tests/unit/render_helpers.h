// Helpers for renderer golden tests: render records the way `show` prints them
// (plain: one after another; JSON: a bare object for one record, an array for
// several, then the writer's final newline) and compare with tests/golden/.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "output/json_writer.h"
#include "output/out_stream.h"
#include "unit/golden.h"

namespace bpftool::golden {

template <class Rec>
std::string plain_of(const std::vector<Rec>& recs, void (*fn)(output::OutStream&, const Rec&)) {
  std::string s;
  {
    output::OutStream o(&s);
    for (const auto& r : recs) fn(o, r);
  }
  return s;
}

template <class Rec>
std::string json_of(const std::vector<Rec>& recs, void (*fn)(output::JsonWriter&, const Rec&), bool pretty) {
  std::string s;
  {
    output::OutStream o(&s);
    output::JsonWriter w(o, pretty);
    if (recs.size() != 1) w.start_array();
    for (const auto& r : recs) fn(w, r);
    if (recs.size() != 1) w.end_array();
    w.finish();
  }
  return s;
}

/// Compares <base>.txt (plain), <base>.json (compact) and <base>.pretty.json.
template <class Rec>
void expect_goldens(const std::string& base, const std::vector<Rec>& recs,
                    void (*plain_fn)(output::OutStream&, const Rec&),
                    void (*json_fn)(output::JsonWriter&, const Rec&)) {
  SCOPED_TRACE(base);
  EXPECT_GOLDEN(base + ".txt", plain_of(recs, plain_fn));
  EXPECT_GOLDEN(base + ".json", json_of(recs, json_fn, false));
  EXPECT_GOLDEN(base + ".pretty.json", json_of(recs, json_fn, true));
}

/// loaded_at in plain output is local time: pin the zone.
inline void set_tz(const char* tz) {
  setenv("TZ", tz, 1);
  tzset();
}

class RenderTest : public ::testing::Test {
 protected:
  void SetUp() override { set_tz("UTC"); }
};

}  // namespace bpftool::golden
