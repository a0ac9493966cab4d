#include "io/image_check.hpp"

#include <codec/crc32.hpp>
#include <smearpress/pipeline.hpp>

#include <algorithm>

namespace smearpress {
namespace {

// What a failed check returns: only the problem counts then.
ImageStructure bad(std::string why) { return {std::move(why)}; }

bool is_sof(std::uint8_t m) {  // start-of-frame markers: C0..CF except DHT, JPG, DAC
  return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

ImageStructure check_jpeg(std::span<const std::uint8_t> b) {
  const std::size_t n = b.size();
  ImageStructure s;
  std::size_t pos = 2;  // after SOI
  for (;;) {
    if (pos >= n) return bad("truncated JPEG (no end-of-image marker)");
    if (b[pos] != 0xFF) return bad("corrupt JPEG (expected a marker at byte " + std::to_string(pos) + ")");
    while (pos < n && b[pos] == 0xFF) ++pos;  // fill bytes
    if (pos >= n) return bad("truncated JPEG (ends inside a marker)");
    const std::uint8_t m = b[pos++];
    if (m == 0xD9) return s;                                    // EOI
    if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) continue;         // stand-alone markers
    if (m == 0x00) return bad("corrupt JPEG (stuffed byte outside entropy-coded data)");
    if (pos + 2 > n) return bad("truncated JPEG (ends inside a segment header)");
    const std::size_t len = (static_cast<std::size_t>(b[pos]) << 8) | b[pos + 1];
    if (len < 2) return bad("corrupt JPEG (segment length below 2)");
    if (pos + len > n) return bad("truncated JPEG (ends inside a segment)");
    if (is_sof(m) && len >= 7) {
      s.height = (static_cast<std::uint32_t>(b[pos + 3]) << 8) | b[pos + 4];
      s.width = (static_cast<std::uint32_t>(b[pos + 5]) << 8) | b[pos + 6];
    }
    pos += len;
    if (m != 0xDA) continue;
    // Entropy-coded data after SOS runs to the next marker other than FF00 and RSTn.
    for (;;) {
      const auto* ff = std::find(b.data() + pos, b.data() + n, 0xFF);
      pos = static_cast<std::size_t>(ff - b.data());
      if (pos + 1 >= n) return bad("truncated JPEG (ends inside the entropy-coded data)");
      const std::uint8_t next = b[pos + 1];
      if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) {
        pos += next == 0xFF ? 1 : 2;
        continue;
      }
      break;
    }
  }
}

std::uint32_t be32(const std::uint8_t* p) {
  return (static_cast<std::uint32_t>(p[0]) << 24) | (static_cast<std::uint32_t>(p[1]) << 16) |
         (static_cast<std::uint32_t>(p[2]) << 8) | p[3];
}

ImageStructure check_png(std::span<const std::uint8_t> b) {
  const std::size_t n = b.size();
  ImageStructure s;
  std::size_t pos = 8;
  for (;;) {
    if (pos + 12 > n) return bad("truncated PNG (no IEND chunk)");
    const std::size_t len = be32(&b[pos]);
    if (len > 0x7FFFFFFFu) return bad("corrupt PNG (chunk length above 2^31)");
    if (pos + 12 + len > n) return bad("truncated PNG (ends inside a chunk)");
    const auto type = b.subspan(pos + 4, 4);
    const std::uint32_t stored = be32(&b[pos + 8 + len]);
    if (codec::crc32(b.subspan(pos + 4, 4 + len)) != stored)
      return bad("corrupt PNG (CRC mismatch in chunk " + std::string(type.begin(), type.end()) + ")");
    if (std::equal(type.begin(), type.end(), "IHDR") && len >= 8) {
      s.width = be32(&b[pos + 8]);
      s.height = be32(&b[pos + 12]);
      if (len >= 10) s.png_colour_type = b[pos + 8 + 9];
    }
    if (std::equal(type.begin(), type.end(), "IEND")) return s;
    pos += 12 + len;
  }
}

}  // namespace

ImageStructure check_image_structure(std::span<const std::uint8_t> bytes) {
  static const std::uint8_t kPng[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  if (is_jpeg(bytes)) return check_jpeg(bytes);
  if (bytes.size() >= 8 && std::equal(std::begin(kPng), std::end(kPng), bytes.begin())) return check_png(bytes);
  if (bytes.size() < 8 && bytes.size() >= 4 && std::equal(bytes.begin(), bytes.end(), std::begin(kPng)))
    return bad("truncated PNG (ends inside the signature)");
  return {};
}

}  // namespace smearpress
