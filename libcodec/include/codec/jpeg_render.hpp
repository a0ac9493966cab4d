// codec/jpeg_render.hpp - a JPEG's quantised coefficients (codec/jpeg_blocks.hpp) to the exact pixels
// libjpeg-turbo 2.1 decodes with its default decompression parameters, as cv::imread returns them
// (OpenCV 4.6 on Debian 12: B,G,R for a YCbCr file, one channel for a grayscale file read
// unchanged).
//
// The decoding model, stage by stage (every stage as libjpeg-turbo computes it):
//  1. IDCT: each 8x8 block through the islow IDCT (jpeg_idct.hpp) into its component's plane.
//     A component's plane has dw x dh real samples, dw = ceil(width * h_samp / max_h),
//     dh = ceil(height * v_samp / max_v); the rest of the block grid is never read.
//  2. Upsampling, per component, by the ratios rh = max_h / h_samp and rv = max_v / v_samp (1 or 2).
//     Sample coordinates outside [0, dw) x [0, dh) are clamped to the edge (libjpeg replicates the
//     first and last real row and column). "Fancy" (triangle) upsampling:
//       h2v1 (rh 2, rv 1), when dw > 2: out[2i] = (3 s[i] + s[i-1] + 1) >> 2,
//                                       out[2i+1] = (3 s[i] + s[i+1] + 2) >> 2
//       h1v2 (rh 1, rv 2), always:      out[2j] = (3 s[j] + s[j-1] + 1) >> 2,
//                                       out[2j+1] = (3 s[j] + s[j+1] + 2) >> 2
//       h2v2 (rh 2, rv 2), when dw > 2: column sums c[i] = 3 s[j][i] + s[j -+ 1][i] (the row above
//                                       for an even output row, below for an odd one), then
//                                       out[2i] = (3 c[i] + c[i-1] + 8) >> 4,
//                                       out[2i+1] = (3 c[i] + c[i+1] + 7) >> 4
//     When dw <= 2, libjpeg uses plain replication for h2v1 and h2v2 (a box: out = s[x/2][y/2]).
//  3. Colour: YCbCr to B,G,R with libjpeg's 16-bit fixed-point tables (jdcolor.c):
//       R = Y + round(1.40200 (Cr-128)), B = Y + round(1.77200 (Cb-128)),
//       G = Y + floor((-0.34414 (Cb-128) - 0.71414 (Cr-128)) * 2^16 + 2^15) / 2^16),
//     each constant as round(c * 2^16), each result clamped to [0, 255]. Grayscale: Y.
//
// A block whose coefficients are all zero renders as flat grey (128), like any other block: the
// renderer does not know which blocks were kept. needed_blocks() says which ones a set of pixels
// depends on.
#pragma once

#include <codec/image.hpp>
#include <codec/jpeg_blocks.hpp>

#include <vector>

namespace codec::jpeg {

/// Working buffers a caller may pass to reuse allocations (defined in libcodec/src/jpeg_render.hpp).
struct RenderScratch;

/// Checks that a Coefficients is one the renderer can take: 1 (gray) or 3 (YCbCr) components,
/// sampling factors 1..2, block counts and coefficient sizes as jpeg_blocks.hpp defines them,
/// quant_index in range, width and height in 1..65500. Throws codec::Error (kInvalidArgument;
/// kLimitExceeded above codec/format.hpp's kMaxPixels).
void check_layout(const Coefficients& coeffs);

/// The whole image: width x height, 3 channels (B,G,R) for YCbCr, 1 for gray.
Image render(const Coefficients& coeffs, RenderScratch* scratch = nullptr);

/// The pixels [x0, x0 + w) x [y0, y0 + h) of render(), computing only the blocks they depend on.
/// Throws codec::Error (kInvalidArgument) for a rectangle not inside the image.
Image render_region(const Coefficients& coeffs, int x0, int y0, int w, int h,
                    RenderScratch* scratch = nullptr);

/// Writes render()'s pixels where mask is non-zero into `out` (width x height, the render's
/// channel count) and leaves its other pixels as they are, computing only the blocks of
/// needed_blocks(coeffs, mask). mask: width x height, 1 channel. Throws codec::Error
/// (kInvalidArgument) for a mask or output of another size.
void render_masked_into(const Coefficients& coeffs, const Image& mask, Image& out,
                        RenderScratch* scratch = nullptr);

/// render_masked_into for an `out` that covers only part of the image: out's pixel (0, 0) is the
/// image's (ox, oy), and every mask pixel must fall inside out. `need` is needed_blocks(coeffs,
/// mask), which the caller has already computed (the blocks outside it need not hold data).
void render_masked_box(const Coefficients& coeffs, const Image& mask, const BlockSet& need, Image& out, int ox,
                       int oy, RenderScratch* scratch = nullptr);

/// render_masked_into a zero image.
Image render_masked(const Coefficients& coeffs, const Image& mask, RenderScratch* scratch = nullptr);

/// Per component, the blocks whose coefficients the pixels where mask != 0 depend on: for each
/// such pixel, the block holding each sample its value is computed from in steps 2 and 3 above
/// (its own sample and, with fancy upsampling, the horizontal and/or vertical neighbour sample,
/// edge-clamped; box upsampling reads one sample). Exact: every block named holds a sample some
/// mask pixel reads (computed run by run along the mask's rows). Rendering with every other
/// block zeroed gives the same mask pixels. `layout` needs only the geometry (the coefficient
/// data is not read). Throws codec::Error (kInvalidArgument) for a mask of another size.
BlockSet needed_blocks(const Coefficients& layout, const Image& mask);

}  // namespace codec::jpeg
