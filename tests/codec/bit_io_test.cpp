#include "../catch.hpp"

#include "bit_io.hpp"

#include <random>
#include <utility>
#include <vector>

using codec::BitReader;
using codec::BitWriter;

TEST_CASE("bit writer and reader round-trip random (nbits, value) pairs", "[bit_io]") {
  const auto seed = GENERATE(1u, 2u, 3u, 99u);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> len(0, 32);
  std::vector<std::pair<int, std::uint32_t>> items;
  BitWriter bw;
  for (int i = 0; i < 5000; ++i) {
    const int n = len(rng);
    const std::uint32_t v = n == 0 ? 0 : static_cast<std::uint32_t>(rng()) >> (32 - n);
    items.emplace_back(n, v);
    bw.put(v, n);
  }
  const auto bits = bw.bit_count();
  const auto bytes = bw.finish();
  REQUIRE(bytes.size() == (bits + 7) / 8);
  BitReader br(bytes, bits);
  for (const auto& [n, v] : items) REQUIRE(br.get(n) == v);
  REQUIRE_FALSE(br.overflowed());
  REQUIRE(br.bits_used() == bits);
}

TEST_CASE("Elias-gamma codes round-trip", "[bit_io]") {
  std::vector<std::uint32_t> values = {1, 2, 3, 4, 7, 8, 255, 256, 65535, 1u << 20, 0xFFFFFFFFu};
  BitWriter bw;
  for (auto v : values) bw.put_gamma(v);
  const auto bits = bw.bit_count();
  const auto bytes = bw.finish();
  BitReader br(bytes, bits);
  for (auto v : values) REQUIRE(br.get_gamma() == v);
  REQUIRE(br.bits_used() == bits);
}

TEST_CASE("reading past the end sets the sticky overflow flag and yields zeros", "[bit_io]") {
  BitWriter bw;
  bw.put(0x5, 3);
  const auto bytes = bw.finish();
  BitReader br(bytes, 3);
  REQUIRE(br.get(3) == 0x5);
  REQUIRE_FALSE(br.overflowed());
  REQUIRE(br.get(8) == 0);
  REQUIRE(br.overflowed());
  REQUIRE(br.get(1) == 0);
  REQUIRE(br.overflowed());
}

TEST_CASE("a gamma code longer than 32 bits is rejected, not looped on", "[bit_io]") {
  std::vector<std::uint8_t> zeros(16, 0);
  BitReader br(zeros, 128);
  REQUIRE(br.get_gamma() == 0);
}
