#include "btf/btf_ext.h"

#include <cstring>
#include <string>

namespace bpftool::btf {

namespace {

constexpr uint16_t kBtfMagic = 0xeB9F;
// struct btf_ext_header up to core_relo_len; older headers (24 bytes) stop
// after line_info and have no CO-RE relocations.
constexpr size_t kHeaderWithCoreRelo = 32;
constexpr size_t kMinHeader = 24;
constexpr size_t kReloSize = 16;  // sizeof(struct bpf_core_relo)

uint32_t u32_at(std::span<const std::byte> b, size_t off) {
  uint32_t v;
  std::memcpy(&v, b.data() + off, sizeof(v));
  return v;
}

Error bad(const std::string& why) { return Error::msg(".BTF.ext: " + why); }

}  // namespace

Result<std::vector<CoreRelo>> parse_core_relos(std::span<const std::byte> ext) {
  if (ext.size() < 8) return bad("truncated header");
  uint16_t magic;
  std::memcpy(&magic, ext.data(), sizeof(magic));
  if (magic != kBtfMagic) return bad("bad magic");
  if (static_cast<uint8_t>(ext[2]) != 1) return bad("unsupported version " + std::to_string(static_cast<int>(ext[2])));
  uint32_t hdr_len = u32_at(ext, 4);
  if (hdr_len < kMinHeader || hdr_len > ext.size()) return bad("bad header length " + std::to_string(hdr_len));
  std::vector<CoreRelo> relos;
  if (hdr_len < kHeaderWithCoreRelo) return relos;
  uint64_t off = u32_at(ext, 24), len = u32_at(ext, 28);
  if (len == 0) return relos;
  // Offsets count from the end of the header.
  std::span<const std::byte> data = ext.subspan(hdr_len);
  if (off > data.size() || len > data.size() - off) return bad("core_relo data lies outside the section");
  if (off % 4) return bad("misaligned core_relo data");
  std::span<const std::byte> info = data.subspan(off, len);
  if (info.size() < 4) return bad("truncated core_relo record size");
  uint32_t rec_size = u32_at(info, 0);
  if (rec_size < kReloSize || rec_size % 4) return bad("bad core_relo record size " + std::to_string(rec_size));
  size_t pos = 4;
  while (pos < info.size()) {
    if (info.size() - pos < 8) return bad("truncated core_relo section header");
    uint32_t sec_name_off = u32_at(info, pos);
    uint64_t num = u32_at(info, pos + 4);
    pos += 8;
    if (num == 0) return bad("core_relo section without records");
    if (num > (info.size() - pos) / rec_size) return bad("core_relo records run past the section");
    for (uint64_t i = 0; i < num; i++, pos += rec_size) {
      CoreRelo r;
      r.sec_name_off = sec_name_off;
      r.insn_off = u32_at(info, pos);
      r.type_id = u32_at(info, pos + 4);
      r.access_str_off = u32_at(info, pos + 8);
      r.kind = u32_at(info, pos + 12);
      relos.push_back(r);
    }
  }
  return relos;
}

}  // namespace bpftool::btf
