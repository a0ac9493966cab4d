// roi/blend.hpp - out = w * exact + (1 - w) * background.
#pragma once

#include <opencv2/core.hpp>

namespace roi {

/// Blends per pixel with 8-bit weights (255 = 1): (w*exact + (255-w)*bg + 127) / 255.
/// Where w is 255 the result equals `exact` bit for bit; where it is 0, `background`.
/// `exact` and `background` are 8-bit with the same size and channels, `weights` 1 channel.
cv::Mat blend(const cv::Mat& exact, const cv::Mat& background, const cv::Mat1b& weights);

/// The same blend written over `background` in place (same sizes and types as blend()).
void blend_into(const cv::Mat& exact, cv::Mat& background, const cv::Mat1b& weights);

}  // namespace roi
