#include "morphology.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace roi::morph {

cv::Mat1b above(const cv::Mat& m, double t) {
  cv::Mat1b out;
  cv::compare(m, t, out, cv::CMP_GT);
  return out;
}

cv::Mat1b at_most(const cv::Mat& m, double t) {
  cv::Mat1b out;
  cv::compare(m, t, out, cv::CMP_LE);
  return out;
}

cv::Mat1b invert(const cv::Mat1b& m) {
  cv::Mat1b out;
  cv::bitwise_not(m, out);
  return out;
}

cv::Mat1b both(const cv::Mat1b& a, const cv::Mat1b& b) {
  cv::Mat1b out;
  cv::bitwise_and(a, b, out);
  return out;
}

cv::Mat disc(double radius) {
  const int r = std::max(1, static_cast<int>(std::lround(radius)));
  return cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * r + 1, 2 * r + 1));
}

cv::Mat1b fill_holes(const cv::Mat1b& mask) {
  // Flood the background from a one-pixel frame; whatever background it cannot reach is a hole.
  cv::Mat1b framed;
  cv::copyMakeBorder(mask, framed, 1, 1, 1, 1, cv::BORDER_CONSTANT, cv::Scalar(0));
  cv::floodFill(framed, cv::Point(0, 0), cv::Scalar(128));
  cv::Mat1b out = mask.clone();
  const cv::Mat1b inner(framed, cv::Rect(1, 1, mask.cols, mask.rows));
  out.setTo(255, at_most(inner, 0));
  return out;
}

namespace {

// Opening by a disc of radius r given the mask's distance transform: the erosion is where the
// distance exceeds r, the dilation of that by r costs one more transform.
int opened_area(const cv::Mat1f& dist, double radius) {
  const cv::Mat1b eroded = above(dist, radius);
  if (cv::countNonZero(eroded) == 0) return 0;
  cv::Mat1f to_eroded;
  cv::distanceTransform(invert(eroded), to_eroded, cv::DIST_L2, cv::DIST_MASK_PRECISE);
  return cv::countNonZero(at_most(to_eroded, radius));
}

}  // namespace

cv::Mat1b open_disc(const cv::Mat1b& mask, double radius) {
  cv::Mat1f dist;
  cv::distanceTransform(mask, dist, cv::DIST_L2, cv::DIST_MASK_PRECISE);
  const cv::Mat1b eroded = above(dist, radius);
  if (cv::countNonZero(eroded) == 0) return cv::Mat1b(mask.size(), static_cast<std::uint8_t>(0));
  cv::Mat1f to_eroded;
  cv::distanceTransform(invert(eroded), to_eroded, cv::DIST_L2, cv::DIST_MASK_PRECISE);
  return at_most(to_eroded, radius);
}

int granulometric_radius(const cv::Mat1b& mask) {
  const int total = cv::countNonZero(mask);
  if (total == 0) return 0;
  cv::Mat1f dist;
  cv::distanceTransform(mask, dist, cv::DIST_L2, cv::DIST_MASK_PRECISE);
  auto keeps_half = [&](int r) { return 2 * opened_area(dist, r) >= total; };
  // Start near the answer: inside discs of radius R the median distance to the edge is
  // R (1 - 1/sqrt 2), about 0.29 R. Then bracket and bisect (the kept area falls with r).
  std::vector<float> inside;
  inside.reserve(static_cast<std::size_t>(total));
  for (int y = 0; y < dist.rows; ++y)
    for (int x = 0; x < dist.cols; ++x)
      if (mask(y, x)) inside.push_back(dist(y, x));
  std::nth_element(inside.begin(), inside.begin() + static_cast<std::ptrdiff_t>(inside.size() / 2), inside.end());
  const int limit = std::max(mask.rows, mask.cols);
  int lo = std::clamp(static_cast<int>(inside[inside.size() / 2] / 0.29), 1, limit);
  int hi = lo;
  if (keeps_half(lo)) {
    do {
      lo = hi;
      hi = std::min(limit, hi + std::max(1, hi / 4));
      if (hi == lo) return limit;
    } while (keeps_half(hi));
  } else {
    do {
      hi = lo;
      lo = std::max(0, lo - std::max(1, lo / 4));
    } while (lo > 0 && !keeps_half(lo));
  }
  while (hi - lo > 1) {
    const int mid = (lo + hi) / 2;
    (keeps_half(mid) ? lo : hi) = mid;
  }
  return hi;
}

double otsu(const std::vector<float>& values, double lo, double hi) {
  if (values.empty() || hi <= lo) return lo;
  constexpr int kBins = 256;
  std::vector<double> hist(kBins, 0);
  const double scale = (kBins - 1) / (hi - lo);
  for (float v : values) {
    const int b = static_cast<int>(std::lround((std::clamp<double>(v, lo, hi) - lo) * scale));
    hist[static_cast<std::size_t>(b)] += 1;
  }
  double total = 0, sum = 0;
  for (int b = 0; b < kBins; ++b) {
    total += hist[static_cast<std::size_t>(b)];
    sum += b * hist[static_cast<std::size_t>(b)];
  }
  double w0 = 0, sum0 = 0, best = -1;
  int best_bin = 0;
  for (int b = 0; b < kBins - 1; ++b) {
    w0 += hist[static_cast<std::size_t>(b)];
    sum0 += b * hist[static_cast<std::size_t>(b)];
    const double w1 = total - w0;
    if (w0 == 0 || w1 == 0) continue;
    const double m0 = sum0 / w0, m1 = (sum - sum0) / w1;
    const double between = w0 * w1 * (m0 - m1) * (m0 - m1);
    if (between > best) {
      best = between;
      best_bin = b;
    }
  }
  // Values above the bin's upper edge are the upper class.
  return lo + (best_bin + 0.5) / scale;
}

}  // namespace roi::morph
