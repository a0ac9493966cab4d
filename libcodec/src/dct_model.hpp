// dct_model.hpp - the context model of the DCT coefficient coder (dct_coder.hpp documents the
// bitstream): scan tables, context buckets, the adaptive-bit tables, and the value codings shared
// by encoder and decoder.
//
// Encoder and decoder run the same template code over an "Io": EncodeIo codes the bit it is given
// and returns it, DecodeIo ignores it and returns the decoded bit. One function therefore
// describes each syntax element for both directions, and they cannot drift apart.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "bool_coder.hpp"
#include "dct_coder.hpp"

namespace codec::dct {

using bool_coder::AdaptiveBit;

inline constexpr int kMaxAcExponent = 11;  // bit_width(kMaxCoefficient)
inline constexpr int kMaxDcExponent = 12;  // a DC residual is below 2 * 2048

// ---- scan tables -------------------------------------------------------------------------

/// JPEG zigzag order: natural index of the i-th coefficient.
inline constexpr std::array<std::uint8_t, 64> kZigzag = {
    0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,  12, 19, 26, 33, 40, 48,
    41, 34, 27, 20, 13, 6,  7,  14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23,
    30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};

inline constexpr int kInner = 49;  // the 7x7 block of coefficients with row >= 1 and column >= 1

/// The 7x7 coefficients in zigzag order (natural indices).
inline constexpr std::array<std::uint8_t, kInner> kInnerOrder = [] {
  std::array<std::uint8_t, kInner> o{};
  int n = 0;
  for (std::uint8_t z : kZigzag)
    if (z / 8 != 0 && z % 8 != 0) o[static_cast<std::size_t>(n++)] = z;
  return o;
}();

// ---- context buckets ---------------------------------------------------------------------

/// Buckets of a count of nonzeros 0..49: 0,1,2,3,4,5-6,7-9,10-14,15-20,21-29,30-49.
inline constexpr int kNzBuckets = 11;
inline constexpr std::array<std::uint8_t, kInner + 1> kNzBucket = [] {
  std::array<std::uint8_t, kInner + 1> b{};
  constexpr int kUpper[kNzBuckets] = {0, 1, 2, 3, 4, 6, 9, 14, 20, 29, 49};
  int k = 0;
  for (int n = 0; n <= kInner; ++n) {
    while (n > kUpper[k]) ++k;
    b[static_cast<std::size_t>(n)] = static_cast<std::uint8_t>(k);
  }
  return b;
}();

/// Buckets of a magnitude: bit_width, capped; kMagBuckets - 1 is "no neighbour to predict from".
inline constexpr int kMagBuckets = 13;
inline constexpr int kNoPrediction = kMagBuckets - 1;
inline int mag_bucket(int v) {
  return std::min(static_cast<int>(std::bit_width(static_cast<unsigned>(v))), kMagBuckets - 2);
}

/// Buckets of the nonzeros left to code in the 7x7 part: 1,2,3,4,5-6,7-9,10-14,15-20,21-49.
inline constexpr int kRemBuckets = 9;
inline int rem_bucket(int n) {
  return std::min(kNzBucket[static_cast<std::size_t>(n)] - 1, kRemBuckets - 1);
}

inline constexpr int kEdgeRemBuckets = 4;  // 1, 2, 3, 4-7 nonzeros left on the edge
inline constexpr int kDcBuckets = 13;      // uncertainty of the DC prediction (mag_bucket)

// ---- the adaptive bits -------------------------------------------------------------------

/// Class of a component: 0 luma (or gray), 1 chroma.
inline constexpr int kClasses = 2;

/// Unary exponent, sign and mantissa contexts for one kind of value.
template <int MaxExp>
struct MantissaBits {
  AdaptiveBit bit[MaxExp + 1][MaxExp];  // [exponent][bit position]
};

/// Buckets of the co-located luma block's 7x7 count for a chroma block: 0, 1-2, 3-6, 7-14,
/// 15-49, and kLumaBuckets - 1 for no kept luma block (and for luma blocks themselves).
inline constexpr int kLumaBuckets = 6;
inline int luma_bucket(int nz) {
  return nz == 0 ? 0 : nz <= 2 ? 1 : nz <= 6 ? 2 : nz <= 14 ? 3 : 4;
}

/// Buckets of the reference component's coefficient at the same position: mag_bucket capped,
/// last: none.
inline constexpr int kRefBuckets = 6;

/// Coarse band of a 7x7 zigzag index, for the coarse exponent contexts.
inline constexpr int kInnerBands = 7;
inline int inner_band(int i) { return i / 7; }

/// Most decisions have a fine context and a coarse one (suffix _c) that drops or merges some of
/// the fine one's dimensions; they are blended (blend() below), and both adapt.
struct Model {
  // 6-bit tree; [neighbours' bucket, last: none][luma's bucket (chroma only), last: none]
  AdaptiveBit nz_count[kClasses][kNzBuckets + 1][kLumaBuckets][64];
  AdaptiveBit nz_count_c[kClasses][kLumaBuckets][64];
  AdaptiveBit inner_exp[kClasses][kInner][kRemBuckets][kMagBuckets][kMaxAcExponent];
  AdaptiveBit inner_exp_c[kClasses][kInnerBands][kMagBuckets][kRefBuckets][kMaxAcExponent];
  AdaptiveBit inner_sign[kClasses][kInner][4];
  AdaptiveBit inner_sign_c[kClasses][4][kRefBuckets];
  MantissaBits<kMaxAcExponent> inner_mant[kClasses][kInner];
  MantissaBits<kMaxAcExponent> inner_mant_c[kClasses];
  AdaptiveBit edge_count[kClasses][2][kNzBuckets][9][8];  // [dir][nz77][neighbour's count][tree]
  AdaptiveBit edge_count_c[kClasses][2][kNzBuckets][8];
  AdaptiveBit edge_exp[kClasses][2][7][kEdgeRemBuckets][kMagBuckets][kMaxAcExponent];
  AdaptiveBit edge_exp_c[kClasses][2][kMagBuckets][kRefBuckets][kMaxAcExponent];
  AdaptiveBit edge_sign[kClasses][2][7][3][kMagBuckets];  // [.][pos][sign of pred][|pred|]
  AdaptiveBit edge_sign_c[kClasses][3][kMagBuckets][4];
  MantissaBits<kMaxAcExponent> edge_mant[kClasses][2][7];
  MantissaBits<kMaxAcExponent> edge_mant_c[kClasses];
  AdaptiveBit dc_exp[kClasses][kDcBuckets][kMagBuckets][kMaxDcExponent];
  AdaptiveBit dc_exp_c[kClasses][kDcBuckets][kRefBuckets][kMaxDcExponent];
  AdaptiveBit dc_sign[kClasses][kDcBuckets][4];  // [.][.][sign of the reference's residual]
  AdaptiveBit dc_sign_c[kClasses][4];
  MantissaBits<kMaxDcExponent> dc_mant[kClasses][kDcBuckets];
  MantissaBits<kMaxDcExponent> dc_mant_c[kClasses];
};

/// P(0) of a fine context blended with its coarse one, (n p_fine + K p_coarse) / (n + K) with
/// n the fine context's count: the coarse estimate stands in while the fine one has seen little.
inline constexpr int kBlendPrior = 8;
struct BlendTable {
  std::uint32_t r[bool_coder::kRateLimit + 1];
  constexpr BlendTable() : r{} {
    for (int n = 0; n <= bool_coder::kRateLimit; ++n)
      r[n] = static_cast<std::uint32_t>(65536 / (n + kBlendPrior));
  }
};
inline constexpr BlendTable kBlend{};
SMEARPRESS_BIT_INLINE std::uint32_t blend(const AdaptiveBit& fine, const AdaptiveBit& coarse) {
  const std::uint32_t sum =
      fine.n * std::uint32_t{fine.p0} + kBlendPrior * std::uint32_t{coarse.p0};
  return static_cast<std::uint32_t>((std::uint64_t{sum} * kBlend.r[fine.n]) >> 16);
}

// ---- Io: one bit in either direction -----------------------------------------------------

/// The fine contexts a stream moved away from the starting state: every one still at n == 0
/// (which in the starting state means P(0) = 1/2, see dct_priors.hpp) when first coded. With the
/// coarse contexts (coarse_spans), which hold every context starting elsewhere and are restored
/// whole, they are all a reused model must restore (dct_coder.cpp).
using TouchLog = std::vector<AdaptiveBit*>;
SMEARPRESS_BIT_INLINE void note_touch(TouchLog& log, AdaptiveBit& p) {
  if (p.n == 0) log.push_back(&p);
}

// The Io types are small values: code_component (dct_stream.hpp) works on a local copy, whose
// coder state the compiler can then keep in registers (through a reference, every bit would
// store and reload it).
struct EncodeIo {
  bool_coder::Encoder* enc;
  TouchLog* touched;
  SMEARPRESS_BIT_INLINE int bit(AdaptiveBit& p, int b) {
    note_touch(*touched, p);
    enc->put(b, p);
    return b;
  }
  SMEARPRESS_BIT_INLINE int bit(AdaptiveBit& fine, AdaptiveBit& coarse, int b) {
    note_touch(*touched, fine);
    enc->put(b, blend(fine, coarse));
    fine.update(b);
    coarse.update(b);
    return b;
  }
};

struct DecodeIo {
  static constexpr bool kDecodes = true;  ///< the values given to bit() are placeholders
  bool_coder::Decoder dec;
  TouchLog* touched;
  SMEARPRESS_BIT_INLINE int bit(AdaptiveBit& p, int /*ignored*/) {
    note_touch(*touched, p);
    return dec.get(p);
  }
  SMEARPRESS_BIT_INLINE int bit(AdaptiveBit& fine, AdaptiveBit& coarse, int /*ignored*/) {
    note_touch(*touched, fine);
    const int b = dec.get(blend(fine, coarse));
    fine.update(b);
    coarse.update(b);
    return b;
  }
};

/// True for an Io whose given values are placeholders (the block being decoded is still zero), so
/// counting them can be skipped.
template <class Io>
inline constexpr bool kDecoding = requires { requires Io::kDecodes; };

// ---- value codings -----------------------------------------------------------------------

/// An n-bit value as a binary tree of adaptive bits, most significant first (nodes[1 << n]).
template <class Io>
SMEARPRESS_BIT_INLINE int code_tree(Io& io, AdaptiveBit* nodes, AdaptiveBit* coarse, int bits, int value) {
  int node = 1;
  for (int i = bits - 1; i >= 0; --i)
    node = 2 * node + io.bit(nodes[node], coarse[node], (value >> i) & 1);
  return node - (1 << bits);
}

/// A magnitude's exponent e = bit_width(|v|) in unary: bits "e > k" for k = first..max-1
/// (first = 1 when v is known to be nonzero).
template <class Io>
SMEARPRESS_BIT_INLINE int code_exponent(Io& io, AdaptiveBit* bits, AdaptiveBit* coarse, int first, int max, int e) {
  int k = first;
  while (k < max && io.bit(bits[k], coarse[k], e > k)) ++k;
  return k;
}

/// The e - 1 bits below the leading one of a magnitude with exponent e >= 1, high first.
template <class Io, int MaxExp>
SMEARPRESS_BIT_INLINE int code_mantissa(Io& io, MantissaBits<MaxExp>& m, MantissaBits<MaxExp>& coarse, int e,
                  int magnitude) {
  int v = 1;
  for (int i = e - 2; i >= 0; --i)
    v = 2 * v + io.bit(m.bit[e][i], coarse.bit[e][i], (magnitude >> i) & 1);
  return v;
}

}  // namespace codec::dct
