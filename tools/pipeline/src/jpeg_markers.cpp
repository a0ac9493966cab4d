#include "jpeg_markers.hpp"

#include <cstddef>

namespace smearpress::jpeg_detail {

namespace {

bool is_sof(std::uint8_t m) { return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC; }

// Big- or little-endian reads inside a span; false when out of bounds.
struct Reader {
  std::span<const std::uint8_t> b;
  bool little = false;
  bool u16(std::size_t at, std::uint32_t& v) const {
    if (at > b.size() || b.size() - at < 2) return false;
    v = little ? (b[at] | b[at + 1] << 8) : (b[at] << 8 | b[at + 1]);
    return true;
  }
  bool u32(std::size_t at, std::uint32_t& v) const {
    std::uint32_t hi = 0, lo = 0;
    if (!u16(at, little ? lo : hi) || !u16(at + 2, little ? hi : lo)) return false;
    v = hi << 16 | lo;
    return true;
  }
};

}  // namespace

std::optional<FrameHeader> find_frame_header(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8) return std::nullopt;
  std::size_t pos = 2;
  while (pos < bytes.size()) {
    if (bytes[pos] != 0xFF) return std::nullopt;
    while (pos < bytes.size() && bytes[pos] == 0xFF) ++pos;  // fill bytes
    if (pos >= bytes.size()) return std::nullopt;
    const std::uint8_t m = bytes[pos++];
    if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) continue;  // standalone markers
    if (m == 0xD8 || m == 0xD9 || m == 0xDA || m == 0x00) return std::nullopt;
    if (bytes.size() - pos < 2) return std::nullopt;
    const std::size_t len = static_cast<std::size_t>(bytes[pos] << 8 | bytes[pos + 1]);
    if (len < 2 || bytes.size() - pos < len) return std::nullopt;
    if (is_sof(m)) {
      if (len < 3) return std::nullopt;
      return FrameHeader{m, bytes[pos + 2]};
    }
    pos += len;
  }
  return std::nullopt;
}

std::string frame_reason(const FrameHeader& f) {
  switch (f.sof) {
    case 0xC0:
    case 0xC1:
    case 0xC2: break;
    case 0xC3: return "lossless JPEG (SOF3)";
    case 0xC5:
    case 0xC6:
    case 0xC7: return "hierarchical JPEG (SOF" + std::to_string(f.sof - 0xC0) + ")";
    case 0xC9:
    case 0xCA: return "arithmetic-coded JPEG (SOF" + std::to_string(f.sof - 0xC0) + ")";
    default: return "arithmetic-coded lossless or hierarchical JPEG (SOF" + std::to_string(f.sof - 0xC0) + ")";
  }
  if (f.precision != 8) return std::to_string(f.precision) + "-bit JPEG (only 8-bit samples)";
  return {};
}

int exif_orientation(std::span<const std::uint8_t> app1) {
  constexpr std::size_t kTiff = 6;  // after "Exif\0\0"
  if (app1.size() < kTiff + 8) return kExifAbsent;
  Reader r{app1.subspan(kTiff)};
  if (r.b[0] == 'I' && r.b[1] == 'I')
    r.little = true;
  else if (!(r.b[0] == 'M' && r.b[1] == 'M'))
    return kExifAbsent;
  std::uint32_t magic = 0, ifd = 0, count = 0;
  if (!r.u16(2, magic) || magic != 42 || !r.u32(4, ifd) || !r.u16(ifd, count)) return kExifMalformed;
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::size_t e = std::size_t{ifd} + 2 + std::size_t{i} * 12;
    std::uint32_t tag = 0, type = 0, n = 0, value = 0;
    if (!r.u16(e, tag) || !r.u16(e + 2, type) || !r.u32(e + 4, n) || !r.u16(e + 8, value))
      return kExifMalformed;
    if (tag != 0x0112) continue;
    if (type != 3 || n != 1) return kExifMalformed;  // SHORT, one value
    return value == 0 ? kExifMalformed : static_cast<int>(value);
  }
  return kExifAbsent;
}

}  // namespace smearpress::jpeg_detail
