// image_check.hpp - structural checks of JPEG and PNG files before decoding.
//
// Decoders are lenient: libjpeg returns a grey-filled image for a truncated JPEG, and libpng
// prints to stderr. Walking the container first turns both into a clear, quiet error.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace smearpress {

/// Empty when `bytes` is a structurally complete JPEG or PNG, or another format (not checked);
/// otherwise why it is not, e.g. "truncated JPEG (ends inside the entropy-coded data)".
std::string check_image_structure(std::span<const std::uint8_t> bytes);

}  // namespace smearpress
