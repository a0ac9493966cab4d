// roi_jpeg_dct.hpp - the kJpegDct ROI coder: a JPEG source's own quantised DCT coefficients for
// the blocks the mask's pixels depend on (layout in jpeg_layout.hpp, coefficients by
// dct_coder.hpp), rendered exactly as libjpeg-turbo decodes them (jpeg_render.hpp). The layout
// is specified in codec/format.hpp.
#pragma once

#include "registry.hpp"

namespace codec {

/// The coder's functions; its name and traits are in the table (registry.cpp).
extern const RoiOps kJpegDctOps;

}  // namespace codec
