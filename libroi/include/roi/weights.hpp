// roi/weights.hpp - blend weights rebuilt from the binary mask, identically by encoder and
// decoder.
#pragma once

#include <opencv2/core.hpp>

namespace roi {

/// 8-bit weights in 0..255 (255 means exactly 1) from a binary mask (non-zero = ROI):
/// 0 outside the mask, 255 where the chamfer distance (weights 3/4, in thirds of a pixel) to the
/// nearest non-mask pixel is at least `feather_px` pixels, and a smoothstep ramp in 1..254
/// between. The image border does not count as outside. feather_px = 0 gives 255 on the mask.
/// Integer arithmetic only: the same mask gives the same weights on every machine.
cv::Mat1b compute_weights(const cv::Mat1b& mask, int feather_px);

/// The same, when the caller knows a rectangle holding every non-zero mask pixel (the decoder
/// does): the mask is not scanned for it. An empty `bounds` means an empty mask.
cv::Mat1b compute_weights(const cv::Mat1b& mask, int feather_px, const cv::Rect& bounds);

}  // namespace roi
