// morphology.hpp - binary morphology helpers for the detectors.
#pragma once

#include <opencv2/core.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

namespace roi::morph {

/// 255 where m > t (above) or m <= t (at_most), else 0.
cv::Mat1b above(const cv::Mat& m, double t);
cv::Mat1b at_most(const cv::Mat& m, double t);
/// 255 where the mask is 0 and the other way round.
cv::Mat1b invert(const cv::Mat1b& m);

/// Each s x s block of an 8-bit image averaged (rounded), the last partial row and column of
/// blocks dropped: size (cols / s) x (rows / s), at least 1 x 1.
cv::Mat box_downsample(const cv::Mat& image, int s);

/// An elliptic (disc) structuring element of radius r (at least 1).
cv::Mat disc(double radius);

/// The mask grown by a Euclidean disc of radius r (exact distance transform over the mask's
/// bounding box plus r only).
cv::Mat1b grow(const cv::Mat1b& mask, double radius);

/// Fills the holes of a binary mask (regions of 0 not connected to the border).
cv::Mat1b fill_holes(const cv::Mat1b& mask);

/// Opening by a Euclidean disc of radius r, computed with two exact distance transforms.
cv::Mat1b open_disc(const cv::Mat1b& mask, double radius);

/// Granulometric median radius: the smallest integer r for which opening by a disc of radius r
/// keeps less than half of the mask's area (for a set of discs of radius R it is R + 1).
/// Returns 0 for an empty mask.
int granulometric_radius(const cv::Mat1b& mask);

/// Otsu's threshold of `values` within [lo, hi] (256 bins); `lo` when there are none.
double otsu(const std::vector<float>& values, double lo, double hi);

/// otsu() fed one value at a time (or many equal ones at once), without a list of values.
class OtsuHistogram {
 public:
  OtsuHistogram(double lo, double hi);
  /// Counts `count` copies of v (clamped to [lo, hi]).
  void add(float v, std::size_t count = 1) {
    if (hi_ <= lo_) return;
    // Nearest bin (the clamp keeps it in 0..kBins-1; +0.5 then truncation rounds).
    const int b = static_cast<int>((std::clamp<double>(v, lo_, hi_) - lo_) * scale_ + 0.5);
    counts_[static_cast<std::size_t>(b)] += count;
  }
  /// Otsu's threshold of the values added; `lo` when there are none.
  double threshold() const;

 private:
  static constexpr int kBins = 256;
  double lo_, hi_, scale_;
  std::array<std::size_t, kBins> counts_{};
};

}  // namespace roi::morph
