// The exact renderer against cv::imdecode, on JPEGs made here with libjpeg's compressor: every
// sampling layout, odd sizes, qualities, progressive and restart files, random coefficients.
#include "../catch.hpp"

#include "jpeg_compare.hpp"
#include "jpeg_maker.hpp"
#include "jpeg_render.hpp"
#include "jpeg_source.hpp"

#include <codec/error.hpp>
#include <codec/jpeg_portable.hpp>

#include <random>

namespace cj = codec::jpeg;

namespace {

using Sampling = std::array<std::pair<int, int>, 4>;

cj::Coefficients read_coefficients(const std::vector<std::uint8_t>& bytes) {
  const auto r = smearpress::read_jpeg_coefficients(bytes);
  INFO(r.pixel_path_reason);
  REQUIRE(r.source.has_value());
  return r.source->coefficients;
}

// Renders `bytes` and requires every pixel to equal imdecode's, unchanged and as colour.
void require_exact(const std::vector<std::uint8_t>& bytes) {
  const cj::Coefficients c = read_coefficients(bytes);
  const codec::Image img = cj::render(c);
  REQUIRE(test::diff(img, test::imdecode(bytes, cv::IMREAD_UNCHANGED)) == "");
  REQUIRE(test::diff(img, test::imdecode(bytes, cv::IMREAD_COLOR)) == "");
}

test::JpegSpec spec(int w, int h, const Sampling& s, int components) {
  test::JpegSpec sp;
  sp.width = w;
  sp.height = h;
  sp.sampling = s;
  sp.components = components;
  return sp;
}

}  // namespace

TEST_CASE("render equals imdecode: standard layouts, odd sizes, qualities, modes", "[jpeg][render]") {
  const auto [name, samp, comps] = GENERATE(
      std::tuple{"4:4:4", Sampling{{{1, 1}, {1, 1}, {1, 1}, {1, 1}}}, 3},
      std::tuple{"4:2:2", Sampling{{{2, 1}, {1, 1}, {1, 1}, {1, 1}}}, 3},
      std::tuple{"4:2:0", Sampling{{{2, 2}, {1, 1}, {1, 1}, {1, 1}}}, 3},
      std::tuple{"4:4:0", Sampling{{{1, 2}, {1, 1}, {1, 1}, {1, 1}}}, 3},
      std::tuple{"gray", Sampling{{{1, 1}, {1, 1}, {1, 1}, {1, 1}}}, 1},
      std::tuple{"gray 2x2", Sampling{{{2, 2}, {1, 1}, {1, 1}, {1, 1}}}, 1});
  const auto [w, h] = GENERATE(std::pair{1, 1}, std::pair{2, 2}, std::pair{3, 5}, std::pair{4, 3},
                               std::pair{5, 4}, std::pair{7, 9}, std::pair{8, 8}, std::pair{16, 16},
                               std::pair{17, 33}, std::pair{33, 17}, std::pair{365, 363});
  const int quality = GENERATE(30, 75, 97);
  const int mode = GENERATE(0, 1, 2, 3);  // baseline, progressive, restarts, optimised
  test::JpegSpec sp = spec(w, h, samp, comps);
  sp.quality = quality;
  sp.progressive = mode == 1;
  sp.restart_blocks = mode == 2 ? 3 : 0;
  sp.optimize = mode == 3;
  INFO(name << " " << w << "x" << h << " q" << quality << " mode " << mode);
  require_exact(test::make_jpeg(sp, test::make_content(w, h, comps, static_cast<std::uint32_t>(w * 7 + h))));
}

TEST_CASE("render equals imdecode for every sampling combination of factors 1 and 2", "[jpeg][render]") {
  const int code = GENERATE(range(0, 64));  // 2 bits per component: h - 1, v - 1
  Sampling s{};
  int blocks = 0;
  for (int c = 0; c < 3; ++c) {
    s[static_cast<std::size_t>(c)] = {1 + (code >> (2 * c) & 1), 1 + (code >> (2 * c + 1) & 1)};
    blocks += s[static_cast<std::size_t>(c)].first * s[static_cast<std::size_t>(c)].second;
  }
  if (blocks > 10) return;  // libjpeg's limit of blocks per MCU
  const auto [w, h] = GENERATE(std::pair{1, 1}, std::pair{3, 2}, std::pair{5, 6}, std::pair{23, 19},
                               std::pair{64, 31});
  INFO("Y " << s[0].first << "x" << s[0].second << " Cb " << s[1].first << "x" << s[1].second << " Cr "
            << s[2].first << "x" << s[2].second << ", " << w << "x" << h);
  require_exact(test::make_jpeg(spec(w, h, s, 3), test::make_content(w, h, 3, static_cast<std::uint32_t>(code))));
}

TEST_CASE("render equals imdecode for random coefficients written directly", "[jpeg][render]") {
  const auto seed = GENERATE(range(1u, 13u));
  std::mt19937 rng(seed);
  // A layout from a 4:2:0 (or gray) file, then random coefficients in place of the image's.
  const bool gray = seed % 4 == 0;
  const int w = 8 + static_cast<int>(rng() % 90), h = 8 + static_cast<int>(rng() % 90);
  test::JpegSpec sp = spec(w, h, Sampling{{{2, 2}, {1, 1}, {1, 1}, {1, 1}}}, gray ? 1 : 3);
  cj::Coefficients c = read_coefficients(test::make_jpeg(sp, test::make_content(w, h, sp.components, seed)));
  std::uniform_int_distribution<int> q(1, 12), dc(-80, 80), ac(-12, 12), pick(0, 9);
  for (auto& t : c.quant)
    for (auto& v : t) v = static_cast<std::uint16_t>(q(rng));
  for (auto& comp : c.components)
    for (std::size_t i = 0; i < comp.coeffs.size(); ++i)
      comp.coeffs[i] = static_cast<std::int16_t>(i % 64 == 0 ? dc(rng) : (pick(rng) < 2 ? ac(rng) : 0));
  const auto bytes = test::write_coefficients(c, seed % 2 == 1);
  const auto r = smearpress::read_jpeg_coefficients(bytes);
  INFO(r.pixel_path_reason);
  REQUIRE(r.source.has_value());
  REQUIRE(r.source->coefficients.components[0].coeffs == c.components[0].coeffs);
  require_exact(bytes);
}

TEST_CASE("render_region is the same rectangle of render", "[jpeg][render]") {
  const auto [samp, comps] = GENERATE(std::pair{Sampling{{{2, 2}, {1, 1}, {1, 1}, {1, 1}}}, 3},
                                      std::pair{Sampling{{{2, 1}, {1, 2}, {1, 1}, {1, 1}}}, 3},
                                      std::pair{Sampling{{{1, 1}, {1, 1}, {1, 1}, {1, 1}}}, 1});
  const int w = 77, h = 53;
  const cj::Coefficients c = read_coefficients(test::make_jpeg(spec(w, h, samp, comps), test::make_content(w, h, comps, 5)));
  const codec::Image full = cj::render(c);
  std::mt19937 rng(3);
  for (int i = 0; i < 40; ++i) {
    const int x0 = static_cast<int>(rng() % w), y0 = static_cast<int>(rng() % h);
    const int rw = 1 + static_cast<int>(rng() % static_cast<unsigned>(w - x0));
    const int rh = 1 + static_cast<int>(rng() % static_cast<unsigned>(h - y0));
    const codec::Image part = cj::render_region(c, x0, y0, rw, rh);
    for (int y = 0; y < rh; ++y)
      for (int x = 0; x < rw * full.channels; ++x)
        REQUIRE(part.row(y)[x] == full.row(y0 + y)[x0 * full.channels + x]);
  }
  REQUIRE_THROWS_AS(cj::render_region(c, 70, 0, 8, 1), codec::Error);
  REQUIRE_THROWS_AS(cj::render_region(c, 0, 0, 0, 1), codec::Error);
}
