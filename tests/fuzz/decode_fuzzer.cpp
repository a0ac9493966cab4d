// decode_fuzzer: libFuzzer target for everything that reads an .smz file.
//
// Any input must either decode or throw codec::Error. Anything else (another exception, a
// crash, a sanitizer report, a hang, an allocation above -rss_limit_mb) is a bug.
//
// Each input is decoded twice: as it is (the container, the CRCs), and with the CRC of every
// section that fits rewritten, so that mutations reach the section parsers instead of stopping
// at the checksum (a random payload edit passes a CRC-32 with chance 2^-32).
//
// Build: cmake --preset fuzz && cmake --build --preset fuzz. Run: tools/fuzz.sh SECONDS.
#include "pipeline.hpp"

#include <codec/codec.hpp>
#include <codec/crc32.hpp>
#include <codec/error.hpp>

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
// each complete section's CRC. Returns false when nothing was rewritten.
bool repair_crcs(std::vector<std::uint8_t>& f) {
  bool changed = false;
  std::size_t pos = 10;
  while (pos + 12 <= f.size()) {
    const std::uint32_t len = f[pos + 4] | (f[pos + 5] << 8) | (f[pos + 6] << 16) |
                              (static_cast<std::uint32_t>(f[pos + 7]) << 24);
    if (len > f.size() - pos - 12) break;
    const std::span<const std::uint8_t> tag(&f[pos], 4), payload(f.data() + pos + 8, len);
    const std::uint32_t crc = codec::crc32(payload, codec::crc32(tag));
    for (int i = 0; i < 4; ++i) {
      const auto b = static_cast<std::uint8_t>(crc >> (8 * i));
      changed |= f[pos + 8 + len + i] != b;
      f[pos + 8 + len + i] = b;
    }
    pos += 12 + len;
  }
  return changed;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  decode_one({data, size});
  std::vector<std::uint8_t> copy(data, data + size);
  if (repair_crcs(copy)) decode_one(copy);
  return 0;
}
