// image_io.hpp - reading input images (checked before decoding) and PNG bytes.
#pragma once

#include "io/files.hpp"

#include <codec/image.hpp>

#include <opencv2/core.hpp>

#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace smearpress {

struct LoadedImage {
  codec::Image image;                 ///< 8-bit, 1 (gray) or 3 (B,G,R) channels
  std::vector<std::string> notices;   ///< what was changed on the way in (alpha dropped, ...)
  std::vector<std::uint8_t> file;     ///< the file's bytes, as read (a JPEG's coefficients come from them)
};

/// Decodes an image file into an 8-bit gray or BGR image. Alpha is dropped and 16-bit samples
/// are scaled to 8 bits, each with a notice. Throws InputError.
LoadedImage load_image(const std::filesystem::path& path);

/// PNG bytes of an 8-bit gray or BGR image.
std::vector<std::uint8_t> encode_png(const cv::Mat& image);

}  // namespace smearpress
