// detectors.hpp - the two ROI detection methods behind roi::detect.
#pragma once

#include <roi/detect.hpp>

namespace roi {

Detection detect_saturation(const cv::Mat& image, const DetectParams& p);
Detection detect_stain(const cv::Mat& image, const DetectParams& p);

}  // namespace roi
