// quantizer.hpp - the uniform scalar quantizer of the LL band.
#pragma once

#include "plane.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

namespace codec {

/// q = round(v / step), halves away from zero.
inline std::int32_t quantize(double v, int step) {
  return static_cast<std::int32_t>(std::lround(v / step));
}
inline double dequantize(std::int32_t q, int step) { return static_cast<double>(q) * step; }

/// Rounds half away from zero and clamps to 0..255.
inline std::uint8_t to_u8(double v) {
  long r = std::lround(v);
  return static_cast<std::uint8_t>(r < 0 ? 0 : (r > 255 ? 255 : r));
}

}  // namespace codec
