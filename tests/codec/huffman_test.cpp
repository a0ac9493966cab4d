#include "../catch.hpp"

#include "huffman_build.hpp"
#include "huffman_coder.hpp"

#include <codec/error.hpp>
#include <codec/format.hpp>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

using namespace codec;

namespace {

std::vector<std::int32_t> round_trip(const std::vector<std::int32_t>& symbols, std::uint64_t* bits = nullptr) {
  ByteWriter w;
  const auto written_bits = huffman::write_block(w, symbols);
  const auto bytes = w.take();
  ByteReader r(bytes, "test");
  std::vector<std::int32_t> out(symbols.size());
  const auto read_bits = huffman::read_block(r, out);
  REQUIRE(read_bits == written_bits);
  REQUIRE(r.remaining() == 0);
  if (bits) *bits = written_bits;
  return out;
}

}  // namespace

TEST_CASE("code lengths: one symbol gets one bit, none gets nothing", "[huffman]") {
  std::vector<std::uint64_t> one = {0, 0, 42, 0};
  auto l = huffman::build_lengths(one, kMaxCodeLength);
  REQUIRE(l == std::vector<std::uint8_t>{0, 0, 1, 0});
  REQUIRE(huffman::is_valid_code(l));
  std::vector<std::uint64_t> none = {0, 0, 0};
  REQUIRE(huffman::build_lengths(none, kMaxCodeLength) == std::vector<std::uint8_t>{0, 0, 0});
}

TEST_CASE("code lengths are optimal for a dyadic source and complete", "[huffman]") {
  std::vector<std::uint64_t> h = {8, 4, 2, 1, 1};
  auto l = huffman::build_lengths(h, kMaxCodeLength);
  REQUIRE(l == std::vector<std::uint8_t>{1, 2, 3, 4, 4});
  REQUIRE(huffman::is_valid_code(l));
}

TEST_CASE("the length limit holds on a Fibonacci histogram", "[huffman]") {
  std::vector<std::uint64_t> h(40);
  h[0] = h[1] = 1;
  for (std::size_t i = 2; i < h.size(); ++i) h[i] = h[i - 1] + h[i - 2];
  const int limit = GENERATE(8, 12, 24);
  auto l = huffman::build_lengths(h, limit);
  REQUIRE(*std::max_element(l.begin(), l.end()) <= limit);
  REQUIRE(huffman::is_valid_code(l));
  REQUIRE(std::count(l.begin(), l.end(), 0) == 0);
}

TEST_CASE("canonical codes are prefix-free and ordered by (length, symbol)", "[huffman]") {
  std::vector<std::uint8_t> l = {3, 3, 3, 3, 3, 2, 4, 4};
  REQUIRE(huffman::is_valid_code(l));
  auto c = huffman::canonical_codes(l);
  REQUIRE(c[5] == 0b00);
  REQUIRE(c[0] == 0b010);
  REQUIRE(c[4] == 0b110);
  REQUIRE(c[6] == 0b1110);
  REQUIRE(c[7] == 0b1111);
}

TEST_CASE("symbol blocks round-trip", "[huffman]") {
  SECTION("one symbol repeated") {
    std::vector<std::int32_t> s(1000, 7);
    std::uint64_t bits = 0;
    REQUIRE(round_trip(s, &bits) == s);
    REQUIRE(bits == 1000);  // the one-symbol code is one bit per symbol
  }
  SECTION("a single symbol") {
    std::vector<std::int32_t> s = {-5};
    REQUIRE(round_trip(s) == s);
  }
  SECTION("all symbols distinct") {
    std::vector<std::int32_t> s(1000);
    std::iota(s.begin(), s.end(), -300);
    std::shuffle(s.begin(), s.end(), std::mt19937(4));
    std::uint64_t bits = 0;
    REQUIRE(round_trip(s, &bits) == s);
    REQUIRE(bits <= 1000 * 10);  // 1000 equiprobable symbols need at most 10 bits each
  }
  SECTION("skewed random symbols with negatives") {
    std::mt19937 rng(11);
    std::geometric_distribution<int> g(0.3);
    std::vector<std::int32_t> s(20000);
    for (auto& v : s) v = (rng() & 1) ? g(rng) : -g(rng);
    REQUIRE(round_trip(s) == s);
  }
  SECTION("a sparse alphabet spanning a wide range") {
    std::vector<std::int32_t> s;
    for (int i = 0; i < 300; ++i) s.push_back((i % 3) * 60000 - 1);
    REQUIRE(round_trip(s) == s);
  }
  SECTION("codes longer than the lookup table") {
    std::vector<std::int32_t> s;
    std::vector<std::uint64_t> freq(22);
    freq[0] = freq[1] = 1;
    for (std::size_t i = 2; i < freq.size(); ++i) freq[i] = freq[i - 1] + freq[i - 2];
    for (std::size_t i = 0; i < freq.size(); ++i) s.insert(s.end(), freq[i], static_cast<int>(i));
    std::shuffle(s.begin(), s.end(), std::mt19937(5));
    REQUIRE(round_trip(s) == s);
  }
}

TEST_CASE("payload bits equal the sum of code lengths", "[huffman]") {
  std::vector<std::int32_t> s = {0, 0, 0, 0, 1, 1, 2, 3};  // lengths 1, 2, 3, 3
  std::uint64_t bits = 0;
  round_trip(s, &bits);
  REQUIRE(bits == 4 * 1 + 2 * 2 + 3 + 3);
}

TEST_CASE("a range above the alphabet limit is refused", "[huffman]") {
  std::vector<std::int32_t> s = {0, static_cast<std::int32_t>(kMaxAlphabet)};
  ByteWriter w;
  REQUIRE_THROWS_AS(huffman::write_block(w, s), Error);
}

TEST_CASE("corrupt symbol blocks are rejected with codec::Error", "[huffman]") {
  std::vector<std::int32_t> s = {1, 2, 2, 3, 3, 3, 3, 4};
  ByteWriter w;
  huffman::write_block(w, s);
  const auto good = w.take();

  SECTION("asking for more symbols than the payload holds") {
    ByteReader r(good, "test");
    std::vector<std::int32_t> out(s.size() + 50);
    REQUIRE_THROWS_AS(huffman::read_block(r, out), Error);
  }
  SECTION("asking for fewer symbols leaves unused bits") {
    ByteReader r(good, "test");
    std::vector<std::int32_t> out(s.size() - 2);
    REQUIRE_THROWS_AS(huffman::read_block(r, out), Error);
  }
  SECTION("every single-bit flip is detected or decodes to other symbols, never crashes") {
    for (std::size_t i = 0; i < good.size() * 8; ++i) {
      auto bad = good;
      bad[i / 8] ^= static_cast<std::uint8_t>(1u << (i % 8));
      ByteReader r(bad, "test");
      std::vector<std::int32_t> out(s.size());
      try {
        huffman::read_block(r, out);
      } catch (const Error&) {
        continue;
      }
      // Without a CRC at this layer a flip may yield a different valid block; it must not be
      // the same data.
      CHECK(out != s);
    }
  }
}
