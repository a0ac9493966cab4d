// distance.hpp - the 3-4 chamfer distance transform, in integers (thirds of a pixel).
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <vector>

namespace roi {

inline constexpr int kChamferOrtho = 3;  // step costs, in thirds of a pixel
inline constexpr int kChamferDiag = 4;

/// Distance from every pixel of `mask` (8-bit, non-zero = inside) to the nearest zero pixel,
/// in thirds of a pixel, saturating at `cap`; 0 on zero pixels. Pixels outside the image are not
/// zeros. The result has the mask's size, row-major. Two passes, integer arithmetic only.
void chamfer_distance(const cv::Mat1b& mask, int cap, std::vector<int>& out);

/// chamfer_distance's working form, for callers that set up or read the grid themselves: `d`
/// holds (w + 2) x (h + 2) values, row-major, an image of w x h with a frame of one pixel. On
/// entry the frame and the inside pixels hold `cap`, the zero pixels 0; on return the image
/// part holds the distances (the frame is unchanged).
void chamfer_framed(std::vector<int>& d, int w, int h, int cap);

/// chamfer_distance's result in chamfer_framed's form: (w + 2) x (h + 2) values, the frame
/// holding `cap`.
std::vector<int> chamfer_distance_framed(const cv::Mat1b& mask, int cap);

}  // namespace roi
