// settings.hpp - every parameter of the pipeline and of a run, as plain structs
// (JSON lives in config.cpp).
#pragma once

#include <codec/codec.hpp>
#include <roi/detect.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace smearpress {

/// What the pipeline needs for one image: detection, blending and coding.
struct Settings {
  roi::DetectParams detect;
  int feather_px = 8;         ///< blend ramp width (roi.feather_px)
  codec::EncodeParams codec;  ///< codec.*; codec.feather_px is taken from feather_px
};

/// Which visual comparison panels a batch writes.
enum class PanelMode { kAll, kNone, kWorst };

struct DumpOptions {
  PanelMode panels = PanelMode::kWorst;  ///< dumps.panels: "all", "none" or "worst"
  int count = 16;                        ///< dumps.count: how many with "worst" (lowest PSNR)
};

/// One swept key: its dotted path and the values to try, in order.
struct SweepAxis {
  std::string key;
  std::vector<nlohmann::json> values;
};

/// A whole config file.
struct RunConfig {
  std::string name = "default";  ///< free text, for reports
  Settings settings;
  DumpOptions dumps;
  std::vector<SweepAxis> sweep;  ///< empty unless the file has a "sweep" object
};

}  // namespace smearpress
