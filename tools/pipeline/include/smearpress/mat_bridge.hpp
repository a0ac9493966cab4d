// mat_bridge.hpp - codec::Image <-> cv::Mat: the codec takes plain images, libroi and OpenCV
// take cv::Mat.
#pragma once

#include <codec/image.hpp>

#include <opencv2/core.hpp>

namespace smearpress {

/// A cv::Mat header over the image's pixels (no copy; the image must outlive it).
cv::Mat as_mat(const codec::Image& image);
/// A deep copy of an 8-bit cv::Mat.
codec::Image to_image(const cv::Mat& mat);

}  // namespace smearpress
