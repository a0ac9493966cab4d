// pipeline.hpp - the whole path for one image:
//   image -> roi::detect -> mask -> codec::encode -> bytes
//   bytes -> codec::decode -> (background, mask, exact pixels) -> roi::compute_weights(mask)
//         -> roi::blend -> image -> metrics
#pragma once

#include <smearpress/settings.hpp>

#include <codec/codec.hpp>
#include <codec/image.hpp>
#include <roi/detect.hpp>

#include <opencv2/core.hpp>

#include <cstdint>
#include <optional>
#include <span>

namespace smearpress {

struct Compressed {
  codec::Encoded encoded;
  roi::Detection detection;
};

/// Encodes the image with `mask` (255 = exact) as its ROI. For a background coder that can skip
/// hidden background (codec::traits(...).skips_hidden), the pixels whose blend weight is 1 are
/// passed as hidden.
codec::Encoded encode_masked(const codec::Image& image, const cv::Mat1b& mask, const codec::EncodeParams& params);

/// Detects the ROI and encodes the image into .smz bytes.
Compressed compress(const codec::Image& image, const Settings& settings);

struct Reconstruction {
  codec::Decoded decoded;  ///< as decoded, except `background`, moved into `image`
  cv::Mat1b weights;   ///< 0..255, 255 = exactly 1 (the bit-exact ROI)
  codec::Image image;  ///< the blended output
};

/// Decodes .smz bytes and blends the exact ROI over the background with rebuilt weights.
/// Throws codec::Error on a bad file.
Reconstruction reconstruct(std::span<const std::uint8_t> bytes);

/// Quality of a reconstruction against the original. PSNR values are +infinity for identical
/// pixels; optional values are empty when they are undefined (no such pixels, image < 11x11).
struct Quality {
  double mse = 0;
  double psnr = 0;
  std::optional<double> ssim;
  std::optional<double> psnr_roi;  ///< over weight-1 pixels
  std::optional<double> psnr_bg;   ///< over weight-0 pixels
  double roi_fraction = 0;         ///< share of pixels whose exact values are stored
  bool roi_exact = false;          ///< every weight-1 pixel equals the original
};

Quality evaluate(const codec::Image& original, const Reconstruction& rec);

}  // namespace smearpress
