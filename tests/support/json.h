// JSON checks for tests: parse bpftool's output as exactly one document with
// RapidJSON, and find our own objects in listings. Header-only.
#pragma once

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <string>
#include <vector>

namespace bpftool::test {

using JsonValue = rapidjson::Value;

/// Parses `text` into `doc`; fails unless it is one complete JSON document
/// (surrounding whitespace allowed, nothing else).
inline ::testing::AssertionResult parse_json(const std::string& text, rapidjson::Document& doc) {
  doc.Parse(text.c_str(), text.size());
  if (doc.HasParseError())
    return ::testing::AssertionFailure() << "invalid JSON (" << rapidjson::GetParseError_En(doc.GetParseError())
                                         << " at offset " << doc.GetErrorOffset() << "):\n"
                                         << text;
  return ::testing::AssertionSuccess();
}

/// Compact text of a value (for failure messages).
inline std::string to_string(const JsonValue& v) {
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  v.Accept(w);
  return sb.GetString();
}

/// The objects of a show result: the elements of an array, or the value itself.
inline std::vector<const JsonValue*> elements(const JsonValue& v) {
  std::vector<const JsonValue*> out;
  if (v.IsArray()) {
    for (const auto& e : v.GetArray()) out.push_back(&e);
  } else {
    out.push_back(&v);
  }
  return out;
}

/// The object with "id" == id in an array (or the value itself), or nullptr.
inline const JsonValue* find_id(const JsonValue& v, uint32_t id) {
  for (const JsonValue* e : elements(v))
    if (e->IsObject() && e->HasMember("id") && (*e)["id"].IsUint() && (*e)["id"].GetUint() == id) return e;
  return nullptr;
}

/// The ids of every object in a show result.
inline std::vector<uint32_t> ids_of(const JsonValue& v) {
  std::vector<uint32_t> ids;
  for (const JsonValue* e : elements(v))
    if (e->IsObject() && e->HasMember("id") && (*e)["id"].IsUint()) ids.push_back((*e)["id"].GetUint());
  return ids;
}

/// An array of unsigned numbers as a vector; empty if `key` is absent.
inline std::vector<uint32_t> uint_list(const JsonValue& obj, const char* key) {
  std::vector<uint32_t> out;
  if (!obj.IsObject() || !obj.HasMember(key) || !obj[key].IsArray()) return out;
  for (const auto& e : obj[key].GetArray())
    if (e.IsUint()) out.push_back(e.GetUint());
  return out;
}

/// An array of strings as a vector; empty if `key` is absent.
inline std::vector<std::string> string_list(const JsonValue& obj, const char* key) {
  std::vector<std::string> out;
  if (!obj.IsObject() || !obj.HasMember(key) || !obj[key].IsArray()) return out;
  for (const auto& e : obj[key].GetArray())
    if (e.IsString()) out.emplace_back(e.GetString());
  return out;
}

/// The keys of an object, in order.
inline std::vector<std::string> keys_of(const JsonValue& obj) {
  std::vector<std::string> out;
  if (!obj.IsObject()) return out;
  for (const auto& m : obj.GetObject()) out.emplace_back(m.name.GetString());
  return out;
}

/// The single error document bpftool prints under -j: {"error":"..."}.
inline ::testing::AssertionResult is_json_error(const std::string& text, std::string* message = nullptr) {
  rapidjson::Document doc;
  if (auto r = parse_json(text, doc); !r) return r;
  if (!doc.IsObject() || doc.MemberCount() != 1 || !doc.HasMember("error") || !doc["error"].IsString())
    return ::testing::AssertionFailure() << "not a single {\"error\":...} document: " << text;
  if (message) *message = doc["error"].GetString();
  return ::testing::AssertionSuccess();
}

}  // namespace bpftool::test
