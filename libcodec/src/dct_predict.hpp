// dct_predict.hpp - predictions of a block's first-row / first-column coefficients and DC from a
// neighbouring block, by continuity of the image across the shared block edge (after Lakhani).
//
// Along one line of the 8x8 DCT (a row v of coefficients F(v, u), u = 0..7, for the left
// neighbour; a column for the one above), the 1-D inverse DCT evaluated half a pixel outside the
// block is sum_u C(u) F(v, u) on the near side (cos 0 = 1) and sum_u C(u) (-1)^u F'(v, u) on the
// neighbour's far side, C(0) = 1/sqrt(2), C(u > 0) = 1. Asking both to be equal gives the
// coefficient at u = 0 from the others:
//     F(v, 0) = F'(v, 0) + sqrt(2) * sum_{u >= 1} ((-1)^u F'(v, u) - F(v, u)),
// with F = quant * coefficient. Integer arithmetic only (sqrt 2 as 5793 / 4096), so encoder and
// decoder agree on every platform.
#pragma once

#include <algorithm>
#include <cstdint>

#include "dct_model.hpp"

namespace codec::dct {

inline constexpr std::int64_t kSqrt2Q12 = 5793;  // round(sqrt(2) * 4096)

/// The dequantised value (times 4096) of the first coefficient of a line, `stride` 1 for a row
/// and 8 for a column, starting at natural index `start` of the current block `cur` and of the
/// neighbour `nbr` (its far edge touches cur's near edge), from both blocks' other coefficients.
inline std::int64_t predict_line_q12(const std::int16_t* cur, const std::int16_t* nbr,
                                     const std::uint16_t* quant, int start, int stride) {
  std::int64_t sum = 0;
  for (int k = 1; k < 8; ++k) {
    const int i = start + k * stride;
    const std::int64_t far = (k & 1) ? -nbr[i] : nbr[i];
    sum += static_cast<std::int64_t>(quant[i]) * (far - cur[i]);
  }
  return static_cast<std::int64_t>(quant[start]) * nbr[start] * 4096 + kSqrt2Q12 * sum;
}

/// `value_q12 / (quant * 4096)` rounded to nearest, clamped to +-kMaxCoefficient.
inline int quantise_q12(std::int64_t value_q12, std::uint16_t quant) {
  const std::int64_t d = static_cast<std::int64_t>(quant) * 4096;
  const std::int64_t q = value_q12 >= 0 ? (value_q12 + d / 2) / d : -((-value_q12 + d / 2) / d);
  return static_cast<int>(std::clamp<std::int64_t>(q, -kMaxCoefficient, kMaxCoefficient));
}

/// Prediction of coefficient `index` (natural order) of the first row (index 1..7, from the
/// block above) or first column (index 8..56, from the block on the left).
inline int predict_edge(const std::int16_t* cur, const std::int16_t* nbr,
                        const std::uint16_t* quant, int index) {
  const int stride = index < 8 ? 8 : 1;
  return quantise_q12(predict_line_q12(cur, nbr, quant, index, stride), quant[index]);
}

}  // namespace codec::dct
