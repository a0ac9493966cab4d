// jpeg_source.hpp - a JPEG file as the DCT-domain ROI coder takes it: its quantised
// coefficients (codec/jpeg_blocks.hpp), whose exact render (libcodec's jpeg_render) equals
// cv::imread's pixels, and what the file's own entropy coding spends on each block
// (jpeg_bits.hpp explains how that is counted).
//
// The coefficient path is refused (pixel_path_reason set, no coefficients) for a file whose
// imread pixels the renderer does not reproduce, or that the coder does not take:
//  - not 8-bit Huffman sequential/progressive: 12-bit, lossless (SOF3), hierarchical
//    (SOF5-7, SOF13-15), arithmetic-coded (SOF9-11);
//  - colour: anything but 1-component grayscale or 3-component YCbCr (CMYK, YCCK, RGB by Adobe
//    transform 0 or component ids 'R','G','B', 2 or 4 components);
//  - sampling factors above 2 (4:1:1 and the like);
//  - an Exif orientation other than 1 (imread rotates such images), or Exif data that cannot be
//    walked;
//  - a quantiser above 255 (16-bit tables);
//  - a progressive file whose scans leave any of the first ten coefficients of a component
//    incomplete: libjpeg then "block-smooths" the image, which changes its pixels;
//  - a component that appears in no scan;
//  - a block with coefficients so large that libjpeg-turbo's SIMD and C IDCTs disagree
//    (codec/jpeg_idct.hpp; no encoder of real images produces one).
// A damaged file is an error, not a pixel-path file.
#pragma once

#include <codec/image.hpp>
#include <codec/jpeg_blocks.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace smearpress {

struct JpegSource {
  codec::jpeg::Coefficients coefficients;
  /// The blocks the reader vouched for: those needed to render the ROI it was given
  /// (codec::jpeg::needed_blocks), or every block.
  codec::jpeg::BlockSet blocks;
  /// Per component, per block (the grid of Component::coeffs): bits the source spends on it;
  /// counted for `blocks`, 0 for the others.
  std::vector<std::vector<std::uint32_t>> block_bits;
  /// True for sequential files (counted exactly with the file's tables); false for progressive
  /// ones (the jpegtran -optimize estimate).
  bool bits_exact = true;
};

struct JpegReadResult {
  std::optional<JpegSource> source;  ///< set when the coefficient path applies
  std::string pixel_path_reason;     ///< otherwise, why the file is to be taken as pixels
};

/// Reads a JPEG file's coefficients. With `roi` (an 8-bit mask of the image's size, nonzero =
/// ROI), the per-block work (the SIMD/C check, the bit counts) is limited to the blocks that
/// render its pixels: all an encoder of that ROI keeps. A `roi` of another size than the file's
/// image sends the file to the pixel path. Throws codec::Error for a file libjpeg cannot decode
/// without complaint: kTruncated (data ends early), kCorrupt (bad markers, corrupt entropy-coded
/// data, any libjpeg warning), kLimitExceeded (over codec/format.hpp's size limits, too many
/// scans). Never calls exit(), never prints.
JpegReadResult read_jpeg_coefficients(std::span<const std::uint8_t> file_bytes,
                                      const codec::Image* roi = nullptr);

}  // namespace smearpress
