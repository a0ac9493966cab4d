// jpeg_maker.hpp - JPEG files made in the tests with libjpeg's own compressor, so that every
// parameter the renderer depends on is under the test's control.
#pragma once

#include <codec/image.hpp>
#include <codec/jpeg_blocks.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace test {

struct JpegSpec {
  int width = 64;
  int height = 48;
  int components = 3;  ///< 1 (gray), 3 (YCbCr, or RGB with rgb), 4 (CMYK)
  /// h x v sampling of each component (only the first `components` are used).
  std::array<std::pair<int, int>, 4> sampling = {{{2, 2}, {1, 1}, {1, 1}, {1, 1}}};
  int quality = 85;
  bool progressive = false;
  bool optimize = false;
  bool arithmetic = false;
  bool rgb = false;                 ///< 3 components stored as RGB (Adobe transform 0)
  int restart_blocks = 0;           ///< restart interval in MCUs (0 = none)
  int dc_scans_only = 0;            ///< progressive: keep only the first N scans of the script
  std::vector<std::uint8_t> app1;   ///< written as an APP1 segment when not empty
};

/// Encodes `pixels` (width x height x components, any content; channel c feeds component c).
/// Throws std::runtime_error with libjpeg's message on failure.
std::vector<std::uint8_t> make_jpeg(const JpegSpec& spec, const codec::Image& pixels);

/// Writes coefficients as they are (sequential, or progressive with libjpeg's default script),
/// with jpeg_write_coefficients: the quantisation tables are c.quant as given.
std::vector<std::uint8_t> write_coefficients(const codec::jpeg::Coefficients& c, bool progressive,
                                             bool optimize = false);

/// Transcodes a JPEG to sequential with optimised Huffman tables (jpegtran -optimize).
std::vector<std::uint8_t> transcode_optimized(const std::vector<std::uint8_t>& jpeg);

/// Test content with what breaks sloppy decoders: smooth gradients, hard-edged saturated shapes,
/// one-pixel lines and noise. width x height x channels, seeded.
codec::Image make_content(int width, int height, int channels, std::uint32_t seed);

/// An Exif APP1 payload ("Exif\0\0" + TIFF) whose IFD0 holds only the orientation tag.
std::vector<std::uint8_t> exif_with_orientation(int orientation, bool little_endian = true);

}  // namespace test
