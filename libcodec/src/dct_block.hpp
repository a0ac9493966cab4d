// dct_block.hpp - the coding of one 8x8 block of quantised coefficients, the same template code
// for encoder (EncodeIo) and decoder (DecodeIo); dct_coder.hpp documents the syntax and contexts.
#pragma once

#include <bit>
#include <codec/error.hpp>
#include <cstdint>
#include <cstdlib>

#include "dct_model.hpp"
#include "dct_predict.hpp"

namespace codec::dct {

/// What later blocks read of a coded block besides its coefficients.
struct BlockInfo {
  std::uint8_t nz_inner = 0;         ///< nonzeros among the 7x7 coefficients
  std::uint8_t nz_edge[2] = {0, 0};  ///< nonzeros in the first row (0) / column (1) without DC
  std::int16_t dc_residual = 0;      ///< DC minus its prediction
};

/// A block's surroundings: the kept neighbours (nullptr when outside the grid or not kept).
struct Neighbours {
  const std::int16_t* above = nullptr;
  const std::int16_t* left = nullptr;
  const std::int16_t* above_left = nullptr;
  const BlockInfo* info_above = nullptr;
  const BlockInfo* info_left = nullptr;
};

/// Everything a block's coding reads besides the block itself.
struct BlockContext {
  Model& model;
  int cls;                     ///< 0 luma / gray, 1 chroma
  const QuantSteps& quant;  ///< the component's table, natural order
  Neighbours nb;
  int fallback_dc;                      ///< DC prediction when no neighbour is kept
  int luma = kLumaBuckets - 1;          ///< luma_bucket of the co-located luma block (chroma only)
  const std::int16_t* ref = nullptr;    ///< co-located block of the reference component, if kept
  const BlockInfo* ref_info = nullptr;  ///< and its BlockInfo
};

inline int abs_at(const std::int16_t* b, int i) { return std::abs(static_cast<int>(b[i])); }

/// Context bucket of a 7x7 coefficient from the same position in the neighbours.
inline int inner_prediction_bucket(const Neighbours& nb, int pos) {
  if (nb.above && nb.left) {
    if (nb.above_left)
      return mag_bucket(
          (13 * (abs_at(nb.above, pos) + abs_at(nb.left, pos)) + 6 * abs_at(nb.above_left, pos)) >>
          5);
    return mag_bucket((abs_at(nb.above, pos) + abs_at(nb.left, pos) + 1) >> 1);
  }
  if (nb.above) return mag_bucket(abs_at(nb.above, pos));
  if (nb.left) return mag_bucket(abs_at(nb.left, pos));
  return kNoPrediction;
}

/// Context bucket of the 7x7 nonzero count from the neighbours' counts.
inline int nz_context(const Neighbours& nb) {
  if (nb.info_above && nb.info_left)
    return kNzBucket[(nb.info_above->nz_inner + nb.info_left->nz_inner + 1) / 2];
  if (nb.info_above) return kNzBucket[nb.info_above->nz_inner];
  if (nb.info_left) return kNzBucket[nb.info_left->nz_inner];
  return kNzBuckets;
}

/// The 7x7 part: its nonzero count, then the coefficients in zigzag order until the count is
/// used up. Returns the count.
template <class Io>
SMEARPRESS_BIT_INLINE int code_inner(Io& io, BlockContext& bc, std::int16_t* blk) {
  Model& m = bc.model;
  int nz = 0;
  if constexpr (!kDecoding<Io>)
    for (int pos : kInnerOrder) nz += blk[pos] != 0;
  nz = code_tree(io, m.nz_count[bc.cls][nz_context(bc.nb)][bc.luma], m.nz_count_c[bc.cls][bc.luma],
                 6, nz);
  if (nz > kInner)
    throw Error(ErrorCode::kCorrupt, "dct coefficients: more than 49 nonzeros in a 7x7 part");
  int rem = nz;
  for (int i = 0; i < kInner && rem > 0; ++i) {
    const int pos = kInnerOrder[static_cast<std::size_t>(i)];
    const int v = blk[pos];
    const int a = std::abs(v);
    const int pb = inner_prediction_bucket(bc.nb, pos);
    AdaptiveBit* exp_bits = m.inner_exp[bc.cls][i][rem_bucket(rem)][pb];
    const int rb =
        bc.ref ? std::min(mag_bucket(abs_at(bc.ref, pos)), kRefBuckets - 2) : kRefBuckets - 1;
    AdaptiveBit* exp_coarse = m.inner_exp_c[bc.cls][inner_band(i)][pb][rb];
    const int first = rem == kInner - i ? 1 : 0;  // every position left is nonzero
    const int e = code_exponent(io, exp_bits, exp_coarse, first, kMaxAcExponent,
                                std::bit_width(static_cast<unsigned>(a)));
    if (e == 0) continue;
    --rem;
    const int mag = code_mantissa(io, m.inner_mant[bc.cls][i], m.inner_mant_c[bc.cls], e, a);
    const int rs = bc.ref ? (bc.ref[pos] > 0) - (bc.ref[pos] < 0) + 1 : 3;
    const int neg = io.bit(m.inner_sign[bc.cls][i][rs], m.inner_sign_c[bc.cls][rs][rb], v < 0);
    blk[pos] = static_cast<std::int16_t>(neg ? -mag : mag);
  }
  return nz;
}

/// The first row (dir 0, predicted from above) or first column (dir 1, from the left) without
/// DC: its nonzero count, then the coefficients in order until the count is used up.
template <class Io>
SMEARPRESS_BIT_INLINE int code_edge(Io& io, BlockContext& bc, std::int16_t* blk, int nz_inner, int dir) {
  Model& m = bc.model;
  const int stride = dir == 0 ? 1 : 8;
  const std::int16_t* nbr = dir == 0 ? bc.nb.above : bc.nb.left;
  int nz = 0;
  if constexpr (!kDecoding<Io>)
    for (int k = 1; k < 8; ++k) nz += blk[k * stride] != 0;
  int nbr_count = 8;
  if (bc.nb.info_above && bc.nb.info_left)
    nbr_count = (bc.nb.info_above->nz_edge[dir] + bc.nb.info_left->nz_edge[dir] + 1) / 2;
  else if (bc.nb.info_above)
    nbr_count = bc.nb.info_above->nz_edge[dir];
  else if (bc.nb.info_left)
    nbr_count = bc.nb.info_left->nz_edge[dir];
  const int nzb = kNzBucket[static_cast<std::size_t>(nz_inner)];
  nz = code_tree(io, m.edge_count[bc.cls][dir][nzb][nbr_count], m.edge_count_c[bc.cls][dir][nzb], 3,
                 nz);
  int rem = nz;
  for (int k = 1; k < 8 && rem > 0; ++k) {
    const int idx = k * stride;
    const int pred = nbr ? predict_edge(blk, nbr, bc.quant, idx) : 0;
    const int pb = nbr ? mag_bucket(std::abs(pred)) : kNoPrediction;
    const int v = blk[idx];
    const int a = std::abs(v);
    AdaptiveBit* exp_bits = m.edge_exp[bc.cls][dir][k - 1][std::min(rem, kEdgeRemBuckets) - 1][pb];
    const int first = rem == 8 - k ? 1 : 0;
    const int rb =
        bc.ref ? std::min(mag_bucket(abs_at(bc.ref, idx)), kRefBuckets - 2) : kRefBuckets - 1;
    const int e = code_exponent(io, exp_bits, m.edge_exp_c[bc.cls][dir][pb][rb], first,
                                kMaxAcExponent, std::bit_width(static_cast<unsigned>(a)));
    if (e == 0) continue;
    --rem;
    const int mag = code_mantissa(io, m.edge_mant[bc.cls][dir][k - 1], m.edge_mant_c[bc.cls], e, a);
    const int psign = (pred > 0) - (pred < 0) + 1;
    const int rs = bc.ref ? (bc.ref[idx] > 0) - (bc.ref[idx] < 0) + 1 : 3;
    const int neg = io.bit(m.edge_sign[bc.cls][dir][k - 1][psign][pb],
                           m.edge_sign_c[bc.cls][psign][pb][rs], v < 0);
    blk[idx] = static_cast<std::int16_t>(neg ? -mag : mag);
  }
  return nz;
}

/// The DC, as the residual from its prediction from the left and upper neighbours' edges.
/// Returns the residual.
template <class Io>
SMEARPRESS_BIT_INLINE int code_dc(Io& io, BlockContext& bc, std::int16_t* blk) {
  Model& m = bc.model;
  const Neighbours& nb = bc.nb;
  int pred = bc.fallback_dc;
  int uncertainty = kDcBuckets - 1;  // no neighbour
  if (nb.left && nb.above) {
    const int pl = predict_dc(blk, nb.left, bc.quant, 1);
    const int pa = predict_dc(blk, nb.above, bc.quant, 8);
    pred = (pl + pa) >> 1;
    uncertainty = std::min(mag_bucket(std::abs(pl - pa)), kDcBuckets - 3);
  } else if (nb.left || nb.above) {
    pred = nb.left ? predict_dc(blk, nb.left, bc.quant, 1) : predict_dc(blk, nb.above, bc.quant, 8);
    uncertainty = kDcBuckets - 2;
  }
  int nres = 0, nn = 0;
  if (nb.info_left) nres += std::abs(nb.info_left->dc_residual), ++nn;
  if (nb.info_above) nres += std::abs(nb.info_above->dc_residual), ++nn;
  const int rb = nn ? mag_bucket(nres / nn) : kNoPrediction;
  const int r = blk[0] - pred;
  const int a = std::abs(r);
  const int rr = bc.ref_info ? bc.ref_info->dc_residual : 0;
  const int rrb =
      bc.ref_info ? std::min(mag_bucket(std::abs(rr)), kRefBuckets - 2) : kRefBuckets - 1;
  const int e =
      code_exponent(io, m.dc_exp[bc.cls][uncertainty][rb], m.dc_exp_c[bc.cls][uncertainty][rrb], 0,
                    kMaxDcExponent, std::bit_width(static_cast<unsigned>(a)));
  int res = 0;
  if (e > 0) {
    const int mag = code_mantissa(io, m.dc_mant[bc.cls][uncertainty], m.dc_mant_c[bc.cls], e, a);
    const int rs = bc.ref_info ? (rr > 0) - (rr < 0) + 1 : 3;
    res = io.bit(m.dc_sign[bc.cls][uncertainty][rs], m.dc_sign_c[bc.cls][rs], r < 0) ? -mag : mag;
  }
  const int dc = pred + res;
  if (dc < -kMaxCoefficient || dc > kMaxCoefficient)
    throw Error(ErrorCode::kCorrupt, "dct coefficients: DC out of range");
  blk[0] = static_cast<std::int16_t>(dc);
  return res;
}

/// One block: 7x7 part, first row, first column, DC. `blk` holds the block (encoder) or zeros
/// (decoder), and holds the block afterwards in both.
template <class Io>
SMEARPRESS_BIT_INLINE BlockInfo code_block(Io& io, BlockContext& bc, std::int16_t* blk) {
  BlockInfo info;
  const int nz = code_inner(io, bc, blk);
  info.nz_inner = static_cast<std::uint8_t>(nz);
  info.nz_edge[0] = static_cast<std::uint8_t>(code_edge(io, bc, blk, nz, 0));
  info.nz_edge[1] = static_cast<std::uint8_t>(code_edge(io, bc, blk, nz, 1));
  info.dc_residual = static_cast<std::int16_t>(code_dc(io, bc, blk));
  return info;
}

}  // namespace codec::dct
