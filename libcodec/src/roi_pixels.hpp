// roi_pixels.hpp - lossless coding of the exact pixels inside the mask (ROIP section).
#pragma once

#include "byte_io.hpp"
#include "plane.hpp"

#include <codec/format.hpp>
#include <codec/image.hpp>

namespace codec {

/// Writes the ROIP payload: the pixels of `image` where `mask` is non-zero. `background` is the
/// decoded background, which the predictor uses for neighbours outside the mask.
/// Returns the number of ROI pixels.
std::size_t write_roi_pixels(ByteWriter& out, RoiMethod method, const Image& image, const Image& mask,
                             const MaskRuns& runs, const Image& background);

/// The exact pixels of the mask's bounding box: inside the mask the stored values, elsewhere
/// the background. Empty (box and image) when the mask is.
struct ExactPixels {
  Box box;
  Image pixels;
};

/// Reads a ROIP payload. The kContextRans and kWeightedRans coders read `background` only within the mask's
/// bounding box grown by one pixel left, right and up; the encoder relies on this too.
ExactPixels read_roi_pixels(ByteReader& in, RoiMethod method, const Image& mask, const MaskRuns& runs,
                            const Image& background);

}  // namespace codec
