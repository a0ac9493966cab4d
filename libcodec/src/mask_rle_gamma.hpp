// mask_rle_gamma.hpp - the kRunLengthGamma MASK coder: raster run lengths, alternating
// background and ROI, in Elias-gamma codes. The layout is specified in codec/format.hpp.
#pragma once

#include "registry.hpp"

namespace codec {

/// The coder's functions; its name and traits are in the table (registry.cpp).
extern const MaskOps kRunLengthGammaOps;

}  // namespace codec
