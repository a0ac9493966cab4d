// mask_coder.hpp - the binary ROI mask (MASK section): varint bit_count, then the bit stream of
// the method's coder from the table (registry.hpp).
#pragma once

#include "byte_io.hpp"
#include "plane.hpp"

#include <codec/format.hpp>
#include <codec/image.hpp>

namespace codec {

/// Writes the MASK payload for a 1-channel mask (non-zero = ROI) whose runs are `runs`
/// (mask_runs(mask)).
void write_mask(ByteWriter& out, MaskMethod method, const Image& mask, const MaskRuns& runs);

/// Reads a MASK payload into a width x height mask with values 0 and 255, and its runs.
Image read_mask(ByteReader& in, MaskMethod method, int width, int height, MaskRuns& runs);

}  // namespace codec
