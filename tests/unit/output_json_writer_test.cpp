// output/JsonWriter: upstream json_writer's layout (compact and pretty), full
// escaping, auto-null for dangling names, finish().
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "output/json_writer.h"
#include "output/out_stream.h"

namespace bpftool::output {
namespace {

std::string render(bool pretty, const std::function<void(JsonWriter&)>& fn, bool finish = false) {
  std::string s;
  {
    OutStream o(&s);
    JsonWriter w(o, pretty);
    fn(w);
    if (finish) w.finish();
  }
  return s;
}

std::string compact(const std::function<void(JsonWriter&)>& fn) { return render(false, fn); }
std::string pretty(const std::function<void(JsonWriter&)>& fn) { return render(true, fn); }

std::string escaped(std::string_view s) {
  fmt::memory_buffer b;
  JsonWriter::escape_into(b, s);
  return fmt::to_string(b);
}

// The listing of show.md §9: objects in an array, a scalar array, an array of objects.
void sample_listing(JsonWriter& w) {
  w.start_array();
  w.start_object();
  w.uint_field("id", 1);
  w.name("map_ids");
  w.start_array();
  w.uint(3);
  w.uint(4);
  w.end_array();
  w.name("pids");
  w.start_array();
  w.start_object();
  w.int_field("pid", 5);
  w.string_field("comm", "x");
  w.end_object();
  w.end_array();
  w.end_object();
  w.start_object();
  w.uint_field("id", 2);
  w.end_object();
  w.end_array();
}

TEST(JsonWriter, compact_has_no_whitespace) {
  EXPECT_EQ(compact(sample_listing), R"([{"id":1,"map_ids":[3,4],"pids":[{"pid":5,"comm":"x"}]},{"id":2}])");
}

TEST(JsonWriter, pretty_matches_upstream_layout) {
  EXPECT_EQ(pretty(sample_listing),
            "[{\n"
            "        \"id\": 1,\n"
            "        \"map_ids\": [3,4\n"
            "        ],\n"
            "        \"pids\": [{\n"
            "                \"pid\": 5,\n"
            "                \"comm\": \"x\"\n"
            "            }\n"
            "        ]\n"
            "    },{\n"
            "        \"id\": 2\n"
            "    }\n"
            "]");
}

TEST(JsonWriter, pretty_top_level_object_matches_btf_show_sample) {
  // errors.md §6: `bpftool -p btf show id 68`.
  auto out = render(
      true,
      [](JsonWriter& w) {
        w.start_object();
        w.uint_field("id", 68);
        w.uint_field("size", 571);
        w.name("prog_ids");
        w.start_array();
        w.uint(138);
        w.uint(136);
        w.end_array();
        w.name("map_ids");
        w.start_array();
        w.end_array();
        w.bool_field("kernel", false);
        w.end_object();
      },
      true);
  EXPECT_EQ(out,
            "{\n"
            "    \"id\": 68,\n"
            "    \"size\": 571,\n"
            "    \"prog_ids\": [138,136\n"
            "    ],\n"
            "    \"map_ids\": [],\n"
            "    \"kernel\": false\n"
            "}\n");
}

TEST(JsonWriter, pretty_nested_objects_match_version_sample) {
  // errors.md §3: `bpftool -p version`.
  auto out = pretty([](JsonWriter& w) {
    w.start_object();
    w.string_field("version", "7.5.0");
    w.string_field("libbpf_version", "1.5");
    w.name("features");
    w.start_object();
    w.bool_field("libbfd", false);
    w.bool_field("llvm", false);
    w.end_object();
    w.end_object();
  });
  EXPECT_EQ(out,
            "{\n"
            "    \"version\": \"7.5.0\",\n"
            "    \"libbpf_version\": \"1.5\",\n"
            "    \"features\": {\n"
            "        \"libbfd\": false,\n"
            "        \"llvm\": false\n"
            "    }\n"
            "}");
}

TEST(JsonWriter, pretty_error_inside_array_matches_sample) {
  // errors.md §12: `bpftool -p prog show` without privileges.
  auto out = pretty([](JsonWriter& w) {
    w.start_array();
    w.start_object();
    w.string_field("error", "can't get next program: Operation not permitted");
    w.end_object();
    w.end_array();
  });
  EXPECT_EQ(out,
            "[{\n"
            "        \"error\": \"can't get next program: Operation not permitted\"\n"
            "    }\n"
            "]");
}

TEST(JsonWriter, empty_containers_stay_on_one_line) {
  EXPECT_EQ(compact([](JsonWriter& w) { w.start_array(); w.end_array(); }), "[]");
  EXPECT_EQ(pretty([](JsonWriter& w) { w.start_array(); w.end_array(); }), "[]");
  EXPECT_EQ(pretty([](JsonWriter& w) { w.start_object(); w.end_object(); }), "{}");
  EXPECT_EQ(pretty([](JsonWriter& w) {
              w.start_object();
              w.name("a");
              w.start_object();
              w.end_object();
              w.name("b");
              w.start_array();
              w.end_array();
              w.end_object();
            }),
            "{\n    \"a\": {},\n    \"b\": []\n}");
}

TEST(JsonWriter, pretty_arrays_of_arrays_keep_scalars_inline) {
  EXPECT_EQ(pretty([](JsonWriter& w) {
              w.start_array();
              w.start_array();
              w.uint(1);
              w.end_array();
              w.start_array();
              w.end_array();
              w.end_array();
            }),
            "[[1\n    ],[]\n]");
}

TEST(JsonWriter, scalar_values) {
  EXPECT_EQ(compact([](JsonWriter& w) {
              w.start_array();
              w.uint(18446744073709551615ull);
              w.int_(-9223372036854775807 - 1);
              w.int_(0);
              w.boolean(true);
              w.boolean(false);
              w.null();
              w.raw("0x1f");
              w.string("");
              w.end_array();
            }),
            R"([18446744073709551615,-9223372036854775808,0,true,false,null,0x1f,""])");
}

TEST(JsonWriter, field_helpers) {
  EXPECT_EQ(compact([](JsonWriter& w) {
              w.start_object();
              w.string_field("s", "v");
              w.uint_field("u", 1);
              w.int_field("i", -1);
              w.bool_field("b", true);
              w.null_field("n");
              w.end_object();
            }),
            R"({"s":"v","u":1,"i":-1,"b":true,"n":null})");
}

TEST(JsonWriter, escapes_quotes_and_backslashes) {
  EXPECT_EQ(escaped(R"(a"b\c)"), R"(a\"b\\c)");
  EXPECT_EQ(escaped("/path/x"), "/path/x");  // '/' is not escaped, as upstream
}

TEST(JsonWriter, escapes_c_control_characters_with_short_forms) {
  EXPECT_EQ(escaped("\t\n\r\f\b"), R"(\t\n\r\f\b)");
}

TEST(JsonWriter, escapes_other_control_bytes_as_u00xx) {
  EXPECT_EQ(escaped(std::string("\x01", 1)), R"(\u0001)");
  EXPECT_EQ(escaped(std::string("a\0b", 3)), R"(a\u0000b)");
  EXPECT_EQ(escaped("\x1b[0m"), R"(\u001b[0m)");
  EXPECT_EQ(escaped("\x1f"), R"(\u001f)");
  EXPECT_EQ(escaped("\x7f"), R"(\u007f)");
  EXPECT_EQ(escaped("\x0b"), R"(\u000b)");
}

TEST(JsonWriter, keeps_valid_utf8) {
  EXPECT_EQ(escaped("caf\xc3\xa9"), "caf\xc3\xa9");                  // é
  EXPECT_EQ(escaped("\xe2\x82\xac"), "\xe2\x82\xac");                // €
  EXPECT_EQ(escaped("\xf0\x9f\x98\x80!"), "\xf0\x9f\x98\x80!");      // U+1F600
  EXPECT_EQ(escaped("\xf4\x8f\xbf\xbf"), "\xf4\x8f\xbf\xbf");        // U+10FFFF
  EXPECT_EQ(escaped("\xed\x9f\xbf"), "\xed\x9f\xbf");                // U+D7FF
}

TEST(JsonWriter, escapes_each_byte_of_invalid_utf8) {
  EXPECT_EQ(escaped("\xff"), R"(\u00ff)");
  EXPECT_EQ(escaped("a\x80z"), R"(a\u0080z)");                         // stray continuation
  EXPECT_EQ(escaped("\xc3"), R"(\u00c3)");                             // truncated at the end
  EXPECT_EQ(escaped("\xe2\x82z"), R"(\u00e2\u0082z)");                 // truncated mid-string
  EXPECT_EQ(escaped("\xc0\x80"), R"(\u00c0\u0080)");                   // overlong NUL
  EXPECT_EQ(escaped("\xe0\x80\xaf"), R"(\u00e0\u0080\u00af)");         // overlong 3-byte
  EXPECT_EQ(escaped("\xed\xa0\x80"), R"(\u00ed\u00a0\u0080)");         // UTF-16 surrogate
  EXPECT_EQ(escaped("\xf4\x90\x80\x80"), R"(\u00f4\u0090\u0080\u0080)");  // > U+10FFFF
  EXPECT_EQ(escaped("\xf0\x8f\xbf\xbf"), R"(\u00f0\u008f\u00bf\u00bf)");  // overlong 4-byte
}

TEST(JsonWriter, escapes_names_and_string_values) {
  EXPECT_EQ(compact([](JsonWriter& w) {
              w.start_object();
              w.string_field("a\"b", "c\\d\n");
              w.end_object();
            }),
            R"({"a\"b":"c\\d\n"})");
}

TEST(JsonWriter, name_without_value_becomes_null_at_end) {
  EXPECT_EQ(compact([](JsonWriter& w) {
              w.start_object();
              w.name("output");
              w.end_object();
            }),
            R"({"output":null})");
  EXPECT_EQ(pretty([](JsonWriter& w) {
              w.start_object();
              w.name("output");
              w.end_object();
            }),
            "{\n    \"output\": null\n}");
}

TEST(JsonWriter, name_without_value_becomes_null_before_next_name) {
  EXPECT_EQ(compact([](JsonWriter& w) {
              w.start_object();
              w.name("a");
              w.name("b");
              w.uint(1);
              w.end_object();
            }),
            R"({"a":null,"b":1})");
}

TEST(JsonWriter, value_pending_tracks_dangling_names) {
  std::string s;
  OutStream o(&s);
  JsonWriter w(o, false);
  w.start_object();
  EXPECT_FALSE(w.value_pending());
  w.name("k");
  EXPECT_TRUE(w.value_pending());
  w.start_array();
  EXPECT_FALSE(w.value_pending());
  w.end_array();
  w.name("j");
  w.string("v");
  EXPECT_FALSE(w.value_pending());
  w.end_object();
}

TEST(JsonWriter, depth_and_top_level_values) {
  std::string s;
  OutStream o(&s);
  JsonWriter w(o, false);
  EXPECT_EQ(w.depth(), 0u);
  EXPECT_EQ(w.top_level_values(), 0u);
  w.start_array();
  w.start_object();
  EXPECT_EQ(w.depth(), 2u);
  w.end_object();
  EXPECT_EQ(w.top_level_values(), 0u);
  w.end_array();
  EXPECT_EQ(w.depth(), 0u);
  EXPECT_EQ(w.top_level_values(), 1u);
  EXPECT_FALSE(w.pretty());
}

TEST(JsonWriter, finish_adds_one_newline_after_a_value) {
  EXPECT_EQ(render(false, [](JsonWriter& w) { w.null(); }, true), "null\n");
  EXPECT_EQ(render(true, [](JsonWriter& w) { w.start_array(); w.end_array(); }, true), "[]\n");
}

TEST(JsonWriter, finish_writes_nothing_when_nothing_was_written) {
  EXPECT_EQ(render(false, [](JsonWriter&) {}, true), "");
}

TEST(JsonWriter, finish_closes_open_containers) {
  EXPECT_EQ(render(
                false,
                [](JsonWriter& w) {
                  w.start_array();
                  w.start_object();
                  w.uint_field("id", 1);
                  w.name("funcs");
                  w.start_array();
                },
                true),
            "[{\"id\":1,\"funcs\":[]}]\n");
  EXPECT_EQ(render(
                false,
                [](JsonWriter& w) {
                  w.start_object();
                  w.name("dangling");
                },
                true),
            "{\"dangling\":null}\n");
}

TEST(JsonScope, closes_on_scope_exit) {
  EXPECT_EQ(compact([](JsonWriter& w) {
              JsonScope a(&w, JsonScope::Array);
              {
                JsonScope o(&w, JsonScope::Object);
                w.uint_field("id", 1);
              }
              JsonScope o2(&w, JsonScope::Object);
              o2.close();
              o2.close();  // idempotent
            }),
            R"([{"id":1},{}])");
}

TEST(JsonScope, null_writer_is_a_no_op) {
  JsonScope s(nullptr, JsonScope::Array);
  s.close();
  SUCCEED();
}

TEST(JsonWriterDeathTest, unbalanced_end_is_a_bug) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(compact([](JsonWriter& w) { w.end_array(); }), "unbalanced JSON container");
  EXPECT_DEATH(compact([](JsonWriter& w) {
                 w.start_array();
                 w.end_object();
               }),
               "unbalanced JSON container");
}

}  // namespace
}  // namespace bpftool::output
