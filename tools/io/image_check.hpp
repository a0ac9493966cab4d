// image_check.hpp - structural checks of JPEG and PNG files before decoding.
//
// Decoders are lenient: libjpeg returns a grey-filled image for a truncated JPEG, and libpng
// prints to stderr. Walking the container first turns both into a clear, quiet error, and reads
// the declared size so that a decompression bomb is refused before anything is allocated.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace smearpress {

struct ImageStructure {
  /// Empty when the bytes are a structurally complete JPEG or PNG, or another format (not
  /// checked); otherwise why they are not, e.g. "truncated JPEG (ends inside the entropy-coded
  /// data)".
  std::string problem;
  /// The size the header declares (JPEG SOF, PNG IHDR), 0 when unknown, so that a decoder is
  /// never asked for a picture larger than we accept.
  std::uint32_t width = 0, height = 0;
  /// PNG only: the IHDR colour type (0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA), else -1.
  /// OpenCV decodes gray + alpha as four channels; this tells that the picture is gray.
  int png_colour_type = -1;
};

ImageStructure check_image_structure(std::span<const std::uint8_t> bytes);

}  // namespace smearpress
