// Tests of the ycocg-weighted-rans ROI coder (RoiMethod::kWeightedRans): bit-exact round trips
// over sizes, masks and awkward contents, the value-set layout, and damaged files.
#include "../catch.hpp"
#include "../test_util.hpp"
#include "hostile_checks.hpp"

#include <codec/codec.hpp>
#include <codec/error.hpp>

#include <cstring>
#include <random>
#include <span>
#include <string>
#include <vector>

using namespace codec;

namespace {

EncodeParams weighted_params() {
  EncodeParams p = test::v2_params(RoiMethod::kWeightedRans);
  p.feather_px = 0;
  return p;
}

Image full_mask(int w, int h) {
  Image m(w, h, 1);
  std::fill(m.data.begin(), m.data.end(), 255);
  return m;
}

// Encodes, decodes, and checks every mask pixel bit-exact; returns the file.
std::vector<std::uint8_t> check_round_trip(const Image& img, const Image& mask, const EncodeParams& p) {
  const Encoded enc = encode(img, mask, p);
  const Decoded d = decode(enc.bytes);
  REQUIRE(d.header.roi_method == RoiMethod::kWeightedRans);
  std::size_t stored = 0;
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x) {
      if (!mask.row(y)[x]) continue;
      ++stored;
      REQUIRE(d.mask.row(y)[x] != 0);
      const std::uint8_t* got = d.exact.row(y - d.exact_y) + static_cast<std::size_t>(x - d.exact_x) * img.channels;
      if (std::memcmp(got, img.row(y) + static_cast<std::size_t>(x) * img.channels, static_cast<std::size_t>(img.channels)) != 0)
        FAIL("pixel (" << x << "," << y << ") not exact");
    }
  REQUIRE(enc.stats.roi_pixels == stored);
  if (stored == 0) REQUIRE(d.exact.empty());
  return enc.bytes;
}

}  // namespace

TEST_CASE("weighted ROI coder: round trips over sizes, channels and masks", "[roi-weighted]") {
  const auto [w, h] = GENERATE(std::pair{1, 1}, std::pair{2, 2}, std::pair{3, 5}, std::pair{17, 9}, std::pair{64, 48});
  const int channels = GENERATE(1, 3);
  const Image img = test::make_image(w, h, channels, static_cast<std::uint32_t>(5 * w + h));
  const EncodeParams p = weighted_params();
  SECTION("disc mask") { check_round_trip(img, test::make_disc_mask(w, h), p); }
  SECTION("speckle mask (many short runs, background neighbours everywhere)") {
    check_round_trip(img, test::make_random_mask(w, h, 0.4, 3), p);
  }
  SECTION("empty mask") { check_round_trip(img, Image(w, h, 1), p); }
  SECTION("full mask: the whole image exact") {
    const auto file = check_round_trip(img, full_mask(w, h), p);
    REQUIRE(decode(file).exact.data == img.data);
  }
  SECTION("per-channel background, Haar upsampling") {
    EncodeParams q = p;
    q.colour = BackgroundColour::kChannels;
    q.chroma_levels = 0;
    q.chroma_step = 0;
    q.upsample = Upsample::kHaar;
    check_round_trip(img, test::make_disc_mask(w, h, 0.45, 0.45), q);
  }
}

TEST_CASE("weighted ROI coder: awkward contents stay exact", "[roi-weighted]") {
  const int channels = GENERATE(1, 3);
  const int w = 53, h = 41;
  std::mt19937 rng(11);
  Image img(w, h, channels);
  SECTION("extremes and noise (full YCoCg-R ranges)") {
    for (auto& v : img.data) v = (rng() % 3 == 0) ? 255 : ((rng() % 2) ? 0 : static_cast<std::uint8_t>(rng()));
  }
  SECTION("constant image: one value per plane") {
    std::fill(img.data.begin(), img.data.end(), 77);
  }
  SECTION("sparse histogram: multiples of 7 only") {
    const Image base = test::make_image(w, h, channels, 2);
    for (std::size_t i = 0; i < img.data.size(); ++i) img.data[i] = static_cast<std::uint8_t>(base.data[i] / 7 * 7);
  }
  SECTION("near-binary: two values with rare others") {
    for (auto& v : img.data) v = (rng() % 50 == 0) ? static_cast<std::uint8_t>(rng()) : ((rng() % 5) ? 0 : 255);
  }
  check_round_trip(img, full_mask(w, h), weighted_params());
  check_round_trip(img, test::make_random_mask(w, h, 0.6, 5), weighted_params());
  check_round_trip(img, test::make_disc_mask(w, h), weighted_params());
}

TEST_CASE("weighted ROI coder: gaps in the histogram cost little", "[roi-weighted]") {
  // Every value a multiple of 5: coded as ranks, the residuals are those of a dense image.
  const Image base = test::make_image(96, 64, 1, 4);
  Image sparse = base;
  for (auto& v : sparse.data) v = static_cast<std::uint8_t>(v / 5 * 5);
  EncodeParams p = weighted_params();
  const Image mask = full_mask(96, 64);
  const std::size_t weighted = encode(sparse, mask, p).stats.roi_bytes;
  p.roi_method = RoiMethod::kContextRans;
  const std::size_t med = encode(sparse, mask, p).stats.roi_bytes;
  REQUIRE(weighted < med);
}

TEST_CASE("weighted ROI coder: the existing methods' files are unchanged by its addition", "[roi-weighted]") {
  // Same input, three methods: each decodes to the same exact pixels, and kContextRans keeps
  // its own section (the new id only selects the new coder).
  const Image img = test::make_image(31, 23, 3, 9);
  const Image mask = test::make_disc_mask(31, 23);
  EncodeParams p = weighted_params();
  const auto a = encode(img, mask, p).bytes;
  p.roi_method = RoiMethod::kContextRans;
  const auto b = encode(img, mask, p).bytes;
  REQUIRE(a != b);
  REQUIRE(decode(a).exact.data == decode(b).exact.data);
  REQUIRE(decode(b).header.roi_method == RoiMethod::kContextRans);
}

TEST_CASE("weighted ROI coder: every truncation is an error", "[roi-weighted][hostile]") {
  const int channels = GENERATE(1, 3);
  const Image img = test::make_image(21, 15, channels, 8);
  test::require_every_truncation_rejected(encode(img, test::make_disc_mask(21, 15), weighted_params()).bytes);
}

TEST_CASE("weighted ROI coder: single bit flips in ROIP are rejected or decode consistently", "[roi-weighted][hostile]") {
  const int channels = GENERATE(1, 3);
  const Image img = test::make_image(19, 13, channels, 6);
  const Image mask = test::make_disc_mask(19, 13, 0.45, 0.45);
  const auto file = encode(img, mask, weighted_params()).bytes;
  REQUIRE(std::memcmp(&file[test::section_offsets(file)[2]], "ROIP", 4) == 0);
  const auto count = test::flip_every_payload_bit(file, 2);
  REQUIRE(count.flips > 0);
  REQUIRE(count.rejected > count.flips / 2);
}

TEST_CASE("weighted ROI coder: malformed value sets are errors naming the section", "[roi-weighted][hostile]") {
  const Image img = test::make_image(9, 7, 1, 1);
  const auto file = encode(img, full_mask(9, 7), weighted_params()).bytes;
  const std::size_t roip = test::section_offsets(file)[2];
  // ROIP payload: varint pixel_count (63: one byte), then the value set's varint run count.
  const std::size_t runs_at = roip + 8 + 1;
  for (const std::uint8_t runs : {std::uint8_t{0}, std::uint8_t{1}, std::uint8_t{3}, std::uint8_t{127}}) {
    auto bad = file;
    bad[runs_at] = runs;
    test::fix_crc(bad, roip);
    try {
      decode(bad);
      FAIL("accepted a value set of " << int{runs} << " runs");
    } catch (const Error& e) {
      REQUIRE(std::string(e.what()).find("ROIP") != std::string::npos);
    }
  }
}

TEST_CASE("weighted ROI coder: an unknown ROI method id is unsupported", "[roi-weighted][hostile]") {
  const Image img = test::make_image(8, 8, 1, 1);
  auto file = encode(img, full_mask(8, 8), weighted_params()).bytes;
  // HEAD payload: roi_method is byte 21 (after width, height, 6 u8 fields, 3 u16 fields, mask_method).
  const std::size_t head = 10;
  REQUIRE(file[head + 8 + 21] == static_cast<std::uint8_t>(RoiMethod::kWeightedRans));
  const auto unknown = static_cast<std::uint8_t>(RoiMethod::kJpegDct) + 1;  // the first id no coder has
  file[head + 8 + 21] = static_cast<std::uint8_t>(unknown);
  test::fix_crc(file, head);
  try {
    decode(file);
    FAIL("accepted ROI method " + std::to_string(unknown));
  } catch (const Error& e) {
    REQUIRE(e.code() == ErrorCode::kUnsupported);
  }
}
