// settings.hpp - every parameter of the pipeline as plain structs (JSON lives in config.cpp).
#pragma once

#include <codec/codec.hpp>
#include <roi/detect.hpp>

#include <string>

namespace smearpress {

struct Settings {
  std::string name = "default";  ///< free text from the config, for reports
  roi::DetectParams detect;
  int feather_px = 8;            ///< blend ramp width (roi.feather_px)
  codec::EncodeParams codec;     ///< codec.*; codec.feather_px is taken from feather_px
};

}  // namespace smearpress
