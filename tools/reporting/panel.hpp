// panel.hpp - visual comparison panels:
//   original | ROI overlay (mask outline, weight tint) | decoded | |difference| heatmap + scale
// with a caption line underneath.
#pragma once

#include <codec/image.hpp>
#include <smearpress/pipeline.hpp>

#include <opencv2/core.hpp>

#include <string>

namespace smearpress {

/// Differences at or above this many grey levels get the top colour of the heatmap.
inline constexpr int kPanelDiffScale = 64;

/// A BGR panel of the four views side by side, titled, with `caption` underneath.
cv::Mat make_panel(const codec::Image& original, const Reconstruction& rec, const std::string& caption);

/// The panel scaled down to `width` pixels (aspect kept).
cv::Mat make_thumbnail(const cv::Mat& panel, int width = 480);

}  // namespace smearpress
