// mask_row_delta.hpp - the kRowDelta MASK coder: each row's ROI runs, predicted
// from the row above, in exponential-Golomb codes. The layout is specified in codec/format.hpp.
#pragma once

#include "registry.hpp"

namespace codec {

/// The coder's functions; its name and traits are in the table (registry.cpp).
extern const MaskOps kRowDeltaOps;

}  // namespace codec
