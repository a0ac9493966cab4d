// roi_pixels.hpp - lossless coding of the exact pixels inside the mask (ROIP section): the pixel
// count, then the method's coder from the table (registry.hpp).
#pragma once

#include "byte_io.hpp"
#include "plane.hpp"
#include "registry.hpp"

#include <codec/format.hpp>
#include <codec/image.hpp>

namespace codec {

/// Writes the ROIP payload: the pixels of `image` where `mask` is non-zero. `background` is the
/// decoded background, which the predictor uses for neighbours outside the mask; `source` the
/// JPEG source's coefficients, for a dct_domain method. Returns what the coder returns (the
/// source's bytes for what a dct_domain coder coded, else 0).
std::uint64_t write_roi_pixels(ByteWriter& out, RoiMethod method, const Image& image, const Image& mask,
                               const MaskRuns& runs, const Image& background, const jpeg::Coefficients* source);

/// Reads a ROIP payload. Every ROI coder reads `background` only within the mask's bounding box
/// grown by one pixel left, right and up (registry.hpp); the encoder relies on this too.
ExactPixels read_roi_pixels(ByteReader& in, RoiMethod method, const Image& mask, const MaskRuns& runs,
                            const Image& background);

}  // namespace codec
