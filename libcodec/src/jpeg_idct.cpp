#include "jpeg_idct.hpp"

#include <cstdlib>

namespace codec::jpeg {

namespace {

using i64 = std::int64_t;

constexpr int kConstBits = 13;
constexpr int kPass1Bits = 2;

// round(c * 2^13) for the cosine combinations of the factorisation.
constexpr i64 k0_298631336 = 2446;
constexpr i64 k0_390180644 = 3196;
constexpr i64 k0_541196100 = 4433;
constexpr i64 k0_765366865 = 6270;
constexpr i64 k0_899976223 = 7373;
constexpr i64 k1_175875602 = 9633;
constexpr i64 k1_501321110 = 12299;
constexpr i64 k1_847759065 = 15137;
constexpr i64 k1_961570560 = 16069;
constexpr i64 k2_053119869 = 16819;
constexpr i64 k2_562915447 = 20995;
constexpr i64 k3_072711026 = 25172;

constexpr i64 descale(i64 x, int n) { return (x + (i64{1} << (n - 1))) >> n; }

// libjpeg's post-IDCT range limit: x & 1023 taken as a signed 10-bit value, plus 128, clamped.
struct RangeTable {
  std::array<std::uint8_t, 1024> v{};
  constexpr RangeTable() {
    for (int t = 0; t < 1024; ++t) {
      const int x = (t >= 512 ? t - 1024 : t) + 128;
      v[static_cast<std::size_t>(t)] = static_cast<std::uint8_t>(x < 0 ? 0 : (x > 255 ? 255 : x));
    }
  }
};
constexpr RangeTable kRange;

inline std::uint8_t range_limit(i64 x) { return kRange.v[static_cast<std::size_t>(x & 1023)]; }

// One 1-D pass of the factorisation: in[0..7] (coefficient index order) to the eight undescaled
// outputs, scaled by 2^13.
inline void butterfly(const i64 in[8], i64 out[8]) {
  // Even part.
  i64 z1 = (in[2] + in[6]) * k0_541196100;
  const i64 e2 = z1 - in[6] * k1_847759065;
  const i64 e3 = z1 + in[2] * k0_765366865;
  const i64 e0 = (in[0] + in[4]) * (i64{1} << kConstBits);
  const i64 e1 = (in[0] - in[4]) * (i64{1} << kConstBits);
  const i64 t10 = e0 + e3, t13 = e0 - e3, t11 = e1 + e2, t12 = e1 - e2;
  // Odd part.
  i64 o0 = in[7], o1 = in[5], o2 = in[3], o3 = in[1];
  z1 = o0 + o3;
  i64 z2 = o1 + o2, z3 = o0 + o2, z4 = o1 + o3;
  const i64 z5 = (z3 + z4) * k1_175875602;
  o0 *= k0_298631336;
  o1 *= k2_053119869;
  o2 *= k3_072711026;
  o3 *= k1_501321110;
  z1 *= -k0_899976223;
  z2 *= -k2_562915447;
  z3 = z3 * -k1_961570560 + z5;
  z4 = z4 * -k0_390180644 + z5;
  o0 += z1 + z3;
  o1 += z2 + z4;
  o2 += z2 + z3;
  o3 += z1 + z4;
  out[0] = t10 + o3;
  out[7] = t10 - o3;
  out[1] = t11 + o2;
  out[6] = t11 - o2;
  out[2] = t12 + o1;
  out[5] = t12 - o1;
  out[3] = t13 + o0;
  out[4] = t13 - o0;
}

// Column pass: ws[row * 8 + col] = the column IDCT of the dequantised coefficients, times 4,
// stored as 32-bit ints as libjpeg does.
inline void column_pass(const std::int16_t* coef, const IdctQuant& q, std::int32_t ws[64]) {
  for (int c = 0; c < 8; ++c) {
    bool ac_zero = true;
    for (int r = 1; r < 8; ++r) ac_zero = ac_zero && coef[r * 8 + c] == 0;
    if (ac_zero) {
      const auto dc = static_cast<std::int32_t>(static_cast<i64>(coef[c]) * q[c] * (1 << kPass1Bits));
      for (int r = 0; r < 8; ++r) ws[r * 8 + c] = dc;
      continue;
    }
    i64 in[8], out[8];
    for (int r = 0; r < 8; ++r) in[r] = static_cast<i64>(coef[r * 8 + c]) * q[static_cast<std::size_t>(r * 8 + c)];
    butterfly(in, out);
    for (int r = 0; r < 8; ++r)
      ws[r * 8 + c] = static_cast<std::int32_t>(descale(out[r], kConstBits - kPass1Bits));
  }
}

}  // namespace

IdctQuant idct_quant(const std::array<std::uint16_t, 64>& table) {
  IdctQuant q{};
  for (std::size_t i = 0; i < 64; ++i) q[i] = static_cast<std::int16_t>(table[i]);
  return q;
}

void idct_islow(const std::int16_t* coef, const IdctQuant& quant, std::uint8_t* out,
                std::ptrdiff_t stride) {
  bool ac_zero = true;
  for (int k = 1; k < 64 && ac_zero; ++k) ac_zero = coef[k] == 0;
  if (ac_zero) {  // the column and row passes reduce to this exactly
    const auto ws0 = static_cast<std::int32_t>(static_cast<i64>(coef[0]) * quant[0] * (1 << kPass1Bits));
    const std::uint8_t v = range_limit(descale(ws0, kPass1Bits + 3));
    for (int r = 0; r < 8; ++r, out += stride)
      for (int c = 0; c < 8; ++c) out[c] = v;
    return;
  }
  std::int32_t ws[64];
  column_pass(coef, quant, ws);
  for (int r = 0; r < 8; ++r, out += stride) {
    const std::int32_t* w = ws + r * 8;
    if ((w[1] | w[2] | w[3] | w[4] | w[5] | w[6] | w[7]) == 0) {
      const std::uint8_t v = range_limit(descale(w[0], kPass1Bits + 3));
      for (int c = 0; c < 8; ++c) out[c] = v;
      continue;
    }
    i64 in[8], res[8];
    for (int c = 0; c < 8; ++c) in[c] = w[c];
    butterfly(in, res);
    for (int c = 0; c < 8; ++c) out[c] = range_limit(descale(res[c], kConstBits + kPass1Bits + 3));
  }
}

bool idct_block_portable(const std::int16_t* coef, const IdctQuant& quant) {
  constexpr i64 kLane = 16383;
  i64 sum = 0;
  for (std::size_t k = 0; k < 64; ++k) sum += std::llabs(static_cast<i64>(coef[k]) * quant[k]);
  // |x| <= 0.241 * sum and |ws| <= 5.6 * sum (the largest gains of the two passes): small blocks
  // need no further look.
  if (sum <= 2048) return true;
  for (std::size_t k = 0; k < 64; ++k)
    if (std::llabs(static_cast<i64>(coef[k]) * quant[k]) > kLane) return false;
  std::int32_t ws[64];
  column_pass(coef, quant, ws);
  for (int r = 0; r < 8; ++r) {
    i64 in[8], res[8];
    for (int c = 0; c < 8; ++c) {
      in[c] = ws[r * 8 + c];
      if (std::llabs(in[c]) > kLane) return false;
    }
    butterfly(in, res);
    for (int c = 0; c < 8; ++c) {
      const i64 x = descale(res[c], kConstBits + kPass1Bits + 3);
      if (x < -512 || x > 511) return false;
    }
  }
  return true;
}

}  // namespace codec::jpeg
