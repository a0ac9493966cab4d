// tiff_maker.hpp - small TIFFs written with libtiff for the slide tests, and the hostile edits
// made to them.
#pragma once

#include "../temp_dir.hpp"

#include <opencv2/core.hpp>
#include <tiffio.h>

#include <cstdint>
#include <filesystem>

namespace test {

struct TiffSpec {
  bool bigtiff = false;
  int tile = 0;  ///< 0: striped
  int rows_per_strip = 8;
  std::uint16_t compression = COMPRESSION_NONE;
  int bits = 8;  ///< 16 writes every sample twice as wide (for the refusal test)
};

/// Writes `samples` (CV_8UC1 gray, CV_8UC3 RGB or CV_8UC4 RGBA, in file order) as a TIFF.
/// JPEG colour is stored as YCbCr.
void write_tiff(const std::filesystem::path& path, const cv::Mat& samples, const TiffSpec& spec);

/// Seeded noise on gradients: every tile different, compressible enough.
cv::Mat pattern(int width, int height, int channels, std::uint32_t seed);

/// The file-order samples as TiffSource returns them: gray, or BGR without alpha.
cv::Mat as_returned(const cv::Mat& samples);

/// Sets the value of `tag` (a SHORT or LONG entry with one value) in the first directory of a
/// little-endian classic TIFF; a SHORT entry becomes LONG for a value above 65535.
void patch_tag(const std::filesystem::path& path, std::uint16_t tag, std::uint32_t value);

}  // namespace test
