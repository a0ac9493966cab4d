// settings.hpp - every parameter of the pipeline and of a run, as plain structs
// (JSON lives in config.cpp).
#pragma once

#include <codec/codec.hpp>
#include <roi/detect.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace smearpress {

/// The recommended detector: the stain detector, every nucleus in the field, margin 0.15
/// red-cell radii, on an image 4 times smaller (configs/default.json's "roi"). roi::DetectParams'
/// own defaults are the paper's detector.
inline roi::DetectParams recommended_detect() {
  roi::DetectParams d;
  d.method = roi::Method::kStain;
  d.select = roi::Select::kAll;
  d.margin_rbc = 0.15;
  d.downsample = 4;
  return d;
}

/// The recommended codec: exact ROI in YCoCg-R with MED prediction and context rANS, the mask as
/// row deltas, the background as a 2-level YCoCg wavelet LL (luma step 100, chroma one level
/// coarser, step 120) with smooth reconstruction (configs/default.json's "codec").
/// codec::EncodeParams' own defaults are the paper's codec.
inline codec::EncodeParams recommended_codec() {
  codec::EncodeParams c;
  c.background_method = codec::BackgroundMethod::kWaveletRans;
  c.colour = codec::BackgroundColour::kYCoCg;
  c.levels = 2;
  c.quant_step = 100;
  c.chroma_levels = 1;
  c.chroma_step = 120;
  c.upsample = codec::Upsample::kSmooth;
  c.mask_method = codec::MaskMethod::kRowDelta;
  c.roi_method = codec::RoiMethod::kContextRans;
  return c;
}

/// What the pipeline needs for one image: detection, blending and coding. The defaults are the
/// recommended settings, exactly those of configs/default.json (a test checks it); the paper's
/// method is configs/seed.json.
struct Settings {
  roi::DetectParams detect = recommended_detect();
  int feather_px = 3;                            ///< blend ramp width (roi.feather_px)
  codec::EncodeParams codec = recommended_codec();  ///< codec.*; codec.feather_px is taken from feather_px
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
  /// The dotted keys the file (or a sweep point) set; the others keep the built-in defaults.
  std::vector<std::string> explicit_keys;
};

}  // namespace smearpress
