#include "../catch.hpp"

#include "haar.hpp"
#include "quantizer.hpp"

#include <cmath>
#include <random>

using namespace codec;

namespace {

Plane<double> random_plane(int w, int h, std::uint32_t seed) {
  Plane<double> p(w, h);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> d(0, 255);
  for (auto& v : p.px) v = d(rng);
  return p;
}

double max_abs_diff(const Plane<double>& a, const Plane<double>& b) {
  double m = 0;
  for (std::size_t i = 0; i < a.px.size(); ++i) m = std::max(m, std::abs(a.px[i] - b.px[i]));
  return m;
}

}  // namespace

TEST_CASE("the Haar DWT inverts exactly, odd sizes included", "[haar]") {
  const auto [w, h] = GENERATE(std::pair{1, 1}, std::pair{1, 7}, std::pair{7, 1}, std::pair{3, 5},
                               std::pair{8, 8}, std::pair{17, 9}, std::pair{33, 31}, std::pair{360, 363});
  const int levels = GENERATE(1, 2, 3, 5);
  const auto in = random_plane(w, h, static_cast<std::uint32_t>(w * 1000 + h));
  const auto pyr = haar::forward(in, levels);
  REQUIRE(pyr.details.size() == static_cast<std::size_t>(levels));
  const auto [bw, bh] = haar::band_size(w, h, levels);
  REQUIRE(pyr.ll.width == bw);
  REQUIRE(pyr.ll.height == bh);
  const auto out = haar::inverse(pyr);
  REQUIRE(out.width == w);
  REQUIRE(out.height == h);
  REQUIRE(max_abs_diff(in, out) < 1e-9);
}

TEST_CASE("LL is (a+b+c+d)/2 per level, as forward_ll computes it", "[haar]") {
  Plane<double> p(2, 2);
  p.px = {10, 20, 30, 40};
  const auto pyr = haar::forward(p, 1);
  REQUIRE(pyr.ll.px[0] == Approx(50.0));
  REQUIRE(pyr.details[0].hl.px[0] == Approx((10 - 20 + 30 - 40) / 2.0));
  REQUIRE(pyr.details[0].lh.px[0] == Approx((10 + 20 - 30 - 40) / 2.0));
  REQUIRE(pyr.details[0].hh.px[0] == Approx((10 - 20 - 30 + 40) / 2.0));

  const auto big = random_plane(37, 23, 3);
  for (int levels = 1; levels <= 4; ++levels) {
    const auto a = haar::forward(big, levels).ll;
    const auto b = haar::forward_ll(big, levels);
    REQUIRE(max_abs_diff(a, b) == 0.0);
  }
}

TEST_CASE("the orthonormal transform preserves energy on even sizes", "[haar]") {
  const auto in = random_plane(64, 48, 8);
  const auto pyr = haar::forward(in, 1);
  double e_in = 0, e_out = 0;
  for (auto v : in.px) e_in += v * v;
  for (const auto* band : {&pyr.ll, &pyr.details[0].hl, &pyr.details[0].lh, &pyr.details[0].hh})
    for (auto v : band->px) e_out += v * v;
  REQUIRE(e_out == Approx(e_in).epsilon(1e-12));
}

TEST_CASE("zero detail bands reconstruct each 2x2 block as LL/2", "[haar]") {
  haar::Pyramid p;
  p.sizes = {{3, 3}};
  p.ll = Plane<double>(2, 2);
  p.ll.px = {100, 200, 300, 400};
  const auto out = haar::inverse(p);
  REQUIRE(out.at(0, 0) == 50);
  REQUIRE(out.at(1, 1) == 50);
  REQUIRE(out.at(2, 0) == 100);
  REQUIRE(out.at(0, 2) == 150);
  REQUIRE(out.at(2, 2) == 200);
}

TEST_CASE("quantizer error is at most step/2 and halves round away from zero", "[quantizer]") {
  const int step = GENERATE(1, 7, 60, 255);
  std::mt19937 rng(static_cast<std::uint32_t>(step));
  std::uniform_real_distribution<double> d(-600, 600);
  for (int i = 0; i < 10000; ++i) {
    const double v = d(rng);
    REQUIRE(std::abs(dequantize(quantize(v, step), step) - v) <= step / 2.0 + 1e-9);
  }
  REQUIRE(quantize(90.0, 60) == 2);    // 1.5 -> 2
  REQUIRE(quantize(510.0, 60) == 9);   // 8.5 -> 9
  REQUIRE(quantize(-90.0, 60) == -2);
  REQUIRE(to_u8(270.0) == 255);
  REQUIRE(to_u8(-3.0) == 0);
  REQUIRE(to_u8(127.5) == 128);
}
