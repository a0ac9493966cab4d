#include "../catch.hpp"
#include "../temp_dir.hpp"
#include "../test_util.hpp"

#include "runners/batch.hpp"
#include "config/config.hpp"
#include "io/image_io.hpp"

#include <smearpress/pipeline.hpp>

#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <sstream>

namespace fs = std::filesystem;
using namespace smearpress;

namespace {

// The bit-exact ROI guarantee: every pixel whose decoded weight is 1 equals the input, and
// weights are 0 wherever no exact pixel is stored.
void require_exact_roi(const codec::Image& original, const Reconstruction& rec) {
  REQUIRE(rec.image.width == original.width);
  REQUIRE(rec.image.height == original.height);
  REQUIRE(rec.image.channels == original.channels);
  std::size_t exact = 0;
  for (int y = 0; y < original.height; ++y)
    for (int x = 0; x < original.width; ++x) {
      const std::uint8_t w = rec.weights(y, x);
      if (rec.decoded.mask.row(y)[x] == 0) REQUIRE(w == 0);
      if (w != 255) continue;
      ++exact;
      for (int c = 0; c < original.channels; ++c)
        REQUIRE(rec.image.row(y)[x * original.channels + c] == original.row(y)[x * original.channels + c]);
    }
  REQUIRE(evaluate(original, rec).roi_exact);
  (void)exact;
}

}  // namespace

TEST_CASE("every sample keeps its weight-1 pixels bit-exact with the seed config", "[pipeline][exact]") {
  const Settings seed = load_config(SMEARPRESS_SOURCE_DIR "/configs/seed.json").settings;
  const auto files = find_jobs(SMEARPRESS_SOURCE_DIR "/samples", SMEARPRESS_SOURCE_DIR "/samples/none");
  REQUIRE(files.size() >= 16);
  std::size_t with_roi = 0;
  for (const auto& job : files) {
    INFO(job.relative);
    const LoadedImage in = load_image(job.file);
    const Compressed c = compress(in.image, seed);
    const Reconstruction rec = reconstruct(c.encoded.bytes);
    require_exact_roi(in.image, rec);
    with_roi += cv::countNonZero(rec.weights == 255) > 0 ? 1 : 0;
  }
  // The guarantee is only meaningful if most images do have exact pixels.
  REQUIRE(with_roi * 10 >= files.size() * 8);
}

TEST_CASE("odd sizes, gray and tiny images round-trip with an exact ROI", "[pipeline][exact]") {
  const auto [w, h] = GENERATE(std::pair{1, 1}, std::pair{3, 5}, std::pair{17, 9}, std::pair{101, 77});
  const int channels = GENERATE(1, 3);
  codec::Image img = test::make_image(w, h, channels, 3);
  // Paint a dark, saturated disc so the detector has something to find on larger images.
  const codec::Image disc = test::make_disc_mask(w, h, 0.25, 0.25);
  for (std::size_t i = 0; i < img.pixel_count(); ++i)
    if (disc.data[i])
      for (int c = 0; c < channels; ++c) img.data[i * channels + c] = static_cast<std::uint8_t>(c == 1 ? 30 : 120);
  Settings s;
  s.detect.dilate_px = 2;
  s.feather_px = 2;
  const Compressed c = compress(img, s);
  const Reconstruction rec = reconstruct(c.encoded.bytes);
  require_exact_roi(img, rec);
}

TEST_CASE("input with alpha is accepted with a notice and unreadable files give clear errors", "[pipeline][io]") {
  const fs::path dir = test::temp_dir("io");
  cv::Mat rgba(20, 30, CV_8UC4, cv::Scalar(10, 20, 30, 128));
  REQUIRE(cv::imwrite((dir / "rgba.png").string(), rgba));
  const LoadedImage in = load_image(dir / "rgba.png");
  REQUIRE(in.image.channels == 3);
  REQUIRE(in.notices.size() == 1);
  REQUIRE(in.notices[0].find("alpha") != std::string::npos);
  REQUIRE(in.image.data[0] == 10);
  REQUIRE(in.image.data[2] == 30);

  cv::Mat g16(8, 8, CV_16UC1, cv::Scalar(65535));
  REQUIRE(cv::imwrite((dir / "g16.png").string(), g16));
  const LoadedImage in16 = load_image(dir / "g16.png");
  REQUIRE(in16.image.channels == 1);
  REQUIRE(in16.image.data[0] == 255);
  REQUIRE_FALSE(in16.notices.empty());

  write_file_atomic(dir / "empty.png", {});
  REQUIRE_THROWS_WITH(load_image(dir / "empty.png"), test::contains_text("empty file"));
  const std::string text = "this is not an image";
  write_file_atomic(dir / "text.jpg", {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
  REQUIRE_THROWS_WITH(load_image(dir / "text.jpg"), test::contains_text("not a readable image"));
  REQUIRE_THROWS_WITH(load_image(dir / "missing.png"), test::contains_text("missing.png"));
  fs::remove_all(dir);
}

TEST_CASE("atomic writes leave no temporary file behind", "[pipeline][io]") {
  const fs::path dir = test::temp_dir("atomic");
  const std::vector<std::uint8_t> bytes = {1, 2, 3};
  write_file_atomic(dir / "out.bin", bytes);
  write_file_atomic(dir / "out.bin", bytes);
  REQUIRE(read_file(dir / "out.bin") == bytes);
  REQUIRE(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
  REQUIRE_THROWS_AS(write_file_atomic(dir / "no" / "such" / "dir.bin", bytes), InputError);
  fs::remove_all(dir);
}

TEST_CASE("a batch writes one row per file and goes on after failures", "[pipeline][batch]") {
  const fs::path in = test::temp_dir("batch_in"), out = test::temp_dir("batch_out");
  fs::create_directories(in / "lymphocyte");
  fs::create_directories(in / "broken");
  fs::copy_file(SMEARPRESS_SOURCE_DIR "/samples/pbc/lymphocyte/LY_154997.jpg", in / "lymphocyte" / "LY_154997.jpg");
  write_file_atomic(in / "broken" / "empty.jpg", {});
  const std::string text = "not an image";
  write_file_atomic(in / "broken" / "text.png", {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
  BatchOptions opt;
  opt.input = in;
  opt.output = out;
  opt.jobs = 2;
  std::ostringstream log;
  const BatchOutcome r = run_batch(opt, log);
  REQUIRE(r.total == 3);
  REQUIRE(r.failed == 2);
  REQUIRE(fs::exists(out / "results.csv"));
  REQUIRE(fs::exists(out / "summary.csv"));
  REQUIRE(fs::exists(out / "smz" / "lymphocyte" / "LY_154997.jpg.smz"));
  const auto csv = read_file(out / "results.csv");
  const std::string text_csv(csv.begin(), csv.end());
  REQUIRE(text_csv.find("broken/empty.jpg,broken,error") != std::string::npos);
  REQUIRE(text_csv.find("lymphocyte/LY_154997.jpg,lymphocyte,ok") != std::string::npos);
  fs::remove_all(in);
  fs::remove_all(out);
}
