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
#include <string>
#include <vector>
#include <span>

namespace smearpress {

/// How the exact ROI was stored.
enum class RoiDomain { kPixels, kDct };
const char* to_string(RoiDomain d);

struct Compressed {
  codec::Encoded encoded;
  roi::Detection detection;
  RoiDomain roi_domain = RoiDomain::kPixels;
  /// What a user should know, e.g. why a JPEG source's ROI was taken as pixels.
  std::vector<std::string> notices;
};

/// Encodes the image with `mask` (255 = exact) as its ROI. For a background coder that can skip
/// hidden background (codec::traits(...).skips_hidden), the pixels whose blend weight is 1 are
/// passed as hidden.
/// `jpeg_source`: the source JPEG's coefficients, for a dct_domain ROI method (codec::encode).
codec::Encoded encode_masked(const codec::Image& image, const cv::Mat1b& mask, const codec::EncodeParams& params,
                             const codec::jpeg::Coefficients* jpeg_source = nullptr);

/// True for bytes that begin as a JPEG file does (FF D8 FF): what compress() takes for a JPEG
/// source.
bool is_jpeg(std::span<const std::uint8_t> file);

/// Detects the ROI and encodes the image into .smz bytes. `source_file` is the file the image was
/// decoded from (optional): when it is a JPEG and settings.jpeg_dct is set, the ROI is kept as
/// the file's own DCT coefficients if the file allows it (see jpeg_source.hpp for the files that
/// do not; their ROI is coded as pixels, with a notice), and if rendering them reproduces the
/// image's ROI pixels exactly (checked; `image` must be the file as cv::imread decodes it).
/// Throws codec::Error for a JPEG that libjpeg reports as damaged (truncated, corrupt data), with
/// settings.jpeg_dct set, whether or not its ROI is empty.
Compressed compress(const codec::Image& image, const Settings& settings,
                    std::span<const std::uint8_t> source_file = {});

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
