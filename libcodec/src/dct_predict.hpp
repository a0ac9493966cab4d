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

/// A component's quantisation table (natural order) with the reciprocals quantise_q12 divides by:
/// recip[i] = ceil(2^43 / step[i]).
struct QuantSteps {
  std::uint16_t step[64];
  std::uint64_t recip[64];
  explicit QuantSteps(const std::uint16_t* table) : step{}, recip{} {
    for (int i = 0; i < 64; ++i) {
      step[i] = table[i];
      recip[i] = ((std::uint64_t{1} << kRecipShift) + table[i] - 1) / table[i];
    }
  }
  static constexpr int kRecipShift = 43;
};

/// `value_q12 / (quant * 4096)` rounded to nearest (halves away from 0), clamped to
/// +-kMaxCoefficient; `recip` = QuantSteps::recip of `quant` (1..65535). Without a division:
/// with u = (|v| + 2048 quant) >> 12 the result is floor(u / quant) (nested floors), which is
/// clamped when u >= kMaxCoefficient * quant; below that u < 2^27, so u * recip < 2^54 and
/// (u * recip) >> 43 is floor(u / quant) exactly (the reciprocal's error times u stays < 2^43).
inline int quantise_q12(std::int64_t value_q12, std::uint32_t quant, std::uint64_t recip) {
  const std::uint64_t a = value_q12 < 0 ? 0 - static_cast<std::uint64_t>(value_q12)
                                        : static_cast<std::uint64_t>(value_q12);
  const std::uint64_t u = (a + (std::uint64_t{quant} << 11)) >> 12;
  const int q = u >= std::uint64_t{kMaxCoefficient} * quant
                    ? kMaxCoefficient
                    : static_cast<int>((u * recip) >> QuantSteps::kRecipShift);
  return value_q12 < 0 ? -q : q;
}

/// Prediction of coefficient `index` (natural order) of the first row (index 1..7, from the
/// block above) or first column (index 8..56, from the block on the left).
inline int predict_edge(const std::int16_t* cur, const std::int16_t* nbr, const QuantSteps& q,
                        int index) {
  const int stride = index < 8 ? 8 : 1;
  return quantise_q12(predict_line_q12(cur, nbr, q.step, index, stride), q.step[index],
                      q.recip[index]);
}

/// Prediction of the DC from the left neighbour (stride 1: along the first row) or the upper one
/// (stride 8: along the first column).
inline int predict_dc(const std::int16_t* cur, const std::int16_t* nbr, const QuantSteps& q,
                      int stride) {
  return quantise_q12(predict_line_q12(cur, nbr, q.step, 0, stride), q.step[0], q.recip[0]);
}

}  // namespace codec::dct
