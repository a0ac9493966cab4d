#include "../catch.hpp"

#include "distance.hpp"
#include "morphology.hpp"

#include <roi/detect.hpp>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <random>

namespace {

const cv::Scalar kBackground(215, 215, 210);  // BGR, pale grey-blue like a BCCD field
const cv::Scalar kRedCell(170, 150, 200);     // pink: absorbs blue and green more than red
const cv::Scalar kNucleus(170, 60, 110);      // purple: absorbs red far more than blue

// A field of red cells of radius `r` with nuclei and platelets where asked, plus noise.
cv::Mat field(int r, const std::vector<std::pair<cv::Point, int>>& stained, std::uint32_t seed = 1) {
  cv::Mat img(300, 400, CV_8UC3, kBackground);
  for (int y = r + 2; y < img.rows - r; y += 2 * r + 6)
    for (int x = r + 2; x < img.cols - r; x += 2 * r + 6) cv::circle(img, {x, y}, r, kRedCell, cv::FILLED);
  for (const auto& [c, radius] : stained) cv::circle(img, c, radius, kNucleus, cv::FILLED);
  cv::Mat noise(img.size(), CV_8UC3);
  cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(3));
  cv::theRNG().state = seed;
  cv::add(img, noise, img, cv::noArray(), CV_8U);
  return img;
}

roi::DetectParams stain_params() {
  roi::DetectParams p;
  p.method = roi::Method::kStain;
  p.select = roi::Select::kAll;
  return p;
}

int count_kind(const roi::Detection& d, roi::Kind k) {
  return static_cast<int>(std::count_if(d.candidates.begin(), d.candidates.end(), [&](const auto& c) { return c.kind == k; }));
}

}  // namespace

TEST_CASE("chamfer distance equals the 3-4 metric to the nearest zero pixel", "[stain][morph]") {
  // Brute force: the 3-4 chamfer distance between two pixels is 4 min(|dx|, |dy|) + 3 (max - min);
  // shortest chamfer paths stay inside the pair's bounding box, so the image edge never matters.
  std::mt19937 rng(GENERATE(1u, 2u, 3u));
  const int w = 37, h = 23;
  const int zeros = GENERATE(0, 1, 5, 60);
  cv::Mat1b m(h, w, static_cast<std::uint8_t>(255));
  for (int i = 0; i < zeros; ++i) m(static_cast<int>(rng() % h), static_cast<int>(rng() % w)) = 0;
  const int cap = 3 * 30;
  std::vector<int> d;
  roi::chamfer_distance(m, cap, d);
  REQUIRE(d.size() == static_cast<std::size_t>(w * h));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      int best = cap;
      for (int qy = 0; qy < h; ++qy)
        for (int qx = 0; qx < w; ++qx)
          if (!m(qy, qx)) {
            const int ax = std::abs(qx - x), ay = std::abs(qy - y);
            best = std::min(best, 4 * std::min(ax, ay) + 3 * (std::max(ax, ay) - std::min(ax, ay)));
          }
      REQUIRE(d[static_cast<std::size_t>(y * w + x)] == best);
    }
}

TEST_CASE("granulometric radius of a set of discs is their radius", "[stain][morph]") {
  const int r = GENERATE(6, 12, 25);
  cv::Mat1b m(260, 400, static_cast<std::uint8_t>(0));
  for (int y = r + 1; y < m.rows - r; y += 2 * r + 4)
    for (int x = r + 1; x < m.cols - r; x += 2 * r + 4) cv::circle(m, {x, y}, r, cv::Scalar(255), cv::FILLED);
  // Openings use the 3-4 chamfer disc, so the answer is the radius to within a pixel or two.
  const int g = roi::morph::granulometric_radius(m);
  REQUIRE(g >= r - 1);
  REQUIRE(g <= r + 2);
  REQUIRE(roi::morph::granulometric_radius(cv::Mat1b(10, 10, static_cast<std::uint8_t>(0))) == 0);
}

TEST_CASE("opening by a disc removes what is thinner than the disc", "[stain][morph]") {
  cv::Mat1b m(100, 100, static_cast<std::uint8_t>(0));
  cv::circle(m, {30, 50}, 15, cv::Scalar(255), cv::FILLED);
  cv::rectangle(m, cv::Rect(60, 10, 4, 80), cv::Scalar(255), cv::FILLED);  // a 4 px bar
  const cv::Mat1b o = roi::morph::open_disc(m, 5);
  REQUIRE(o(50, 30) == 255);
  REQUIRE(cv::countNonZero(o.colRange(55, 70)) == 0);
}

TEST_CASE("fill_holes fills enclosed background only", "[stain][morph]") {
  cv::Mat1b m(50, 50, static_cast<std::uint8_t>(0));
  cv::circle(m, {25, 25}, 15, cv::Scalar(255), 3);
  const cv::Mat1b f = roi::morph::fill_holes(m);
  REQUIRE(f(25, 25) == 255);
  REQUIRE(f(2, 2) == 0);
}

TEST_CASE("Otsu splits two clusters", "[stain][morph]") {
  std::vector<float> v;
  for (int i = 0; i < 500; ++i) v.push_back(0.1f + 0.0002f * static_cast<float>(i % 50));
  for (int i = 0; i < 100; ++i) v.push_back(0.8f + 0.0005f * static_cast<float>(i % 50));
  const double t = roi::morph::otsu(v, 0, 1.5);
  for (std::size_t i = 0; i < v.size(); ++i) REQUIRE((v[i] > t) == (i >= 500));
  REQUIRE(roi::morph::otsu({}, 0.3, 1.0) == 0.3);
}

TEST_CASE("the stain detector finds a nucleus, sizes against red cells and leaves platelets out", "[stain]") {
  const cv::Point nucleus(200, 150), platelet(60, 270);
  const cv::Mat img = field(18, {{nucleus, 17}, {platelet, 4}});
  roi::DetectParams p = stain_params();
  const roi::Detection d = roi::detect(img, p);
  REQUIRE(d.rbc_radius == Approx(18).epsilon(0.25));
  REQUIRE(count_kind(d, roi::Kind::kNucleus) == 1);
  REQUIRE(count_kind(d, roi::Kind::kPlatelet) == 1);
  REQUIRE(d.mask(nucleus) == 255);
  REQUIRE(d.mask(platelet) == 0);
  // The margin: 0.3 red-cell radii beyond the nucleus edge is still ROI, well beyond is not.
  REQUIRE(d.mask(nucleus.y, nucleus.x + 17 + 3) == 255);
  REQUIRE(d.mask(nucleus.y, nucleus.x + 17 + 14) == 0);

  p.platelets = true;
  const roi::Detection with = roi::detect(img, p);
  REQUIRE(with.mask(platelet) == 255);
  REQUIRE(with.mask(nucleus) == 255);
}

TEST_CASE("select all keeps every nucleus, select best the largest", "[stain]") {
  const cv::Mat img = field(18, {{{100, 100}, 14}, {{300, 200}, 20}});
  roi::DetectParams p = stain_params();
  const roi::Detection all = roi::detect(img, p);
  REQUIRE(all.mask(100, 100) == 255);
  REQUIRE(all.mask(200, 300) == 255);
  p.select = roi::Select::kBest;
  const roi::Detection best = roi::detect(img, p);
  REQUIRE(best.mask(100, 100) == 0);
  REQUIRE(best.mask(200, 300) == 255);
}

TEST_CASE("the stain detector is scale-invariant: the same field at twice the size", "[stain]") {
  const cv::Mat img = field(18, {{{200, 150}, 17}, {{60, 270}, 4}});
  cv::Mat big;
  cv::resize(img, big, cv::Size(), 2, 2, cv::INTER_LINEAR);
  const roi::Detection d = roi::detect(big, stain_params());
  REQUIRE(d.rbc_radius == Approx(36).epsilon(0.25));
  REQUIRE(d.mask(300, 400) == 255);
  REQUIRE(d.mask(540, 120) == 0);
}

TEST_CASE("a field without stained cells gives an empty ROI", "[stain]") {
  const roi::Detection d = roi::detect(field(18, {}), stain_params());
  REQUIRE(cv::countNonZero(d.mask) == 0);
  REQUIRE(count_kind(d, roi::Kind::kNucleus) == 0);
}

TEST_CASE("the stain detector accepts gray input and every downsampling", "[stain]") {
  const cv::Mat img = field(18, {{{200, 150}, 17}});
  cv::Mat gray;
  cv::cvtColor(img, gray, cv::COLOR_BGR2GRAY);
  const roi::Detection dg = roi::detect(gray, stain_params());
  REQUIRE(dg.mask(150, 200) == 255);
  for (int s : {1, 2, 4}) {
    roi::DetectParams p = stain_params();
    p.downsample = s;
    const roi::Detection d = roi::detect(img, p);
    INFO("downsample " << s);
    REQUIRE(d.mask.size() == img.size());
    REQUIRE(d.mask(150, 200) == 255);
    REQUIRE(d.mask(5, 5) == 0);
  }
}

TEST_CASE("debug views cover every step at full size", "[stain][debug]") {
  const cv::Mat img = field(18, {{{200, 150}, 17}});
  for (auto method : {roi::Method::kSaturation, roi::Method::kStain}) {
    roi::DetectParams p = stain_params();
    p.method = method;
    const auto views = roi::debug_views(img, roi::detect(img, p));
    std::vector<std::string> names;
    for (const auto& [name, view] : views) {
      names.push_back(name);
      REQUIRE(view.size() == img.size());
    }
    for (const char* want : {"feature", "threshold", "objects", "roi"})
      REQUIRE(std::find(names.begin(), names.end(), want) != names.end());
    if (method == roi::Method::kStain) REQUIRE(std::find(names.begin(), names.end(), "red_cells") != names.end());
  }
}

TEST_CASE("stain parameters are validated", "[stain]") {
  roi::DetectParams p = stain_params();
  p.downsample = 3;
  REQUIRE_THROWS_AS(roi::validate(p), std::invalid_argument);
  p = stain_params();
  p.platelet_min_rbc = 1.0;
  p.nucleus_min_rbc = 0.5;
  REQUIRE_THROWS_AS(roi::validate(p), std::invalid_argument);
  p = roi::DetectParams{};
  p.platelets = true;  // the saturation method has no platelets
  REQUIRE_THROWS_AS(roi::validate(p), std::invalid_argument);
}
