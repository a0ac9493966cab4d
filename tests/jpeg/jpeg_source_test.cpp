// The JPEG reader: which files take the pixel path and why, and the source's bits per block.
#include "../catch.hpp"

#include "jpeg_bits.hpp"
#include "jpeg_compare.hpp"
#include "jpeg_maker.hpp"
#include "jpeg_render.hpp"
#include "jpeg_source.hpp"

#include <codec/error.hpp>

#include <cmath>
#include <cstdlib>
#include <numeric>
#include <random>

namespace cj = codec::jpeg;
using smearpress::read_jpeg_coefficients;

namespace {

std::vector<std::uint8_t> jpeg(test::JpegSpec sp = {}) {
  return test::make_jpeg(sp, test::make_content(sp.width, sp.height, sp.components, 11));
}

std::string reason(const std::vector<std::uint8_t>& bytes) {
  const auto r = read_jpeg_coefficients(bytes);
  REQUIRE(r.source.has_value() == r.pixel_path_reason.empty());
  return r.pixel_path_reason;
}

// Offset of the first SOFn marker's length field.
std::size_t sof_at(const std::vector<std::uint8_t>& b) {
  for (std::size_t i = 2; i + 1 < b.size(); ++i)
    if (b[i] == 0xFF && b[i + 1] >= 0xC0 && b[i + 1] <= 0xC2) return i + 2;
  FAIL("no SOF");
  return 0;
}

// Entropy-coded bytes (stuffed zeros and RSTn markers not counted) and restart intervals.
std::pair<std::uint64_t, std::uint64_t> scan_payload(const std::vector<std::uint8_t>& b) {
  std::uint64_t bytes = 0, intervals = 0;
  std::size_t i = 2;
  while (i + 3 < b.size()) {
    const std::uint8_t m = b[i + 1];
    const std::size_t len = static_cast<std::size_t>(b[i + 2] << 8 | b[i + 3]);
    i += 2 + len;
    if (m != 0xDA) continue;
    ++intervals;
    for (; i + 1 < b.size(); ++i) {
      if (b[i] != 0xFF) {
        ++bytes;
      } else if (b[i + 1] == 0x00) {
        ++bytes;
        ++i;
      } else if (b[i + 1] >= 0xD0 && b[i + 1] <= 0xD7) {
        ++intervals;
        ++i;
      } else {
        break;
      }
    }
  }
  return {bytes, intervals};
}

std::uint64_t total(const std::vector<std::vector<std::uint32_t>>& bits) {
  std::uint64_t n = 0;
  for (const auto& v : bits) n = std::accumulate(v.begin(), v.end(), n);
  return n;
}

}  // namespace

TEST_CASE("pixel path: Exif orientation other than 1", "[jpeg][source]") {
  const bool le = GENERATE(true, false);
  test::JpegSpec sp;
  sp.app1 = test::exif_with_orientation(6, le);
  const auto rotated = jpeg(sp);
  REQUIRE_THAT(reason(rotated), Catch::Contains("orientation 6"));
  REQUIRE(test::imdecode(rotated, cv::IMREAD_COLOR).cols == sp.height);  // imread turns it...
  REQUIRE(test::imdecode(rotated, cv::IMREAD_UNCHANGED).cols == sp.width);  // ...but not unchanged
  sp.app1 = test::exif_with_orientation(1, le);
  REQUIRE(reason(jpeg(sp)).empty());
  sp.app1 = {'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 0xF0, 0xFF, 0, 0};  // IFD offset out of range
  REQUIRE_THAT(reason(jpeg(sp)), Catch::Contains("malformed Exif"));
  sp.app1 = {'h', 't', 't', 'p', ':', '/', '/', 'n', 's'};  // XMP-like: not Exif, no orientation
  REQUIRE(reason(jpeg(sp)).empty());
}

TEST_CASE("pixel path: colour spaces, sampling, coding and precision the renderer does not take", "[jpeg][source]") {
  test::JpegSpec sp;
  sp.components = 4;
  REQUIRE_THAT(reason(jpeg(sp)), Catch::Contains("4-component"));
  sp = {};
  sp.rgb = true;
  REQUIRE_THAT(reason(jpeg(sp)), Catch::Contains("colour space"));
  sp = {};
  sp.sampling[0] = {4, 1};
  REQUIRE_THAT(reason(jpeg(sp)), Catch::Contains("sampling factors 4x1"));
  sp = {};
  sp.arithmetic = true;
  REQUIRE_THAT(reason(jpeg(sp)), Catch::Contains("arithmetic"));
  sp = {};
  sp.progressive = true;
  sp.dc_scans_only = 1;  // only the DC scan: libjpeg block-smooths what it decodes
  REQUIRE_THAT(reason(jpeg(sp)), Catch::Contains("incomplete"));
  auto b = jpeg();
  const std::size_t sof = sof_at(b);
  b[sof + 2] = 12;  // sample precision
  REQUIRE_THAT(reason(b), Catch::Contains("12-bit"));
  b[sof + 2] = 8;
  b[sof - 1] = 0xC3;  // lossless
  REQUIRE_THAT(reason(b), Catch::Contains("lossless"));
  b[sof - 1] = 0xC5;
  REQUIRE_THAT(reason(b), Catch::Contains("hierarchical"));
}

TEST_CASE("pixel path: 16-bit quantisers and coefficients beyond the SIMD/C agreement", "[jpeg][source]") {
  auto c = read_jpeg_coefficients(jpeg()).source->coefficients;
  auto big = c;
  big.quant[0][5] = 300;
  REQUIRE_THAT(reason(test::write_coefficients(big, false)), Catch::Contains("above 255"));
  big = c;
  for (auto& comp : big.components)  // coefficient 9 at 255 x 1000 in one block only
    for (std::size_t i = 9; i < comp.coeffs.size(); i += 64) comp.coeffs[i] = 0;
  big.quant[static_cast<std::size_t>(big.components[0].quant_index)][9] = 255;
  big.components[0].block(1, 1)[9] = 1000;
  const auto bytes = test::write_coefficients(big, false);
  REQUIRE_THAT(reason(bytes), Catch::Contains("component 0 block (1, 1)"));
}

TEST_CASE("every truncation of a file is an error, never a crash or an image", "[jpeg][hostile]") {
  test::JpegSpec sp;
  sp.width = 40;
  sp.height = 24;
  sp.progressive = GENERATE(false, true);
  const auto b = jpeg(sp);
  for (std::size_t n = 0; n + 1 < b.size(); n += 1 + n / 64) {
    INFO("first " << n << " of " << b.size() << " bytes");
    const std::vector<std::uint8_t> cut(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n));
    REQUIRE_THROWS_AS(read_jpeg_coefficients(cut), codec::Error);
  }
  try {
    read_jpeg_coefficients(std::vector<std::uint8_t>(b.begin(), b.end() - 20));
    FAIL("accepted a truncated file");
  } catch (const codec::Error& e) {
    REQUIRE(e.code() == codec::ErrorCode::kTruncated);
    REQUIRE_THAT(e.what(), Catch::Contains("Premature end"));
  }
}

TEST_CASE("corrupt entropy-coded data is an error, random damage never crashes", "[jpeg][hostile]") {
  test::JpegSpec sp;
  sp.width = 64;
  sp.height = 64;
  const auto b = jpeg(sp);
  auto bad = b;
  for (std::size_t i = b.size() / 2; i < b.size() / 2 + 16; i += 2) {  // all-ones bits: no such code
    bad[i] = 0xFF;
    bad[i + 1] = 0x00;
  }
  REQUIRE_THROWS_AS(read_jpeg_coefficients(bad), codec::Error);
  bad = b;
  bad[b.size() / 2] = 0xFF;  // a marker in the middle of the scan
  bad[b.size() / 2 + 1] = 0xC4;
  REQUIRE_THROWS_AS(read_jpeg_coefficients(bad), codec::Error);
  std::mt19937 rng(7);
  int errors = 0;
  for (int t = 0; t < 300; ++t) {
    bad = b;
    for (int k = 0; k < 3; ++k) bad[rng() % b.size()] ^= static_cast<std::uint8_t>(1 + rng() % 255);
    try {
      const auto r = read_jpeg_coefficients(bad);
      if (r.source) cj::render(r.source->coefficients);
    } catch (const codec::Error&) {
      ++errors;
    }
  }
  REQUIRE(errors > 100);
}

TEST_CASE("absurd headers are errors or pixel-path files", "[jpeg][hostile]") {
  const auto b = jpeg();
  const std::size_t sof = sof_at(b);  // length(2) precision(1) height(2) width(2) n(1) {id hv q}
  auto set16 = [&](std::vector<std::uint8_t>& v, std::size_t at, unsigned x) {
    v[at] = static_cast<std::uint8_t>(x >> 8);
    v[at + 1] = static_cast<std::uint8_t>(x & 0xFF);
  };
  auto v = b;
  set16(v, sof + 5, 0);
  REQUIRE_THROWS_AS(read_jpeg_coefficients(v), codec::Error);
  v = b;
  set16(v, sof + 3, 65500);
  set16(v, sof + 5, 65500);
  try {
    read_jpeg_coefficients(v);
    FAIL("accepted 65500 x 65500");
  } catch (const codec::Error& e) {
    REQUIRE(e.code() == codec::ErrorCode::kLimitExceeded);
  }
  for (const int hv : {0x00, 0x50, 0x15}) {
    v = b;
    v[sof + 9] = static_cast<std::uint8_t>(hv);
    REQUIRE_THROWS_AS(read_jpeg_coefficients(v), codec::Error);
  }
  v = b;
  v[sof + 9] = 0x31;  // 3x1 luma: valid, not rendered
  REQUIRE_THAT(reason(v), Catch::Contains("sampling factors 3x1"));
  REQUIRE_THROWS_AS(read_jpeg_coefficients(std::vector<std::uint8_t>{}), codec::Error);
  REQUIRE_THROWS_AS(read_jpeg_coefficients(std::vector<std::uint8_t>{0x89, 'P', 'N', 'G', 13, 10, 26, 10}), codec::Error);
  v = b;
  v.insert(v.begin() + 2, {0x00, 0x12, 0x34});  // extraneous bytes before a marker: a libjpeg warning
  REQUIRE_THROWS_AS(read_jpeg_coefficients(v), codec::Error);
}

TEST_CASE("sequential files: the block bits are the entropy-coded bits", "[jpeg][bits]") {
  test::JpegSpec sp;
  sp.width = 96;  // whole MCUs: no dummy blocks
  sp.height = 64;
  sp.components = GENERATE(1, 3);
  sp.restart_blocks = GENERATE(0, 1, 5);
  sp.optimize = GENERATE(false, true);
  const auto b = jpeg(sp);
  const auto r = read_jpeg_coefficients(b);
  REQUIRE(r.source.has_value());
  REQUIRE(r.source->bits_exact);
  const auto [bytes, intervals] = scan_payload(b);
  const std::uint64_t bits = total(r.source->block_bits);
  // Each restart interval (and the scan) ends padded with 1 bits to a byte boundary.
  REQUIRE(bits <= bytes * 8);
  REQUIRE(bits > bytes * 8 - intervals * 8);
}

TEST_CASE("progressive files: the estimate is jpegtran -optimize's sequential cost", "[jpeg][bits]") {
  test::JpegSpec sp;
  sp.width = GENERATE(8, 45, 200);
  sp.height = 37;
  sp.components = GENERATE(1, 3);
  sp.progressive = true;
  const auto prog = jpeg(sp);
  const auto p = read_jpeg_coefficients(prog);
  REQUIRE(p.source.has_value());
  REQUIRE_FALSE(p.source->bits_exact);
  const auto seq = read_jpeg_coefficients(test::transcode_optimized(prog));
  REQUIRE(seq.source.has_value());
  REQUIRE(seq.source->coefficients.components[0].coeffs == p.source->coefficients.components[0].coeffs);
  REQUIRE(seq.source->block_bits == p.source->block_bits);
}

TEST_CASE("optimal_code_lengths matches libjpeg's optimised tables and the 16-bit limit", "[jpeg][bits]") {
  std::array<std::uint64_t, 256> freq{};
  REQUIRE(smearpress::jpeg_detail::optimal_code_lengths(freq) == std::array<std::uint8_t, 256>{});
  freq[0] = 1;
  auto len = smearpress::jpeg_detail::optimal_code_lengths(freq);
  REQUIRE(len[0] == 1);  // one symbol: one bit (the all-ones word stays reserved)
  for (std::size_t i = 0; i < 40; ++i) freq[i] = std::uint64_t{1} << std::min<std::size_t>(i, 40);  // very skewed
  len = smearpress::jpeg_detail::optimal_code_lengths(freq);
  double kraft = 0;
  for (std::size_t i = 0; i < 40; ++i) {
    REQUIRE(len[i] >= 1);
    REQUIRE(len[i] <= 16);
    kraft += std::ldexp(1.0, -len[i]);
  }
  REQUIRE(kraft < 1.0);  // a prefix code with a free all-ones word
}

// Run by CTest as jpeg_tests.c_idct with JSIMD_FORCENONE=1 (libjpeg-turbo then uses its C code):
// the renderer follows the C IDCT's arithmetic even on blocks the reader refuses as non-portable.
// Without that variable it only reports how far libjpeg-turbo's SIMD IDCT is from it there.
TEST_CASE("extreme coefficients render as libjpeg-turbo's C IDCT computes them", "[.][c-idct]") {
  auto c = read_jpeg_coefficients(jpeg()).source->coefficients;
  std::mt19937 rng(5);
  for (auto& t : c.quant) t.fill(255);
  for (auto& comp : c.components)
    for (auto& v : comp.coeffs) v = static_cast<std::int16_t>(rng() % 8 == 0 ? static_cast<int>(rng() % 2047) - 1023 : 0);
  const auto bytes = test::write_coefficients(c, false);
  REQUIRE_THAT(reason(bytes), Catch::Contains("SIMD"));
  const auto read = smearpress::jpeg_detail::read_with_libjpeg(bytes);
  const std::string d = test::diff(cj::render(read.coefficients), test::imdecode(bytes, cv::IMREAD_COLOR));
  const char* env = std::getenv("JSIMD_FORCENONE");
  if (env != nullptr && std::string(env) == "1")
    REQUIRE(d == "");
  else
    WARN("libjpeg-turbo with SIMD on non-portable blocks: " << (d.empty() ? "identical" : d));
}
