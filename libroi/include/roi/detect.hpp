// roi/detect.hpp - the ROI detector: where is the white-cell nucleus?
//
// The paper's method: BGR -> HSV, saturation channel (inverted intensity for gray input),
// Gaussian blur, Otsu threshold, external contours filtered by area and circularity
// 4*pi*A/P^2, the best contour (largest area * circularity) filled and enlarged by dilation.
#pragma once

#include <opencv2/core.hpp>

#include <vector>

namespace roi {

struct DetectParams {
  int blur_ksize = 5;            ///< Gaussian kernel size, odd, 1..99 (1 = no blur)
  double min_area_frac = 0.002;  ///< smallest contour area as a fraction of the image area
  double max_area_frac = 0.9;    ///< largest contour area as a fraction of the image area
  double min_circularity = 0.1;  ///< 4*pi*A/P^2 in 0..1; 1 is a disc
  int dilate_px = 15;            ///< enlargement of the chosen region (elliptic kernel radius)
};

/// Throws std::invalid_argument naming the first field out of range.
void validate(const DetectParams& p);

struct Candidate {
  double area = 0;
  double perimeter = 0;
  double circularity = 0;
  cv::Rect box;
  bool accepted = false;  ///< passed the area and circularity filters
};

struct Detection {
  cv::Mat1b mask;                     ///< 255 = ROI, 0 = background
  cv::Mat1b feature;                  ///< the blurred channel that was thresholded
  double threshold = 0;               ///< Otsu's threshold on `feature`
  std::vector<Candidate> candidates;  ///< every external contour
  int chosen = -1;                    ///< index into candidates, -1 when none passed
};

/// Runs the detector on an 8-bit BGR or gray image. An image without a passing contour gives
/// an empty mask (everything is background).
Detection detect(const cv::Mat& image, const DetectParams& params);

}  // namespace roi
