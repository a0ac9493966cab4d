// roi_weighted.hpp - the kWeightedRans ROI pixel coder: a blend of five predictors weighted by
// their recent local errors, bias-cancelled per context, over the ranks of the values in use,
// coded with the context rANS of rans.hpp. The layout is specified in codec/format.hpp.
#pragma once

#include "byte_io.hpp"
#include "plane.hpp"
#include "registry.hpp"

#include <codec/image.hpp>

namespace codec {

/// The coder's functions; its name and traits are in the table (registry.cpp).
extern const RoiOps kWeightedRansOps;

/// Appends the kWeightedRans part of a ROIP payload (everything after pixel_count) for the
/// pixels of `image` in the mask; `runs.count` must be non-zero.
void write_weighted_rans(ByteWriter& out, const Image& image, const Image& mask, const MaskRuns& runs,
                         const Image& background);

/// Reads it back. Like kContextRans it reads `background` only within the mask's bounding box
/// grown by one pixel left, right and up.
ExactPixels read_weighted_rans(ByteReader& in, const Image& mask, const MaskRuns& runs, const Image& background);

}  // namespace codec
