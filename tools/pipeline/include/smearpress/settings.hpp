// settings.hpp - every parameter of the pipeline for one image, as a plain struct
// (JSON lives in the tool layer: tools/config/).
#pragma once

#include <codec/codec.hpp>
#include <roi/detect.hpp>

namespace smearpress {

/// What the pipeline needs for one image: detection, blending and coding. The defaults are the
/// recommended settings, exactly those of configs/default.json (a test checks it): the stain
/// detector, every nucleus in the field, margin 0.15 red-cell radii, on an image 4 times smaller;
/// the exact ROI in YCoCg-R with MED prediction and context rANS, the mask as row deltas, the
/// background as a 2-level YCoCg wavelet LL (luma step 100, chroma one level coarser, step 120)
/// with smooth reconstruction. roi::DetectParams' and codec::EncodeParams' own defaults are the
/// paper's method, which is configs/seed.json.
struct Settings {
  roi::DetectParams detect{.method = roi::Method::kStain, .select = roi::Select::kAll, .margin_rbc = 0.15,
                           .downsample = 4};
  int feather_px = 3;  ///< blend ramp width (roi.feather_px)
  /// codec.jpeg_roi: for a JPEG source, keep the ROI as the file's own DCT coefficients
  /// (ROI method jpeg-dct) when the file allows it, instead of coding its pixels with
  /// codec.roi_method (which stays the method for every other source).
  bool jpeg_dct = true;
  /// codec.tile: an image larger than tile x tile pixels is stored as independent tiles of that
  /// side (codec/tiled.hpp; 256..8192, a multiple of 64), except a JPEG source whose ROI is kept
  /// in the DCT domain (one piece, up to codec::kMaxPixels). 0: never tile.
  int tile = 1024;
  /// codec.*; codec.feather_px is taken from feather_px
  codec::EncodeParams codec{.background_method = codec::BackgroundMethod::kWaveletRans,
                            .quant_step = 100,
                            .levels = 2,
                            .colour = codec::BackgroundColour::kYCoCg,
                            .chroma_levels = 1,
                            .chroma_step = 120,
                            .upsample = codec::Upsample::kSmooth,
                            .mask_method = codec::MaskMethod::kRowDelta,
                            .roi_method = codec::RoiMethod::kContextRans};
};

}  // namespace smearpress
