#include "../catch.hpp"

#include <roi/detect.hpp>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <random>

namespace {

// A pale background with a strongly stained round "nucleus" and small stained specks.
cv::Mat synthetic_smear(int w, int h, cv::Point centre, int radius) {
  cv::Mat img(h, w, CV_8UC3, cv::Scalar(215, 225, 240));  // BGR, pale pink
  cv::circle(img, centre, radius, cv::Scalar(150, 40, 110), cv::FILLED);  // purple
  std::mt19937 rng(3);
  for (int i = 0; i < 6; ++i)
    cv::circle(img, cv::Point(static_cast<int>(rng() % w), static_cast<int>(rng() % h)), 1,
               cv::Scalar(150, 40, 110), cv::FILLED);
  return img;
}

int selected_count(const roi::Detection& d) {
  return static_cast<int>(std::count_if(d.candidates.begin(), d.candidates.end(), [](const auto& c) { return c.selected; }));
}

}  // namespace

TEST_CASE("the detector finds a stained disc and enlarges it by dilate_px", "[detect]") {
  const cv::Point centre(90, 70);
  const cv::Mat img = synthetic_smear(181, 143, centre, 30);
  roi::DetectParams p;
  p.dilate_px = GENERATE(0, 6);
  const roi::Detection d = roi::detect(img, p);
  REQUIRE(selected_count(d) == 1);
  const auto& c = *std::find_if(d.candidates.begin(), d.candidates.end(), [](const auto& x) { return x.selected; });
  REQUIRE(c.circularity > 0.8);
  // Inside the disc and within the dilation margin: ROI; clearly beyond: background.
  REQUIRE(d.mask(centre) == 255);
  REQUIRE(d.mask(centre.y, centre.x + 29) == 255);
  REQUIRE(d.mask(centre.y, centre.x + 30 + p.dilate_px + 3) == 0);
  if (p.dilate_px > 0) REQUIRE(d.mask(centre.y, centre.x + 30 + p.dilate_px - 2) == 255);
  // The specks are below the minimum area and stay background.
  const double frac = cv::countNonZero(d.mask) / static_cast<double>(d.mask.total());
  const double disc = CV_PI * (30 + p.dilate_px) * (30 + p.dilate_px) / static_cast<double>(d.mask.total());
  REQUIRE(frac == Approx(disc).epsilon(0.15));
}

TEST_CASE("the detector works on gray input (dark nucleus)", "[detect]") {
  cv::Mat gray(100, 120, CV_8UC1, cv::Scalar(220));
  cv::circle(gray, cv::Point(60, 50), 20, cv::Scalar(60), cv::FILLED);
  const roi::Detection d = roi::detect(gray, roi::DetectParams{});
  REQUIRE(selected_count(d) == 1);
  REQUIRE(d.mask(50, 60) == 255);
  REQUIRE(d.mask(5, 5) == 0);
}

TEST_CASE("an image without a passing contour gives an empty mask", "[detect]") {
  cv::Mat flat(50, 50, CV_8UC3, cv::Scalar(200, 200, 200));
  const roi::Detection d = roi::detect(flat, roi::DetectParams{});
  REQUIRE(selected_count(d) == 0);
  REQUIRE(cv::countNonZero(d.mask) == 0);
}

TEST_CASE("circularity filtering rejects a thin streak", "[detect]") {
  cv::Mat img(120, 160, CV_8UC3, cv::Scalar(215, 225, 240));
  cv::rectangle(img, cv::Rect(10, 60, 140, 4), cv::Scalar(150, 40, 110), cv::FILLED);
  roi::DetectParams p;
  p.min_circularity = 0.3;
  const roi::Detection d = roi::detect(img, p);
  REQUIRE(selected_count(d) == 0);
  REQUIRE_FALSE(d.candidates.empty());
}

TEST_CASE("detector parameters are validated", "[detect]") {
  roi::DetectParams p;
  p.blur_ksize = 4;
  REQUIRE_THROWS_AS(roi::validate(p), std::invalid_argument);
  p = {};
  p.min_area_frac = 0.5;
  p.max_area_frac = 0.1;
  REQUIRE_THROWS_AS(roi::validate(p), std::invalid_argument);
}
