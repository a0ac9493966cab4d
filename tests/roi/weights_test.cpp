#include "../catch.hpp"

#include <roi/blend.hpp>
#include <roi/weights.hpp>

#include <opencv2/imgproc.hpp>

#include <random>

namespace {

cv::Mat1b blob_mask(int w, int h, std::uint32_t seed) {
  cv::Mat1b m(h, w, static_cast<std::uint8_t>(0));
  std::mt19937 rng(seed);
  for (int i = 0; i < 4; ++i) {
    cv::Point c(static_cast<int>(rng() % static_cast<unsigned>(w)), static_cast<int>(rng() % static_cast<unsigned>(h)));
    cv::circle(m, c, 3 + static_cast<int>(rng() % 15), cv::Scalar(255), cv::FILLED);
  }
  return m;
}

}  // namespace

TEST_CASE("weights are 0 outside the mask, positive inside, 255 deep inside", "[weights]") {
  const int feather = GENERATE(0, 1, 3, 8, 20);
  const auto seed = GENERATE(1u, 2u, 3u);
  const cv::Mat1b mask = blob_mask(97, 61, seed);
  const cv::Mat1b w = roi::compute_weights(mask, feather);
  REQUIRE(w.size() == mask.size());
  // Reference: pixels at least `feather` pixels inside (by an erosion with a square of that
  // radius, which the 3-4 chamfer distance always dominates) must be exactly 1.
  cv::Mat1b deep;
  cv::erode(mask, deep, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(2 * feather + 1, 2 * feather + 1)),
            cv::Point(-1, -1), 1, cv::BORDER_REPLICATE);
  for (int y = 0; y < mask.rows; ++y)
    for (int x = 0; x < mask.cols; ++x) {
      if (!mask(y, x)) {
        REQUIRE(w(y, x) == 0);
      } else {
        REQUIRE(w(y, x) >= 1);
        if (deep(y, x)) REQUIRE(w(y, x) == 255);
      }
    }
}

TEST_CASE("with feather 0 the weights are the mask", "[weights]") {
  const cv::Mat1b mask = blob_mask(40, 30, 9);
  const cv::Mat1b w = roi::compute_weights(mask, 0);
  REQUIRE(cv::countNonZero(w != mask) == 0);
}

TEST_CASE("the ramp rises monotonically from the edge inwards", "[weights]") {
  cv::Mat1b mask(1, 100, static_cast<std::uint8_t>(0));
  mask.colRange(10, 100).setTo(255);
  const cv::Mat1b w = roi::compute_weights(mask, 10);
  for (int x = 10; x < 99; ++x) REQUIRE(w(0, x) <= w(0, x + 1));
  REQUIRE(w(0, 10) >= 1);     // 1 pixel from the nearest background pixel (x = 9)
  REQUIRE(w(0, 10) < 255);
  REQUIRE(w(0, 18) < 255);    // 9 pixels
  REQUIRE(w(0, 19) == 255);   // 10 pixels = feather_px
  REQUIRE(w(0, 99) == 255);  // the image border is not background
}

TEST_CASE("a mask covering the whole image is weight 1 everywhere", "[weights]") {
  cv::Mat1b mask(20, 20, static_cast<std::uint8_t>(255));
  REQUIRE(cv::countNonZero(roi::compute_weights(mask, 5) != 255) == 0);
}

TEST_CASE("blending is exact at weight 1, background at 0, between otherwise", "[blend]") {
  cv::Mat exact(1, 4, CV_8UC3, cv::Scalar(200, 100, 0));
  cv::Mat bg(1, 4, CV_8UC3, cv::Scalar(0, 100, 200));
  cv::Mat1b w(1, 4);
  w << 255, 0, 128, 1;
  const cv::Mat out = roi::blend(exact, bg, w);
  REQUIRE(out.at<cv::Vec3b>(0, 0) == cv::Vec3b(200, 100, 0));
  REQUIRE(out.at<cv::Vec3b>(0, 1) == cv::Vec3b(0, 100, 200));
  REQUIRE(out.at<cv::Vec3b>(0, 2) == cv::Vec3b(100, 100, 100));
  REQUIRE(out.at<cv::Vec3b>(0, 3) == cv::Vec3b(1, 100, 199));
  REQUIRE_THROWS_AS(roi::blend(exact, bg, cv::Mat1b(1, 3)), std::invalid_argument);
}

TEST_CASE("weights from a known bounding box equal the scanned ones", "[weights]") {
  std::mt19937 rng(17);
  for (int trial = 0; trial < 20; ++trial) {
    cv::Mat1b mask(37 + trial, 29, static_cast<std::uint8_t>(0));
    const int n = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < n; ++i)
      cv::circle(mask, {static_cast<int>(rng() % 29), static_cast<int>(rng() % (37 + trial))},
                 1 + static_cast<int>(rng() % 9), 255, cv::FILLED);
    const int feather = static_cast<int>(rng() % 6);
    const cv::Mat1b a = roi::compute_weights(mask, feather);
    const cv::Mat1b b = roi::compute_weights(mask, feather, cv::boundingRect(mask));
    REQUIRE(cv::countNonZero(a != b) == 0);
  }
  const cv::Mat1b empty(10, 10, static_cast<std::uint8_t>(0));
  REQUIRE(cv::countNonZero(roi::compute_weights(empty, 3, cv::Rect())) == 0);
}

TEST_CASE("blending in place equals blending into a new image", "[blend]") {
  std::mt19937 rng(23);
  for (int channels : {1, 3, 4}) {
    cv::Mat exact(21, 17, CV_8UC(channels)), background(21, 17, CV_8UC(channels));
    cv::Mat1b weights(21, 17);
    cv::randu(exact, 0, 256);
    cv::randu(background, 0, 256);
    for (auto& w : weights) {
      const auto r = rng() % 4;
      w = static_cast<std::uint8_t>(r == 0 ? 0 : r == 1 ? 255 : rng() % 256);
    }
    const cv::Mat expected = roi::blend(exact, background, weights);
    cv::Mat in_place = background.clone();
    roi::blend_into(exact, in_place, weights);
    cv::Mat diff;
    cv::absdiff(expected, in_place, diff);
    REQUIRE(cv::countNonZero(diff.reshape(1)) == 0);
  }
}
