// Speed of the exact renderer against cv::imdecode on the same machine and run (hidden:
// jpeg_tests "[.bench]"). The decoder renders only the ROI's blocks, so render_masked with a
// ~20 % mask is the figure that matters; render() is the whole image.
#include "../catch.hpp"

#include "../test_util.hpp"
#include "jpeg_compare.hpp"
#include "jpeg_maker.hpp"
#include "jpeg_render.hpp"
#include "jpeg_source.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace {

// Best of `reps` runs of f, in megapixels per second for an image of `pixels`.
template <class F>
double mps(double pixels, int reps, F&& f) {
  double best = 1e30;
  for (int i = 0; i < reps; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return pixels / best / 1e6;
}

void bench(const char* name, const std::vector<std::uint8_t>& bytes) {
  const auto r = smearpress::read_jpeg_coefficients(bytes);
  REQUIRE(r.source.has_value());
  const auto& c = r.source->coefficients;
  const double px = double(c.width) * c.height;
  const codec::Image mask = test::make_disc_mask(c.width, c.height, 0.25, 0.25);  // ~20 %
  const int reps = 15;
  codec::jpeg::RenderScratch scratch;
  codec::Image out(c.width, c.height, c.components.size() == 1 ? 1 : 3);  // the decoder's background
  const double dec = mps(px, reps, [&] { (void)test::imdecode(bytes, cv::IMREAD_UNCHANGED); });
  const double full = mps(px, reps, [&] { (void)codec::jpeg::render(c, &scratch); });
  const double masked = mps(px, reps, [&] { codec::jpeg::render_masked_into(c, mask, out, &scratch); });
  std::printf("%-28s %5dx%-5d imdecode %7.1f MP/s | render all %7.1f MP/s (%.2fx) | render 20%% mask %7.1f MP/s (%.2fx)\n",
              name, c.width, c.height, dec, full, full / dec, masked, masked / dec);
}

std::vector<std::uint8_t> slurp(const char* p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("render speed against imdecode", "[.bench]") {
  bench("pbc BA_147282 (4:4:4)", slurp(SMEARPRESS_SOURCE_DIR "/samples/pbc/basophil/BA_147282.jpg"));
  bench("bccd 00002 (4:2:0)", slurp(SMEARPRESS_SOURCE_DIR "/samples/bccd/BloodImage_00002.jpg"));
  for (const bool sub : {false, true}) {
    test::JpegSpec sp;
    sp.width = 3000;
    sp.height = 2000;
    sp.quality = 90;
    sp.sampling[0] = sub ? std::pair{2, 2} : std::pair{1, 1};
    bench(sub ? "synthetic q90 4:2:0" : "synthetic q90 4:4:4",
          test::make_jpeg(sp, test::make_content(sp.width, sp.height, 3, 1)));
  }
}
