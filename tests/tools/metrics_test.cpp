#include "../catch.hpp"

#include "io/image_io.hpp"
#include "reporting/table.hpp"

#include <codec/metrics.hpp>

#include <cmath>
#include <fstream>
#include <string>

TEST_CASE("PSNR on known cases", "[metrics]") {
  codec::Image a(10, 10, 3), b(10, 10, 3);
  std::fill(a.data.begin(), a.data.end(), 100);
  std::fill(b.data.begin(), b.data.end(), 101);
  REQUIRE(codec::mse(a, b) == 1.0);
  REQUIRE(codec::psnr_from_mse(1.0) == Approx(48.1308036));  // 20 log10(255)
  // Half the samples off by 16: MSE 128.
  for (std::size_t i = 0; i < b.data.size(); ++i) b.data[i] = static_cast<std::uint8_t>(i % 2 ? 116 : 100);
  REQUIRE(codec::mse(a, b) == 128.0);
  REQUIRE(codec::psnr_from_mse(128.0) == Approx(27.0585).margin(1e-4));
  REQUIRE(std::isinf(codec::psnr_from_mse(codec::mse(a, a))));
  REQUIRE(smearpress::format_number(codec::psnr_from_mse(0.0), 2) == "inf");
}

TEST_CASE("masked MSE selects pixels by value", "[metrics]") {
  codec::Image a(4, 1, 1), b(4, 1, 1), sel(4, 1, 1);
  a.data = {10, 10, 10, 10};
  b.data = {10, 12, 10, 16};
  sel.data = {255, 255, 0, 0};
  REQUIRE(*codec::mse_where(a, b, sel, 255) == Approx(2.0));
  REQUIRE(*codec::mse_where(a, b, sel, 0) == Approx(18.0));
  REQUIRE_FALSE(codec::mse_where(a, b, sel, 7).has_value());
}

TEST_CASE("SSIM of identical images is 1 and is undefined below 11x11", "[metrics]") {
  const auto img = smearpress::load_image(SMEARPRESS_TEST_DATA_DIR "/ssim/color_a.png").image;
  REQUIRE(*codec::ssim(img, img) == Approx(1.0).margin(1e-12));
  REQUIRE_FALSE(codec::ssim(codec::Image(10, 40, 1), codec::Image(10, 40, 1)).has_value());
}

TEST_CASE("SSIM agrees with scikit-image's recorded values", "[metrics]") {
  // tests/data/ssim/reference.csv: written by make_reference.py with scikit-image 0.19.3.
  std::ifstream in(SMEARPRESS_TEST_DATA_DIR "/ssim/reference.csv");
  REQUIRE(in.good());
  std::string line;
  std::getline(in, line);  // header
  int checked = 0;
  while (std::getline(in, line)) {
    const auto f = smearpress::parse_csv_line(line);
    REQUIRE(f.size() == 4);
    const auto a = smearpress::load_image(std::string(SMEARPRESS_TEST_DATA_DIR "/ssim/") + f[0]).image;
    const auto b = smearpress::load_image(std::string(SMEARPRESS_TEST_DATA_DIR "/ssim/") + f[1]).image;
    const double expected = std::stod(f[2]);
    const auto got = codec::ssim(a, b);
    INFO(f[0] << " vs " << f[1]);
    REQUIRE(got.has_value());
    // The requirement is 0.002; the implementation matches to rounding error.
    REQUIRE(*got == Approx(expected).margin(1e-6));
    ++checked;
  }
  REQUIRE(checked >= 3);
}
