// tiff_layout.hpp - the first directory of a TIFF read, checked and described: what TiffSource
// needs to decode its tiles or strips safely, whatever the file's bytes claim.
#pragma once

#include "slide/tiff_file.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace smearpress::slide {

/// Limits on what a file may declare, checked before anything is allocated from it.
inline constexpr int kMaxTiffSide = 1 << 20;  ///< pixels per side (large slides are ~250k)
inline constexpr std::size_t kMaxBlockBytes = std::size_t{64} << 20;  ///< one decoded tile or strip

struct TiffLayout {
  int width = 0;
  int height = 0;
  int samples = 0;   ///< samples per pixel in the file (alpha and other extras included)
  int channels = 0;  ///< what the source returns: 1 (gray) or 3 (BGR)
  bool tiled = false;
  bool bigtiff = false;
  bool min_is_white = false;  ///< gray stored inverted (photometric 0)
  std::uint16_t compression = 1;
  int block_width = 0;  ///< tile width, or the image width for strips
  int block_height = 0;  ///< tile height, or rows per strip

  /// Bytes of one decoded block as libtiff writes it (all samples, edge blocks full size).
  std::size_t block_bytes() const {
    return static_cast<std::size_t>(block_width) * block_height * samples;
  }
  bool operator==(const TiffLayout&) const = default;
};

/// Reads and checks directory 0 of an open file and sets the handle up for decoding (YCbCr JPEG
/// is converted to RGB by libjpeg). Throws codec::Error "<file>: <problem>" for anything
/// TiffSource cannot decode: sizes of 0 or above the limits, missing tags, bits per sample other
/// than 8, signed or floating-point samples, a photometric interpretation other than gray or RGB
/// (YCbCr only with JPEG), separate colour planes, tiles that are not multiples of 16, blocks
/// above kMaxBlockBytes, a compression this libtiff cannot decode.
TiffLayout read_layout(TiffFile& file);

/// One line, e.g. "BigTIFF, tiled 512x512, deflate, 3 samples".
std::string describe(const TiffLayout& layout);

}  // namespace smearpress::slide
