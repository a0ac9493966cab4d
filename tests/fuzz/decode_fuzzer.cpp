// decode_fuzzer: libFuzzer target for everything that reads an .smz file.
//
// Any input must either decode or throw codec::Error. Anything else (another exception, a
// crash, a sanitizer report, a hang, an allocation above -rss_limit_mb) is a bug.
//
// Each input is decoded twice: as it is (the container, the CRCs), and with the CRC of every
// section that fits rewritten, so that mutations reach the section parsers instead of stopping
// at the checksum (a random payload edit passes a CRC-32 with chance 2^-32).
//
// Build: cmake --preset fuzz && cmake --build --preset fuzz. Run: tools/scripts/fuzz.sh SECONDS.
#include "../test_util.hpp"

#include <codec/codec.hpp>
#include <codec/error.hpp>
#include <smearpress/pipeline.hpp>

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  decode_one({data, size});
  std::vector<std::uint8_t> copy(data, data + size);
  if (repair_crcs(copy)) decode_one(copy);
  return 0;
}
