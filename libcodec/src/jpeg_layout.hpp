// jpeg_layout.hpp - the layout of a JPEG source in a jpeg-dct ROIP section: colour space,
// per-component sampling and quantiser choice, and the quantisation tables (everything of
// codec::jpeg::Coefficients but the coefficients; the block grids follow from the image size).
//
//   u8  colour            1 = grayscale (1 component), 3 = YCbCr (3 components)
//   per component: u8 sampling (h_samp << 4 | v_samp, each 1..2), u8 quant_index (0..3)
//   per distinct quant_index in increasing order, one table:
//     u8 kind   0: 64 x u8 values follow, natural order, each 1..255;
//               1..100: the JPEG standard's luminance table (Annex K.1) scaled to that IJG
//                 quality; 101..200: its chrominance table (K.2) at quality kind - 100. Scaling
//                 as libjpeg's: s = q < 50 ? 5000 / q : 200 - 2q, value = (base s + 50) / 100
//                 clamped to 1..255. (Nearly every camera and analyzer JPEG uses one of these.)
#pragma once

#include "byte_io.hpp"

#include <codec/jpeg_blocks.hpp>

namespace codec::jpeg {

/// ceil(ceil(pixels * samp / max_samp) / 8): a component's blocks along one axis.
int blocks_for(int pixels, int samp, int max_samp);

/// Sets every component's width_in_blocks / height_in_blocks from the image size and sampling.
void set_block_grid(Coefficients& c);

/// Writes the layout of `c` (its tables must hold 8-bit values).
void write_layout(ByteWriter& out, const Coefficients& c);

/// Reads a layout for a width x height image of `channels` channels (1: gray, 3: YCbCr); the
/// result has its block grids set and all-zero coefficients. Throws Error(kCorrupt) for a layout that
/// does not fit (naming `in`'s section).
Coefficients read_layout(ByteReader& in, int width, int height, int channels);

/// read_layout without the coefficients: the components' coeffs are left empty.
Coefficients read_shape(ByteReader& in, int width, int height, int channels);

/// The standard luminance (chroma = false) or chrominance table at IJG quality 1..100.
std::array<std::uint16_t, kBlockSize> standard_table(bool chroma, int quality);

}  // namespace codec::jpeg
