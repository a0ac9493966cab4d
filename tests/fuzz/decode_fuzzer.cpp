// decode_fuzzer: libFuzzer target for everything that reads an .smz file.
//
// Any input must either decode or throw codec::Error. Anything else (another exception, a
// crash, a sanitizer report, a hang, an allocation above -rss_limit_mb) is a bug.
//
// A tiled file (format version 4) goes through the slide reader, every tile decoded.
//
// Each input is decoded twice: as it is (the container, the CRCs), and with the CRC of every
// section that fits rewritten, so that mutations reach the section parsers instead of stopping
// at the checksum (a random payload edit passes a CRC-32 with chance 2^-32).
//
// Build: cmake --preset fuzz && cmake --build --preset fuzz. Run: tools/scripts/fuzz.sh SECONDS.
#include "../test_util.hpp"

#include <codec/codec.hpp>
#include <codec/error.hpp>
#include <codec/crc32.hpp>
#include <codec/tiled.hpp>
#include <smearpress/pipeline.hpp>
#include <smearpress/slide.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace {

void decode_one(std::span<const std::uint8_t> bytes) {
  try {
    (void)codec::inspect(bytes);
  } catch (const codec::Error&) {
  }
  try {
    const smearpress::Reconstruction rec = smearpress::reconstruct(bytes);
    // Read every output byte so that uninitialised or freed memory shows up.
    unsigned sum = 0;
    for (const std::uint8_t v : rec.image.data) sum += v;
    if (rec.image.width != static_cast<int>(rec.decoded.header.width) || sum == ~0u) __builtin_trap();
  } catch (const codec::Error&) {
  }
}

// Walks signature (8) + version (2) + sections (tag, u32 length, payload, u32 crc) and rewrites
// each complete section's CRC. Returns false when nothing changed.
bool repair_crcs(std::vector<std::uint8_t>& f) {
  const std::vector<std::uint8_t> before = f;
  for (std::size_t pos = 10; pos + 12 <= f.size();) {
    const std::uint32_t len = f[pos + 4] | (f[pos + 5] << 8) | (f[pos + 6] << 16) |
                              (static_cast<std::uint32_t>(f[pos + 7]) << 24);
    if (len > f.size() - pos - 12) break;
    test::fix_crc(f, pos);
    pos += 12 + len;
  }
  return f != before;
}

// A tiled file (version 4): the prefix and index checked, then every tile decoded (up to 16).
void decode_tiled(std::span<const std::uint8_t> bytes) {
  try {
    const smearpress::SpanSource src(bytes);
    const smearpress::TiledReader reader(src);
    unsigned sum = 0;
    for (std::uint32_t t = 0; t < reader.grid().tile_count() && t < 16; ++t) {
      const smearpress::DecodedTile tile = reader.tile(t);
      for (int y = 0; y < tile.image.rows; ++y)
        for (int x = 0; x < tile.image.cols * tile.image.channels(); ++x) sum += tile.image.ptr<std::uint8_t>(y)[x];
    }
    if (sum == ~0u) __builtin_trap();
  } catch (const codec::Error&) {
  }
}

std::uint64_t le64(const std::vector<std::uint8_t>& f, std::size_t at) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | f[at + static_cast<std::size_t>(i)];
  return v;
}

// Rewrites the CRC of the section at `pos` when its length fits in the file.
void fix_section(std::vector<std::uint8_t>& f, std::size_t pos) {
  if (pos > f.size() || f.size() - pos < 12) return;
  const std::uint32_t len = f[pos + 4] | (f[pos + 5] << 8) | (f[pos + 6] << 16) | (static_cast<std::uint32_t>(f[pos + 7]) << 24);
  if (len <= f.size() - pos - 12) test::fix_crc(f, pos);
}

// For a tiled file: every tile's own section CRCs, the tile CRCs in the index, and the CRCs of
// INDX and TILE, rewritten where they can be found. Returns false when nothing changed.
bool repair_tiled(std::vector<std::uint8_t>& f) {
  if (!codec::tiled::is_tiled(f) || f.size() < codec::tiled::kPrefixBytes) return false;
  const std::vector<std::uint8_t> before = f;
  const std::uint64_t index = le64(f, 18 + 24);
  if (index <= f.size() && f.size() - index >= 12) {
    for (std::size_t e = index + 8; e + 16 <= f.size() - 4; e += 16) {
      const std::uint64_t offset = le64(f, e);
      const std::uint32_t size = f[e + 8] | (f[e + 9] << 8) | (f[e + 10] << 16) | (static_cast<std::uint32_t>(f[e + 11]) << 24);
      if (offset > f.size() || f.size() - offset < size) continue;
      std::vector<std::uint8_t> tile(f.begin() + static_cast<std::ptrdiff_t>(offset),
                                     f.begin() + static_cast<std::ptrdiff_t>(offset + size));
      repair_crcs(tile);
      std::copy(tile.begin(), tile.end(), f.begin() + static_cast<std::ptrdiff_t>(offset));
      const std::uint32_t crc = codec::crc32(tile);
      for (int i = 0; i < 4; ++i) f[e + 12 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(crc >> (8 * i));
    }
    fix_section(f, static_cast<std::size_t>(index));
  }
  fix_section(f, 10);
  return f != before;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  if (codec::tiled::is_tiled(bytes)) {
    decode_tiled(bytes);
    std::vector<std::uint8_t> copy(data, data + size);
    if (repair_tiled(copy)) decode_tiled(copy);
    return 0;
  }
  decode_one(bytes);
  std::vector<std::uint8_t> copy(data, data + size);
  if (repair_crcs(copy)) decode_one(copy);
  return 0;
}
