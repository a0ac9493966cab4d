// roi_context_rans.hpp - the kContextRans ROI pixel coder: YCoCg-R planes (or gray), MED
// prediction, residuals coded with the context rANS of rans.hpp in six activity contexts per
// plane. The layout is specified in codec/format.hpp.
#pragma once

#include "registry.hpp"

namespace codec {

/// The coder's functions; its name and traits are in the table (registry.cpp).
extern const RoiOps kContextRansOps;

}  // namespace codec
