// output/Value, ValueBuilder, OutStream (capture mode) and Output (errors,
// notes, null for silent commands).
#include <gtest/gtest.h>

#include <cerrno>
#include <string>

#include "output/output.h"
#include "output/out_stream.h"
#include "output/value.h"
#include "output/value_builder.h"

namespace bpftool::output {
namespace {

std::string to_json(const Value& v, bool pretty = false) {
  std::string s;
  {
    OutStream o(&s);
    JsonWriter w(o, pretty);
    v.write(w);
  }
  return s;
}

Value sample_value() {
  Value root = Value::object();
  root.set("id", Value::uint(18446744073709551615ull));
  root.set("neg", Value::int_(-5));
  root.set("ok", Value::boolean(true));
  root.set("none", Value::null());
  root.set("hex", Value::raw("0x1f"));
  root.set("name", Value::string("a\"b"));
  Value& arr = root.set("list", Value::array());
  arr.push(Value::uint(1));
  arr.push(Value::object()).set("inner", Value::string("x"));
  arr.push(Value::array());
  root.set("empty", Value::object());
  return root;
}

constexpr const char* kSampleCompact =
    R"({"id":18446744073709551615,"neg":-5,"ok":true,"none":null,"hex":0x1f,"name":"a\"b",)"
    R"("list":[1,{"inner":"x"},[]],"empty":{}})";

TEST(Value, writes_every_kind) { EXPECT_EQ(to_json(sample_value()), kSampleCompact); }

TEST(Value, writes_pretty_like_the_writer) {
  EXPECT_EQ(to_json(sample_value(), true),
            "{\n"
            "    \"id\": 18446744073709551615,\n"
            "    \"neg\": -5,\n"
            "    \"ok\": true,\n"
            "    \"none\": null,\n"
            "    \"hex\": 0x1f,\n"
            "    \"name\": \"a\\\"b\",\n"
            "    \"list\": [1,{\n"
            "            \"inner\": \"x\"\n"
            "        },[]\n"
            "    ],\n"
            "    \"empty\": {}\n"
            "}");
}

TEST(Value, accessors) {
  Value v = sample_value();
  EXPECT_EQ(v.kind(), Value::Kind::Object);
  ASSERT_EQ(v.members().size(), 8u);
  EXPECT_EQ(v.members()[0].first, "id");
  EXPECT_EQ(v.members()[0].second.as_uint(), 18446744073709551615ull);
  EXPECT_EQ(v.members()[1].second.as_int(), -5);
  EXPECT_TRUE(v.members()[2].second.as_bool());
  EXPECT_EQ(v.members()[3].second.kind(), Value::Kind::Null);
  EXPECT_EQ(v.members()[4].second.kind(), Value::Kind::Raw);
  EXPECT_EQ(v.members()[5].second.as_string(), "a\"b");
  EXPECT_EQ(v.members()[6].second.items().size(), 3u);
  EXPECT_EQ(Value().kind(), Value::Kind::Null);
}

// Replays the same calls into a JsonWriter and a ValueBuilder.
template <class Sink>
void emit(Sink& w) {
  w.start_object();
  w.name("id");
  w.uint(18446744073709551615ull);
  w.name("neg");
  w.int_(-5);
  w.name("ok");
  w.boolean(true);
  w.name("none");
  w.null();
  w.name("hex");
  w.raw("0x1f");
  w.name("name");
  w.string("a\"b");
  w.name("list");
  w.start_array();
  w.uint(1);
  w.start_object();
  w.name("inner");
  w.string("x");
  w.end_object();
  w.start_array();
  w.end_array();
  w.end_array();
  w.name("empty");
  w.start_object();
  w.end_object();
  w.end_object();
}

TEST(ValueBuilder, round_trips_through_value) {
  ValueBuilder b;
  emit(b);
  Value v = b.take();
  std::string direct;
  {
    OutStream o(&direct);
    JsonWriter w(o, false);
    emit(w);
  }
  EXPECT_EQ(direct, kSampleCompact);
  EXPECT_EQ(to_json(v), direct);
}

TEST(ValueBuilder, scalar_at_top_level) {
  ValueBuilder b;
  b.int_(-3);
  Value v = b.take();
  EXPECT_EQ(v.kind(), Value::Kind::Int);
  EXPECT_EQ(to_json(v), "-3");
}

TEST(ValueBuilder, deep_nesting_keeps_parents_valid) {
  // Siblings added after a nested container must not invalidate the parents
  // the builder still points into.
  ValueBuilder b;
  b.start_array();
  for (int i = 0; i < 50; i++) {
    b.start_object();
    b.name("i");
    b.uint(static_cast<uint64_t>(i));
    b.name("a");
    b.start_array();
    b.uint(1);
    b.end_array();
    b.end_object();
  }
  b.end_array();
  Value v = b.take();
  ASSERT_EQ(v.items().size(), 50u);
  EXPECT_EQ(v.items()[49].members()[0].second.as_uint(), 49u);
  EXPECT_EQ(to_json(v.items()[7]), R"({"i":7,"a":[1]})");
}

TEST(OutStream, capture_receives_text_on_flush) {
  std::string s;
  OutStream o(&s);
  o.write("ab");
  o.put('c');
  o.put_uint(18446744073709551615ull);
  o.put_int(-12);
  o.print("{}-{:x}", "x", 255);
  EXPECT_EQ(s, "");  // still buffered
  EXPECT_EQ(o.total(), 2u + 1u + 20u + 3u + 4u);
  o.flush();
  EXPECT_EQ(s, "abc18446744073709551615-12x-ff");
  o.write("!");
  o.flush();
  EXPECT_EQ(s, "abc18446744073709551615-12x-ff!");
  EXPECT_EQ(o.total(), s.size());
}

TEST(OutStream, destructor_flushes) {
  std::string s;
  {
    OutStream o(&s);
    o.write("tail");
  }
  EXPECT_EQ(s, "tail");
}

TEST(OutStream, large_writes_flush_on_their_own) {
  std::string s;
  OutStream o(&s);
  std::string chunk(1000, 'x');
  for (int i = 0; i < 100; i++) o.write(chunk);
  EXPECT_GE(s.size(), 64u * 1024u);  // passed the capture threshold
  o.flush();
  EXPECT_EQ(s.size(), 100000u);
}

TEST(Output, json_error_lands_at_the_current_position) {
  std::string s;
  {
    OutStream o(&s);
    Output out(o, true, false);
    out.jw().start_array();
    out.error(Error::sys(EPERM, "can't get next program"));
    out.jw().end_array();
    out.finish();
  }
  EXPECT_EQ(s, "[{\"error\":\"can't get next program: Operation not permitted\"}]\n");
}

TEST(Output, json_error_message_is_escaped) {
  // Upstream printed messages raw, which made `-j prog show id 'a"b'` invalid JSON.
  std::string s;
  {
    OutStream o(&s);
    Output out(o, true, false);
    out.error(Error::msg("can't parse a\"b\\c as ID"));
    out.finish();
  }
  EXPECT_EQ(s, "{\"error\":\"can't parse a\\\"b\\\\c as ID\"}\n");
}

TEST(Output, pretty_implies_json) {
  std::string s;
  OutStream o(&s);
  Output out(o, false, true);
  EXPECT_TRUE(out.json());
  EXPECT_TRUE(out.pretty());
  EXPECT_NE(out.jw_ptr(), nullptr);
  EXPECT_TRUE(out.jw().pretty());
}

TEST(Output, plain_mode_has_no_writer_and_errors_go_to_stderr) {
  std::string s;
  OutStream o(&s);
  Output out(o, false, false);
  EXPECT_FALSE(out.json());
  EXPECT_EQ(out.jw_ptr(), nullptr);
  o.write("before ");
  testing::internal::CaptureStderr();
  out.error(Error::msg("what is 'id'?"));
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(err, "Error: what is 'id'?\n");
  EXPECT_EQ(s, "before ");  // stdout flushed before the error line
}

TEST(Output, fail_reports_once) {
  std::string s;
  {
    OutStream o(&s);
    Output out(o, true, false);
    out.jw().start_array();
    Error e = out.fail(Error::msg("x"));
    EXPECT_TRUE(e.reported());
    out.error(e);  // already reported: ignored
    out.jw().end_array();
    out.finish();
  }
  EXPECT_EQ(s, "[{\"error\":\"x\"}]\n");
}

TEST(Output, info_is_silent_in_json_mode) {
  std::string s;
  OutStream o(&s);
  Output out(o, true, false);
  testing::internal::CaptureStderr();
  out.info("a note");
  out.infof("note {}", 2);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST(Output, info_goes_to_stderr_in_plain_mode) {
  std::string s;
  OutStream o(&s);
  Output out(o, false, false);
  testing::internal::CaptureStderr();
  out.info("a note");
  out.infof("note {}", 2);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "a note\nnote 2\n");
}

TEST(Output, null_if_json) {
  std::string js, ps;
  {
    OutStream o(&js);
    Output out(o, true, false);
    out.null_if_json();
    out.finish();
  }
  {
    OutStream o(&ps);
    Output out(o, false, false);
    out.null_if_json();
    out.finish();
  }
  EXPECT_EQ(js, "null\n");
  EXPECT_EQ(ps, "");
}

}  // namespace
}  // namespace bpftool::output
