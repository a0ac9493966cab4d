// settings.hpp - every parameter of the pipeline for one image, as a plain struct
// (JSON lives in the tool layer: tools/config.cpp).
#pragma once

#include <codec/codec.hpp>
#include <roi/detect.hpp>

namespace smearpress {

/// What the pipeline needs for one image: detection, blending and coding.
struct Settings {
  roi::DetectParams detect;
  int feather_px = 8;         ///< blend ramp width (roi.feather_px)
  codec::EncodeParams codec;  ///< codec.*; codec.feather_px is taken from feather_px
};

}  // namespace smearpress
