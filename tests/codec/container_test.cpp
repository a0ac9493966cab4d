#include "../catch.hpp"
#include "../test_util.hpp"
#include "hostile_checks.hpp"

#include "container.hpp"
#include <codec/crc32.hpp>

#include <codec/codec.hpp>
#include <codec/error.hpp>

#include <cstring>
#include <string>

using namespace codec;

namespace {

std::vector<std::uint8_t> small_file(int w = 23, int h = 17, int channels = 3) {
  const Image img = test::make_image(w, h, channels, 7);
  const Image mask = test::make_disc_mask(w, h);
  EncodeParams p;
  p.feather_px = 3;
  return encode(img, mask, p).bytes;
}


// The exact value of channel c of pixel i (raster index) from the decoded box.
std::uint8_t exact_at(const Decoded& d, std::size_t i, int c) {
  const int x = static_cast<int>(i % d.header.width) - d.exact_x, y = static_cast<int>(i / d.header.width) - d.exact_y;
  REQUIRE(x >= 0);
  REQUIRE(y >= 0);
  REQUIRE(x < d.exact.width);
  REQUIRE(y < d.exact.height);
  return d.exact.row(y)[x * d.exact.channels + c];
}

ErrorCode decode_error(std::span<const std::uint8_t> bytes) {
  try {
    decode(bytes);
  } catch (const Error& e) {
    return e.code();
  }
  FAIL("decode accepted the bytes");
  return ErrorCode::kInvalidArgument;
}

}  // namespace

TEST_CASE("CRC-32 matches the standard check value", "[container]") {
  const std::string s = "123456789";
  REQUIRE(crc32({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}) == 0xCBF43926u);
}

TEST_CASE("encode/decode round trip keeps the header and the exact mask pixels", "[container]") {
  const auto [w, h] = GENERATE(std::pair{1, 1}, std::pair{3, 5}, std::pair{17, 9}, std::pair{64, 48},
                               std::pair{101, 67});
  const int channels = GENERATE(1, 3);
  const int levels = GENERATE(1, 3);
  const Image img = test::make_image(w, h, channels, static_cast<std::uint32_t>(w + h));
  const Image mask = test::make_random_mask(w, h, 0.3, 5);
  EncodeParams p;
  p.levels = levels;
  p.quant_step = 45;
  p.feather_px = 4;
  const Encoded enc = encode(img, mask, p);
  REQUIRE(enc.stats.file_bytes == enc.bytes.size());

  const Decoded d = decode(enc.bytes);
  REQUIRE(d.header.width == static_cast<std::uint32_t>(w));
  REQUIRE(d.header.height == static_cast<std::uint32_t>(h));
  REQUIRE(d.header.channels == channels);
  REQUIRE(d.header.levels == levels);
  REQUIRE(d.header.quant_step == 45);
  REQUIRE(d.header.feather_px == 4);
  std::size_t stored = 0;
  for (std::size_t i = 0; i < mask.pixel_count(); ++i) {
    REQUIRE((d.mask.data[i] != 0) == (mask.data[i] != 0));
    for (int c = 0; c < channels; ++c) {
      const std::size_t k = i * channels + c;
      if (mask.data[i]) REQUIRE(exact_at(d, i, c) == img.data[k]);
    }
    stored += mask.data[i] ? 1 : 0;
  }
  REQUIRE(enc.stats.roi_pixels == stored);

  const FileInfo info = inspect(enc.bytes);
  REQUIRE(info.ll_bits == enc.stats.ll_bits);
  REQUIRE(info.roi_pixels == stored);
  REQUIRE(info.sections.size() == 4);
  REQUIRE(info.sections[3].tag == "BKGD");
}

TEST_CASE("an empty mask and a full mask both work", "[container]") {
  const Image img = test::make_image(31, 20, 3, 1);
  EncodeParams p;
  Image empty(31, 20, 1);
  Decoded d = decode(encode(img, empty, p).bytes);
  REQUIRE(d.exact.empty());
  Image full(31, 20, 1);
  std::fill(full.data.begin(), full.data.end(), 255);
  d = decode(encode(img, full, p).bytes);
  REQUIRE(d.exact.data == img.data);
}

TEST_CASE("encoding is deterministic", "[container]") {
  REQUIRE(small_file() == small_file());
}

TEST_CASE("every truncation of a small file is rejected with codec::Error", "[container][hostile]") {
  test::require_every_truncation_rejected(small_file());
}

TEST_CASE("every single-bit flip is rejected with codec::Error", "[container][hostile]") {
  const auto file = small_file(13, 11, 3);
  for (std::size_t i = 0; i < file.size() * 8; ++i) {
    auto bad = file;
    bad[i / 8] ^= static_cast<std::uint8_t>(1u << (i % 8));
    REQUIRE_THROWS_AS(decode(bad), Error);
  }
}

TEST_CASE("container errors are classified and named", "[container][hostile]") {
  auto file = small_file();
  SECTION("trailing bytes") {
    file.push_back(0);
    REQUIRE(decode_error(file) == ErrorCode::kCorrupt);
  }
  SECTION("an unknown version is unsupported") {
    file[8] = static_cast<std::uint8_t>(kFormatVersion + 1);
    REQUIRE(decode_error(file) == ErrorCode::kUnsupported);
    try {
      decode(file);
    } catch (const Error& e) {
      REQUIRE(std::string(e.what()).find("version " + std::to_string(kFormatVersion + 1)) != std::string::npos);
    }
  }
  SECTION("a version-3 file without a version-3 feature is corrupt") {
    file[8] = 3;
    REQUIRE(decode_error(file) == ErrorCode::kCorrupt);
  }
  SECTION("a CRC mismatch names the section") {
    file[file.size() - 6] ^= 0x40;  // inside the BKGD payload
    try {
      decode(file);
      FAIL("accepted");
    } catch (const Error& e) {
      REQUIRE(e.code() == ErrorCode::kCorrupt);
      REQUIRE(std::string(e.what()).find("BKGD") != std::string::npos);
      REQUIRE(std::string(e.what()).find("CRC") != std::string::npos);
    }
  }
  SECTION("a width above the limit is refused before allocating") {
    file[10 + 8 + 0] = 0xFF;  // HEAD payload starts at 18: width = 0x....FF
    file[10 + 8 + 1] = 0xFF;
    file[10 + 8 + 2] = 0x01;  // width 0x1FFFF > kMaxDimension
    test::fix_crc(file, 10);
    REQUIRE(decode_error(file) == ErrorCode::kLimitExceeded);
  }
  SECTION("an unknown method is unsupported") {
    file[10 + 8 + 9] = 7;  // background_method
    test::fix_crc(file, 10);
    REQUIRE(decode_error(file) == ErrorCode::kUnsupported);
  }
  SECTION("a bad signature is not an .smz file") {
    file[1] = 'X';
    REQUIRE(decode_error(file) == ErrorCode::kCorrupt);
  }
}

TEST_CASE("encode refuses unusable input", "[container]") {
  const Image img = test::make_image(8, 8, 3, 1);
  EncodeParams p;
  REQUIRE_THROWS_AS(encode(img, Image(7, 8, 1), p), Error);
  REQUIRE_THROWS_AS(encode(Image(8, 8, 2), Image(8, 8, 1), p), Error);
  p.quant_step = 0;
  REQUIRE_THROWS_AS(encode(img, Image(8, 8, 1), p), Error);
  p.quant_step = 60;
  p.levels = 9;
  REQUIRE_THROWS_AS(encode(img, Image(8, 8, 1), p), Error);
}
