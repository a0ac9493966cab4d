// The jpeg-dct ROI coder as a part of the .smz format (version 3): round trips over every layout,
// and damaged files (truncations, bit flips behind a repaired CRC, malformed layouts, the
// version rules) rejected with codec::Error.
#include "../catch.hpp"
#include "../synthetic_jpeg.hpp"
#include "../test_util.hpp"
#include "hostile_checks.hpp"

#include <codec/codec.hpp>
#include <codec/error.hpp>
#include <codec/jpeg_render.hpp>

#include <string>
#include <vector>

using namespace codec;

namespace {

struct JpegFile {
  Image image;  // the coefficients' rendering
  Image mask;
  std::vector<std::uint8_t> bytes;
};

JpegFile jpeg_file(const test::JpegShape& s, bool speckle, EncodeParams p = test::v2_params()) {
  const jpeg::Coefficients c = test::synthetic_jpeg(s, static_cast<std::uint32_t>(s.w * 5 + s.h));
  JpegFile f;
  f.image = jpeg::render(c);
  f.mask = speckle ? test::make_random_mask(s.w, s.h, 0.3, 7) : test::make_disc_mask(s.w, s.h);
  f.mask.row(s.h / 2)[s.w / 2] = 255;
  p.roi_method = RoiMethod::kJpegDct;
  f.bytes = encode(f.image, f.mask, p, nullptr, &c).bytes;
  return f;
}

// The offset of the layout's first byte in the file: ROIP's payload, after varint pixel_count.
std::size_t layout_offset(const std::vector<std::uint8_t>& file) {
  const std::size_t roip = test::section_offsets(file).at(2);
  std::size_t at = roip + 8;
  while (file.at(at) & 0x80) ++at;
  return at + 1;
}

// Decodes `file` and returns the error, which must be kCorrupt and name the ROIP section.
std::string corrupt_roip(const std::vector<std::uint8_t>& file) {
  try {
    (void)decode(file);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kCorrupt);
    CHECK(std::string(e.what()).find("ROIP") != std::string::npos);
    return e.what();
  }
  FAIL("a malformed layout decoded");
  return {};
}

}  // namespace

TEST_CASE("jpeg-dct: every layout round-trips the mask pixels exactly, as version 3", "[jpeg-dct]") {
  const test::JpegShape shape = GENERATE(from_range(std::begin(test::kJpegShapes), std::end(test::kJpegShapes)));
  const bool speckle = GENERATE(false, true);
  INFO(shape.w << "x" << shape.h << "x" << shape.channels << ", Y " << shape.sampling[0].first << "x"
               << shape.sampling[0].second << (speckle ? ", speckle" : ", disc"));
  const JpegFile f = jpeg_file(shape, speckle);
  REQUIRE(inspect(f.bytes).version == 3);
  REQUIRE(inspect(f.bytes).header.roi_method == RoiMethod::kJpegDct);
  const Decoded d = decode(f.bytes);
  REQUIRE(d.mask.data == f.mask.data);
  for (int y = 0; y < shape.h; ++y)
    for (int x = 0; x < shape.w; ++x) {
      if (f.mask.row(y)[x] == 0) continue;
      for (int k = 0; k < shape.channels; ++k)
        REQUIRE(d.exact.row(y - d.exact_y)[(x - d.exact_x) * shape.channels + k] ==
                f.image.row(y)[x * shape.channels + k]);
    }
}

TEST_CASE("jpeg-dct: every truncation is an error, every ROIP bit flip an error or a consistent decode",
          "[jpeg-dct][hostile]") {
  const test::JpegShape shape = GENERATE(test::kJpegShapes[0], test::kJpegShapes[5], test::kJpegShapes[7]);
  const JpegFile f = jpeg_file(shape, true);
  test::require_every_truncation_rejected(f.bytes);
  const test::FlipCount flips = test::flip_every_payload_bit(f.bytes, 2);
  REQUIRE(flips.flips > 0);
  REQUIRE(flips.rejected > 0);
}

TEST_CASE("jpeg-dct: malformed layouts are corrupt, naming the section", "[jpeg-dct][hostile]") {
  const JpegFile f = jpeg_file(test::kJpegShapes[5], false);  // colour, raw chroma table
  const std::size_t at = layout_offset(f.bytes);
  const std::size_t roip = test::section_offsets(f.bytes)[2];
  REQUIRE(f.bytes[at] == 3);  // YCbCr
  auto edit = [&](std::size_t offset, std::uint8_t value) {
    auto bad = f.bytes;
    bad[at + offset] = value;
    test::fix_crc(bad, roip);
    return bad;
  };
  CHECK_THAT(corrupt_roip(edit(0, 1)), test::contains_text("colour 1 for a 3-channel image"));
  CHECK_THAT(corrupt_roip(edit(1, 0x30)), test::contains_text("sampling factors 3x0"));
  CHECK_THAT(corrupt_roip(edit(1, 0x10)), test::contains_text("sampling factors 1x0"));
  CHECK_THAT(corrupt_roip(edit(2, 4)), test::contains_text("quantiser table 4"));
  // Tables follow the three components' (sampling, table) pairs: table 0 (standard), table 1 (raw).
  CHECK_THAT(corrupt_roip(edit(7, 201)), test::contains_text("table kind 201"));
  REQUIRE(f.bytes[at + 8] == 0);  // table 1 is raw: 64 values follow
  CHECK_THAT(corrupt_roip(edit(9, 0)), test::contains_text("a quantiser of 0"));
}

TEST_CASE("jpeg-dct: the version rules", "[jpeg-dct][hostile]") {
  auto file = jpeg_file(test::kJpegShapes[1], false).bytes;  // gray
  REQUIRE(file[8] == 3);
  file[8] = 2;  // a version-3 feature in a version-2 file (the version is outside the CRCs)
  try {
    (void)decode(file);
    FAIL("accepted");
  } catch (const Error& e) {
    REQUIRE(e.code() == ErrorCode::kCorrupt);
  }
  // Without the coefficients, or with ones that do not fit the image, the encoder refuses.
  const jpeg::Coefficients c = test::synthetic_jpeg(test::kJpegShapes[1], 1);
  EncodeParams p = test::v2_params();
  p.roi_method = RoiMethod::kJpegDct;
  const Image image = jpeg::render(c);
  const Image mask = test::make_disc_mask(image.width, image.height);
  REQUIRE_THROWS_AS(encode(image, mask, p), Error);
  const Image other = test::make_image(image.width + 1, image.height, 1, 3);
  REQUIRE_THROWS_AS(encode(other, test::make_disc_mask(other.width, other.height), p, nullptr, &c), Error);
}
