// hostile_checks.hpp - the damaged-file checks every coder's tests run on a small valid file.
#pragma once

#include "../test_util.hpp"

#include "../catch.hpp"
#include <codec/codec.hpp>
#include <codec/error.hpp>

#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace test {

/// Every proper prefix of `file` is rejected by decode and inspect with codec::Error; the
/// whole file decodes.
inline void require_every_truncation_rejected(const std::vector<std::uint8_t>& file) {
  for (std::size_t n = 0; n < file.size(); ++n) {
    const std::span<const std::uint8_t> prefix(file.data(), n);
    INFO("cut to " << n << " of " << file.size() << " bytes");
    REQUIRE_THROWS_AS(codec::decode(prefix), codec::Error);
    REQUIRE_THROWS_AS(codec::inspect(prefix), codec::Error);
  }
  REQUIRE_NOTHROW(codec::decode(file));
}

/// Offsets of the sections of a file (their tags): signature (8) + version (2), then
/// tag | length | payload | crc.
inline std::vector<std::size_t> section_offsets(const std::vector<std::uint8_t>& file) {
  std::vector<std::size_t> offsets;
  for (std::size_t off = 10; off + 8 <= file.size();) {
    offsets.push_back(off);
    std::uint32_t len;
    std::memcpy(&len, &file[off + 4], 4);
    off += 12 + len;
  }
  return offsets;
}

struct FlipCount {
  std::size_t flips = 0, rejected = 0;
};

/// Flips every payload bit of every section (or only of section number `only`, 0 = HEAD) in turn
/// and rewrites the section's CRC, so that the damage reaches the section's parser. Each damaged
/// file must either throw codec::Error or decode to a consistent image; returns how many were
/// rejected.
inline FlipCount flip_every_payload_bit(const std::vector<std::uint8_t>& file, int only = -1) {
  const std::vector<std::size_t> offsets = section_offsets(file);
  REQUIRE(offsets.size() == 4);
  FlipCount count;
  for (std::size_t s = 0; s < offsets.size(); ++s) {
    if (only >= 0 && s != static_cast<std::size_t>(only)) continue;
    const std::size_t off = offsets[s];
    std::uint32_t len;
    std::memcpy(&len, &file[off + 4], 4);
    for (std::size_t bit = 0; bit < std::size_t{len} * 8; ++bit) {
      auto bad = file;
      bad[off + 8 + bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
      fix_crc(bad, off);
      ++count.flips;
      try {
        const codec::Decoded d = codec::decode(bad);
        REQUIRE(d.background.data.size() == d.background.byte_count());
        REQUIRE(d.mask.data.size() == d.mask.pixel_count());
        REQUIRE(d.exact.data.size() == d.exact.byte_count());
      } catch (const codec::Error&) {
        ++count.rejected;
      }
    }
  }
  return count;
}

}  // namespace test
