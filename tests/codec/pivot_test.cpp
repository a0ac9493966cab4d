// The paper's base method and block pivot subtraction (BKGD method kHaarPivotHuffman).
#include "../catch.hpp"
#include "../test_util.hpp"
#include "background_ll_huffman.hpp"
#include "background_pivot.hpp"
#include "hostile_checks.hpp"

#include <codec/codec.hpp>
#include <codec/error.hpp>

#include <cstdlib>
#include <random>
#include <vector>

using namespace codec;

namespace {

EncodeParams pivot_params(Bands bands, int block, PivotRule rule, int step = 1) {
  EncodeParams p;
  p.background_method = BackgroundMethod::kHaarPivotHuffman;
  p.bands = bands;
  p.pivot_block = block;
  p.pivot = rule;
  p.quant_step = step;
  p.levels = 1;
  return p;
}

const PivotRule kRules[] = {PivotRule::kUpperLeft, PivotRule::kMean, PivotRule::kMedian};

}  // namespace

TEST_CASE("pivot subtraction: a worked 3x3 example per rule", "[pivot]") {
  // One full block and, with block 2, partial ones at the right and bottom.
  const std::vector<std::int32_t> m = {5, 7, -2,   //
                                       4, 5, 9,    //
                                       -6, 0, 5};
  CHECK(subtract_pivots(m, 3, 3, 3, PivotRule::kUpperLeft) ==
        std::vector<std::int32_t>{5, 2, -7, -1, 0, 4, -11, -5, 0});
  // Mean: 27 / 9 = 3 -> pivot 3 first, then every value minus 3.
  CHECK(subtract_pivots(m, 3, 3, 3, PivotRule::kMean) ==
        std::vector<std::int32_t>{3, 2, 4, -5, 1, 2, 6, -9, -3, 2});
  // Lower median of {-6,-2,0,4,5,5,5,7,9} (rank 4) = 5.
  CHECK(subtract_pivots(m, 3, 3, 3, PivotRule::kMedian) ==
        std::vector<std::int32_t>{5, 0, 2, -7, -1, 0, 4, -11, -5, 0});
  // Block 2: blocks {5,7,4,5} {-2,9} {-6,0} {5}; the mean of {-2, 9} is 3.5 -> floor 3, of
  // {-6, 0} -3, of {5} 5.
  CHECK(subtract_pivots(m, 3, 3, 2, PivotRule::kMean) ==
        std::vector<std::int32_t>{5, 3, -3, 5, 0, 2, -5, -1, 0, 6, -3, 3, 0});
  CHECK(subtract_pivots(m, 3, 3, 1, PivotRule::kMedian) == m);
}

TEST_CASE("pivot subtraction inverts for every rule, block and shape", "[pivot]") {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> value(-600, 600);
  for (const PivotRule rule : kRules)
    for (int block = 1; block <= 5; ++block)
      for (const auto& [w, h] : {std::pair{1, 1}, {3, 5}, {8, 8}, {17, 9}, {2, 31}}) {
        std::vector<std::int32_t> m(static_cast<std::size_t>(w) * h);
        for (auto& v : m) v = value(rng);
        const auto s = subtract_pivots(m, w, h, block, rule);
        REQUIRE(s.size() == pivot_symbol_count(w, h, block, rule));
        const auto back = add_pivots(s, w, h, block, rule);
        REQUIRE(std::vector<std::int32_t>(back.begin(), back.end()) == m);
      }
  REQUIRE_THROWS_AS(add_pivots(std::vector<std::int32_t>(4), 2, 2, 2, PivotRule::kMean), Error);  // needs 4 + 1
}

TEST_CASE("base method: step 1 errs by at most one level, never below the input", "[pivot]") {
  for (const int channels : {1, 3}) {
    const Image img = test::make_image(37, 22, channels, 3);
    Header h;
    h.width = 37;
    h.height = 22;
    h.channels = static_cast<std::uint8_t>(channels);
    h.background_method = BackgroundMethod::kHaarPivotHuffman;
    h.bands = Bands::kAll;
    h.quant_step = 1;
    const Image rec = synthesize_pivot_background(analyse_pivot_background(img, h), h);
    int worst = 0;
    for (std::size_t i = 0; i < img.data.size(); ++i) {
      const int d = rec.data[i] - img.data[i];
      REQUIRE(d >= 0);
      worst = std::max(worst, d);
    }
    REQUIRE(worst == 1);  // odd coefficient sums do round
  }
  // A flat image is exact.
  Image flat(6, 4, 1);
  std::fill(flat.data.begin(), flat.data.end(), 77);
  const Decoded d = decode(encode(flat, Image(6, 4, 1), pivot_params(Bands::kAll, 3, PivotRule::kUpperLeft)).bytes);
  REQUIRE(d.background.data == flat.data);
}

TEST_CASE("haar-pivot-huffman round-trips every combination", "[pivot][container]") {
  for (const Bands bands : {Bands::kLL, Bands::kAll})
    for (const PivotRule rule : kRules)
      for (const int block : {1, 3, 4})
        for (const int channels : {1, 3})
          for (const auto& [w, h] : {std::pair{1, 1}, {3, 5}, {17, 9}, {40, 33}}) {
            INFO(to_string(bands) << " " << to_string(rule) << " block " << block << " " << w << "x" << h << "x"
                                  << channels);
            const Image img = test::make_image(w, h, channels, static_cast<std::uint32_t>(w + block));
            const Image mask = test::make_disc_mask(w, h);
            EncodeParams p = pivot_params(bands, block, rule, bands == Bands::kAll ? 1 : 60);
            const Encoded e = encode(img, mask, p);
            const Decoded d = decode(e.bytes);
            REQUIRE(d.header.background_method == BackgroundMethod::kHaarPivotHuffman);
            REQUIRE(d.header.bands == bands);
            REQUIRE(d.header.pivot_block == block);
            REQUIRE(d.header.pivot == rule);
            // The decoder rebuilds exactly what the encoder predicted from.
            Header hdr = d.header;
            REQUIRE(d.background.data == synthesize_pivot_background(analyse_pivot_background(img, hdr), hdr).data);
            REQUIRE(inspect(e.bytes).ll_bits == e.stats.ll_bits);
          }
}

TEST_CASE("LL bands without pivots give the paper's background, and pivots change only the size", "[pivot]") {
  const Image img = test::make_image(64, 48, 3, 9);
  const Image mask(64, 48, 1);
  EncodeParams paper;
  paper.quant_step = 60;
  const Decoded base = decode(encode(img, mask, paper).bytes);
  for (const PivotRule rule : kRules)
    for (const int block : {1, 3, 8}) {
      EncodeParams p = pivot_params(Bands::kLL, block, rule, 60);
      REQUIRE(decode(encode(img, mask, p).bytes).background.data == base.background.data);
    }
}

TEST_CASE("haar-pivot-huffman refuses what it cannot do", "[pivot]") {
  const Image img = test::make_image(8, 8, 1, 1);
  EncodeParams p = pivot_params(Bands::kAll, 3, PivotRule::kUpperLeft);
  p.levels = 2;
  REQUIRE_THROWS_AS(encode(img, Image(8, 8, 1), p), Error);
  p = pivot_params(Bands::kLL, 65, PivotRule::kUpperLeft);
  REQUIRE_THROWS_AS(encode(img, Image(8, 8, 1), p), Error);
  p = pivot_params(Bands::kLL, 0, PivotRule::kUpperLeft);
  REQUIRE_THROWS_AS(encode(img, Image(8, 8, 1), p), Error);
}

TEST_CASE("haar-pivot-huffman files: truncations, flipped bits, bad parameters", "[pivot][hostile]") {
  const Image img = test::make_image(19, 13, 3, 5);
  const auto file = encode(img, test::make_disc_mask(19, 13), pivot_params(Bands::kAll, 3, PivotRule::kMedian)).bytes;
  test::require_every_truncation_rejected(file);
  const auto count = test::flip_every_payload_bit(file);
  REQUIRE(count.flips > 0);
  REQUIRE(count.rejected > count.flips / 2);

  // The BKGD parameters: the first bytes of the fourth section's payload.
  const std::size_t off = test::section_offsets(file)[3];
  const auto with = [&](std::size_t at, std::uint8_t v) {
    auto bad = file;
    bad[off + 8 + at] = v;
    test::fix_crc(bad, off);
    try {
      decode(bad);
    } catch (const Error& e) {
      return e.code();
    }
    return ErrorCode::kInvalidArgument;  // accepted: not expected here
  };
  REQUIRE(with(0, 2) == ErrorCode::kUnsupported);   // band set
  REQUIRE(with(1, 0) == ErrorCode::kCorrupt);       // block 0
  REQUIRE(with(1, 65) == ErrorCode::kCorrupt);      // block above the limit
  REQUIRE(with(2, 3) == ErrorCode::kUnsupported);   // pivot rule
}
