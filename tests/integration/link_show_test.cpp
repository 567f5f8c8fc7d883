// `link show`, `link pin` and `link detach` on links the test creates: a raw
// tracepoint link (with a cookie), an XDP link on lo, a cgroup link on a
// cgroup the test makes.
#include <bpf/libbpf.h>
#include <gtest/gtest.h>
#include <net/if.h>

#include "support/bpf_object.h"
#include "support/inproc.h"
#include "support/json.h"
#include "support/kernel.h"
#include "support/kernel_test.h"

namespace bpftool::test {
namespace {

constexpr char kXdpName[] = "xdp_pass_with_a_very_long_name";
constexpr int kLo = 1;

class LinkShow : public KernelTest {};

// The program attached to lo's XDP hook (0 when none).
uint32_t lo_xdp_prog() {
  uint32_t id = 0;
  if (bpf_xdp_query_id(kLo, 0, &id) != 0) return 0;
  return id;
}

TEST_F(LinkShow, raw_tracepoint_link_shows_tp_name_and_cookie) {
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  uint32_t prog = obj->prog_id("rtp_sys_enter");
  const uint64_t cookie = 0x1234abcd5678ull;
  auto link = raw_tp_open(obj->prog_fd("rtp_sys_enter"), "sys_enter", cookie);
  if (!link && link.error().errnum() == EINVAL) GTEST_SKIP() << "raw tracepoint cookies need Linux 6.10";
  ASSERT_TRUE(link) << link.error().message();
  uint32_t id = link_id(link->get());
  ASSERT_NE(id, 0u);

  auto r = run_main({"link", "show", "id", std::to_string(id)});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, std::to_string(id) + ": raw_tracepoint  prog " + std::to_string(prog) + "  \n\ttp 'sys_enter'  cookie " +
                       std::to_string(cookie) + "  \n");

  auto j = run_main({"-j", "link", "show", "id", std::to_string(id)});
  ASSERT_EQ(j.status, 0) << j.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc));
  ASSERT_TRUE(doc.IsObject()) << j.out;
  EXPECT_EQ(keys_of(doc), (std::vector<std::string>{"id", "type", "prog_id", "tp_name", "cookie"}));
  EXPECT_EQ(doc["id"].GetUint(), id);
  EXPECT_STREQ(doc["type"].GetString(), "raw_tracepoint");
  EXPECT_EQ(doc["prog_id"].GetUint(), prog);
  EXPECT_STREQ(doc["tp_name"].GetString(), "sys_enter");
  EXPECT_EQ(doc["cookie"].GetUint64(), cookie);
}

TEST_F(LinkShow, raw_tracepoint_link_without_cookie_and_its_detach_error) {
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  auto fd = obj->attach("rtp_sys_enter");
  ASSERT_TRUE(fd) << fd.error().message();
  uint32_t id = link_id(*fd);
  std::string sid = std::to_string(id);

  auto r = run_main({"link", "show", "id", sid});
  ASSERT_EQ(r.status, 0) << r.err;
  // Plain omits a zero cookie; JSON always has it.
  EXPECT_EQ(r.out, sid + ": raw_tracepoint  prog " + std::to_string(obj->prog_id("rtp_sys_enter")) +
                       "  \n\ttp 'sys_enter'  \n");
  auto j = run_main({"-j", "link", "show", "id", sid});
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc));
  EXPECT_EQ(doc["cookie"].GetUint64(), 0u);

  // Raw tracepoint links cannot be detached: an error, and exit 255 (upstream: 1).
  auto d = run_main({"link", "detach", "id", sid});
  EXPECT_EQ(d.status, 255);
  EXPECT_EQ(d.out, "");
  EXPECT_EQ(d.err.rfind("Error: failed link detach: Operation not supported", 0), 0u) << d.err;
  auto dj = run_main({"-j", "link", "detach", "id", sid});
  EXPECT_EQ(dj.status, 255);
  std::string msg;
  EXPECT_TRUE(is_json_error(dj.out, &msg));
  EXPECT_EQ(msg.rfind("failed link detach: Operation not supported", 0), 0u) << msg;
  // Still attached.
  auto again = run_main({"link", "show", "id", sid});
  EXPECT_EQ(again.out, r.out);
}

TEST_F(LinkShow, xdp_link_on_lo_then_detached) {
  if (uint32_t other = lo_xdp_prog()) GTEST_SKIP() << "lo already has an XDP program (id " << other << ")";
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  uint32_t prog = obj->prog_id(kXdpName);
  auto fd = obj->attach_xdp(kXdpName, kLo);
  if (!fd && (fd.error().errnum() == EBUSY || fd.error().errnum() == EEXIST))
    GTEST_SKIP() << "lo's XDP hook is taken: " << fd.error().message();
  ASSERT_TRUE(fd) << fd.error().message();
  ASSERT_EQ(lo_xdp_prog(), prog);
  uint32_t id = link_id(*fd);
  std::string sid = std::to_string(id), head = sid + ": xdp  prog " + std::to_string(prog) + "  \n";
  char lo[IF_NAMESIZE] = {};
  ASSERT_NE(if_indextoname(kLo, lo), nullptr);

  auto r = run_main({"link", "show", "id", sid});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, head + "\tifindex " + lo + "(1)  \n");
  auto j = run_main({"-j", "link", "show", "id", sid});
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc));
  EXPECT_EQ(keys_of(doc), (std::vector<std::string>{"id", "type", "prog_id", "devname", "ifindex"}));
  EXPECT_STREQ(doc["type"].GetString(), "xdp");
  EXPECT_EQ(doc["prog_id"].GetUint(), prog);
  EXPECT_STREQ(doc["devname"].GetString(), lo);
  EXPECT_EQ(doc["ifindex"].GetUint(), 1u);

  // The listing has it too.
  auto list = run_main({"-j", "link", "list"});
  ASSERT_EQ(list.status, 0) << list.err;
  rapidjson::Document dl;
  ASSERT_TRUE(parse_json(list.out, dl));
  ASSERT_TRUE(dl.IsArray());
  const JsonValue* e = find_id(dl, id);
  ASSERT_NE(e, nullptr) << list.out;
  EXPECT_TRUE(*e == doc);

  auto d = run_main({"link", "detach", "id", sid});
  EXPECT_EQ(d.status, 0) << d.err;
  EXPECT_EQ(d.out, "");
  EXPECT_EQ(d.err, "");
  EXPECT_EQ(lo_xdp_prog(), 0u) << "lo should have no XDP program after the detach";

  auto after = run_main({"link", "show", "id", sid});
  ASSERT_EQ(after.status, 0) << after.err;
  EXPECT_EQ(after.out, head + "\tifindex (detached)  \n");
  auto ja = run_main({"-j", "link", "show", "id", sid});
  rapidjson::Document dd;
  ASSERT_TRUE(parse_json(ja.out, dd));
  EXPECT_STREQ(dd["devname"].GetString(), "(detached)");
  EXPECT_EQ(dd["ifindex"].GetUint(), 0u);

  // Detaching a detached link succeeds again; JSON prints null.
  auto dj = run_main({"-j", "link", "detach", "id", sid});
  EXPECT_EQ(dj.status, 0) << dj.out;
  EXPECT_EQ(dj.out, "null\n");
}

TEST_F(LinkShow, link_pin_pins_the_link_and_show_pinned_finds_it) {
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  auto fd = obj->attach("rtp_sys_enter");
  ASSERT_TRUE(fd) << fd.error().message();
  uint32_t id = link_id(*fd);
  std::string sid = std::to_string(id), pin = fs() / "lnk";

  auto p = run_main({"link", "pin", "id", sid, pin});
  ASSERT_EQ(p.status, 0) << p.err;
  EXPECT_EQ(p.out, "");
  int pinned = bpf_obj_get(pin.c_str());
  ASSERT_GE(pinned, 0) << std::strerror(errno);
  EXPECT_EQ(link_id(pinned), id);
  ::close(pinned);

  auto by_id = run_main({"link", "show", "id", sid});
  auto by_pin = run_main({"link", "show", "pinned", pin});
  EXPECT_EQ(by_pin.status, 0) << by_pin.err;
  EXPECT_EQ(by_pin.out, by_id.out);
  auto j = run_main({"-j", "l", "s", "p", pin});
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc));
  EXPECT_EQ(doc["id"].GetUint(), id);

  // The pin keeps the link alive after the object and its fd are gone.
  obj = Error::msg("closed");
  auto still = run_main({"-j", "link", "show", "pinned", pin});
  ASSERT_EQ(still.status, 0) << still.err;
  rapidjson::Document ds;
  ASSERT_TRUE(parse_json(still.out, ds));
  EXPECT_EQ(ds["id"].GetUint(), id);
  // `link pin pinned P Q`: a second pin of the same link.
  auto p2 = run_main({"-j", "link", "pin", "pinned", pin, fs() / "lnk2"});
  EXPECT_EQ(p2.status, 0) << p2.out;
  EXPECT_EQ(p2.out, "null\n");
}

TEST_F(LinkShow, cgroup_link_shows_cgroup_id_and_attach_type) {
  auto cg = ScopedCgroup::create();  // declared first: removed after the link is gone
  if (!cg) GTEST_SKIP() << "can't create a cgroup: " << cg.error().message();
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  auto fd = obj->attach_cgroup("cgroup_ingress", cg->fd());
  ASSERT_TRUE(fd) << fd.error().message();
  uint32_t id = link_id(*fd);
  std::string sid = std::to_string(id);

  auto r = run_main({"link", "show", "id", sid});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, sid + ": cgroup  prog " + std::to_string(obj->prog_id("cgroup_ingress")) + "  \n\tcgroup_id " +
                       std::to_string(cg->id()) + "  attach_type cgroup_inet_ingress  \n");
  auto j = run_main({"-j", "link", "show", "id", sid});
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc));
  EXPECT_EQ(keys_of(doc), (std::vector<std::string>{"id", "type", "prog_id", "cgroup_id", "attach_type"}));
  EXPECT_STREQ(doc["type"].GetString(), "cgroup");
  EXPECT_EQ(doc["cgroup_id"].GetUint64(), cg->id());
  EXPECT_STREQ(doc["attach_type"].GetString(), "cgroup_inet_ingress");
}

}  // namespace
}  // namespace bpftool::test
