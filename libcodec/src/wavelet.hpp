// wavelet.hpp - the Haar pyramid in exact integer arithmetic, for the kWaveletRans background.
//
// A plane holds integers v = D * value (D = 1 for pixels, 4 for Y = (R+2G+B)/4, 2 for
// Co = (R-B)/2, 4 for Cg = (2G-R-B)/4). Its block sums S_l over 2^l x 2^l blocks (edges
// replicated) give the orthonormal coefficients exactly: LL_l = S_l / (D 2^l), and the details of
// level l from the four child sums a b / c d of level l-1: HL = (a-b+c-d)/(D 2^l),
// LH = (a+b-c-d)/(D 2^l), HH = (a-b-c+d)/(D 2^l). Reconstruction works on integers scaled by
// 2^F, so every machine gets the same pixels.
#pragma once

#include "plane.hpp"

#include <codec/image.hpp>

#include <array>
#include <cstdint>
#include <vector>

namespace codec::wavelet {

/// Integer planes of the wavelet: int64 for transforms and reconstruction, int32 for block sums
/// (enough for LL sums of 8-bit data up to 8 levels).
using IntPlane = Plane<std::int64_t>;
using IntPlane32 = Plane<std::int32_t>;

/// The next level's block sums: each 2x2 block summed, edges repeated.
IntPlane32 sum_blocks(const IntPlane32& p);

/// The quantised coefficients of one plane.
struct QuantPlane {
  int levels = 0;
  std::vector<std::pair<int, int>> sizes;  ///< sizes[l] = size at level l, sizes[0] = the plane's
  std::vector<std::int32_t> ll;            ///< sizes[levels], raster order
  /// details[l - 1][b] for level l = 1..levels and band b = HL, LH, HH (empty without details)
  std::vector<std::array<std::vector<std::int32_t>, 3>> details;
};

/// Sizes of every level of a W x H plane, sizes[0] = {W, H}.
std::vector<std::pair<int, int>> level_sizes(int width, int height, int levels);

/// Analysis and quantisation: LL q = round(c / step) (halves away from zero); details, when
/// detail_step > 0, q = sign(c) floor(|c| / detail_step + 3/8).
QuantPlane analyse(const IntPlane& plane, int scale_d, int levels, int step, int detail_step);

/// Block sums S_l for l = 0..levels (S_0 = the plane).
std::vector<IntPlane> block_sums(const IntPlane& plane, int levels);

/// Inverse Haar of the dequantised coefficients: the plane's values scaled by 2^f (f >= levels).
IntPlane reconstruct_haar(const QuantPlane& q, int step, int detail_step, int f);


/// round(v / 2^f) with halves away from zero.
inline std::int64_t round_shift(std::int64_t v, int f) {
  if (f == 0) return v;
  const std::int64_t half = std::int64_t{1} << (f - 1);
  return v >= 0 ? (v + half) >> f : -((-v + half) >> f);
}

/// round(num / den), den > 0, halves away from zero.
inline std::int64_t round_div(std::int64_t num, std::int64_t den) {
  return num >= 0 ? (2 * num + den) / (2 * den) : -((-2 * num + den) / (2 * den));
}

}  // namespace codec::wavelet
