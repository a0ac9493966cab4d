// dct_coder.hpp - lossless coding of a JPEG's quantised DCT coefficients, for the blocks a
// BlockSet keeps (issue 13): a context-modelled binary arithmetic coder in the manner of Lepton,
// packJPG and brunsli (ideas only). The layout (sizes, sampling, quant tables) is not in the
// stream: the caller transmits it and gives the decoder the same Coefficients layout and
// BlockSet as the encoder.
//
// Stream: one version byte (kDctStreamVersion), then one bool_coder stream (bool_coder.hpp) of
// every kept block, component after component, in raster order of the component's block grid.
// Blocks not kept are not coded and decode as zeros; for the contexts they do not exist (a kept
// block's above / left / above-left neighbour is "available" only when inside the grid and kept).
// The decoder rejects a stream it does not read to the last byte, or reads beyond.
//
// One block (dct_block.hpp); cls = 0 for the first component (luma / gray), 1 for chroma. A
// chroma component has a reference component when the previous one has the same block grid (Cb
// for Cr; luma for Cb in 4:4:4): "ref" is its co-located block if kept, and the contexts below
// that use it have an extra value "none" otherwise (always for luma).
//  1. nz = the number of nonzeros among the 49 coefficients of row >= 1 and column >= 1 (the
//     "7x7 part"), a 6-bit binary tree of adaptive bits (<= 49 or the stream is corrupt);
//     context: the mean of the available above / left counts, bucketed (kNzBucket), or "none";
//     for chroma also ref's count, or without a ref the count of the co-located luma block (the
//     one covering the chroma block's top-left pixel), bucketed (luma_bucket), or "none" if that
//     block is not kept.
//  2. The 7x7 part in zigzag order, while nonzeros remain: a value as its exponent
//     e = bit_width(|v|) in unary (bits "e > k"; the k = 0 bit is skipped when every remaining
//     position must be nonzero), then for e > 0 the e - 1 mantissa bits below the leading one,
//     high first, and the sign. Exponent context: position, remaining-nonzeros bucket, and the
//     bucketed magnitude predicted from the same position in the neighbours,
//     (13 (|above| + |left|) + 6 |above-left|) / 32 (fewer neighbours: their mean; none: its own
//     bucket); the coarse one: band of the position, that magnitude, and ref's magnitude at the
//     position (kRefBuckets). Mantissa context: position, e, bit. Sign: position and the sign of
//     ref's coefficient; coarse: that sign and ref's magnitude.
//  3. The first row (coefficients 1..7) then the first column (8, 16, .. 56): the count of
//     nonzeros (a 3-bit tree; context: the 7x7 count's bucket and the mean count of the same
//     edge in the available above / left blocks), then the values in order as in 2 while
//     nonzeros remain. Each is predicted from the block above (row) or on the left (column) by
//     edge continuity (dct_predict.hpp); the prediction's bucketed magnitude is context of the
//     exponent (with position and remaining count; coarse: with ref's magnitude), and its sign
//     and magnitude of the sign bit (coarse: also ref's sign).
//  4. DC minus its prediction: the mean of the left and upper edge-continuity predictions of
//     coefficient 0 (one of them if only one neighbour is kept; else the previous kept block's
//     DC in the component, 0 at first), coded as in 2 with kMaxDcExponent; contexts: the
//     disagreement of the two predictions (or the number of neighbours), and the neighbours'
//     mean |residual| (coarse: ref's |residual|); sign: ref's residual's sign. |DC| above
//     kMaxCoefficient is corrupt.
// Probabilities (dct_model.hpp): most decisions have a fine context as above and a coarse one
// that drops some of its dimensions; the coded probability blends the two by the fine one's
// experience, (n p_fine + 8 p_coarse) / (n + 8), and both adapt (bool_coder's AdaptiveBit).
// Every stream starts from the same state (dct_priors.hpp): all bits at 1/2 except the coarse
// exponent contexts, which start at a fixed prior around the exponent their magnitude bucket
// suggests; then the coarse count, exponent and mantissa contexts that the training images saw
// often enough start from the trained table dct_priors_table.hpp (P(0) from 64 logit levels,
// confidence kTrainedPriorCount), which tests/codec/dct_priors_gen.cpp regenerates. Any change
// to contexts, buckets, priors, table or adaptation is a new stream version.
//
// Limits: |coefficient| <= kMaxCoefficient (2047) everywhere; encode_coefficients rejects larger
// values (kInvalidArgument) — 8-bit JPEGs never have them.
#pragma once

#include <codec/jpeg_blocks.hpp>
#include <cstdint>
#include <span>
#include <vector>

#include "jpeg_block_view.hpp"

namespace codec::dct {

inline constexpr std::uint8_t kDctStreamVersion = 2;

/// Largest |coefficient| the coder accepts (encoder) or produces (decoder): 11 magnitude bits,
/// the largest DC difference category of 8-bit JPEG; AC coefficients of 8-bit JPEGs stay <= 1023.
inline constexpr int kMaxCoefficient = 2047;

/// Codes the kept blocks of `coeffs`. Throws Error(kInvalidArgument) if the layout is
/// inconsistent, `kept` does not match it, or a coefficient exceeds kMaxCoefficient.
std::vector<std::uint8_t> encode_coefficients(const jpeg::Coefficients& coeffs,
                                              const jpeg::BlockSet& kept);

/// Decodes `stream` into `coeffs`, whose layout (everything but Component::coeffs) the caller
/// has set as at encoding: coeffs are resized, kept blocks filled, the others zero. Throws
/// Error(kInvalidArgument) for an inconsistent layout / BlockSet, kTruncated / kCorrupt /
/// kUnsupported for a bad stream.
void decode_coefficients(std::span<const std::uint8_t> stream, jpeg::Coefficients& coeffs,
                         const jpeg::BlockSet& kept);

/// decode_coefficients, but into `out`: per component only the bounding rectangle of its kept
/// blocks (jpeg_block_view.hpp), so a small ROI costs no memory for the rest of the image.
/// `layout`'s coefficients are not read (they may be empty). Throws as decode_coefficients.
void decode_kept_coefficients(std::span<const std::uint8_t> stream,
                              const jpeg::Coefficients& layout, const jpeg::BlockSet& kept,
                              jpeg::KeptCoefficients& out);

}  // namespace codec::dct
