// mask_coder.hpp - the binary ROI mask (MASK section, method 0: raster run lengths).
#pragma once

#include "byte_io.hpp"

#include <codec/image.hpp>

namespace codec {

/// Writes the MASK payload for a 1-channel mask (non-zero = ROI).
void write_mask(ByteWriter& out, const Image& mask);

/// Reads a MASK payload into a width x height mask with values 0 and 255.
Image read_mask(ByteReader& in, int width, int height);

}  // namespace codec
