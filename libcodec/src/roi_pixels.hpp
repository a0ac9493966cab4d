// roi_pixels.hpp - lossless coding of the exact pixels inside the mask (ROIP section, method 0).
#pragma once

#include "byte_io.hpp"

#include <codec/image.hpp>

namespace codec {

/// Writes the ROIP payload: the pixels of `image` where `mask` is non-zero. `background` is the
/// decoded background, which the predictor uses for neighbours outside the mask.
/// Returns the number of ROI pixels.
std::size_t write_roi_pixels(ByteWriter& out, const Image& image, const Image& mask,
                             const Image& background);

/// Reads a ROIP payload: returns `background` with the exact pixels of the mask filled in.
Image read_roi_pixels(ByteReader& in, const Image& mask, const Image& background);

}  // namespace codec
