// jpeg_idct.hpp - the 8x8 inverse DCT of libjpeg's "islow" method, bit for bit.
//
// The arithmetic is the separable fixed-point IDCT of the IJG library (jidctint.c, the
// Loeffler-Ligtenberg-Moschytz factorisation): 13 fractional bits in the constants (CONST_BITS),
// 2 extra bits kept between the column and row passes (PASS1_BITS), round-half-up descaling by
// adding 2^(n-1) and shifting right arithmetically. Dequantisation multiplies the coefficient by
// the quantiser held as a signed 16-bit value; products and sums are 64-bit; the column pass
// stores its results as 32-bit ints. The final value x (centred on 0) becomes a sample through
// libjpeg's range-limit table, i.e. x is wrapped to [-512, 511] (x & 1023) and then clamped to
// x + 128 in [0, 255].
//
// That is the C code's arithmetic for every input. libjpeg-turbo's SIMD IDCTs (SSE2/AVX2) keep
// 16-bit lanes and saturate instead of wrapping, so on blocks with extreme values they differ from
// the C code; idct_block_portable() tells whether a block is inside the range where both agree
// (every real-world block is; a hostile or synthetic one need not be).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace codec::jpeg {

/// A quantisation table as the IDCT multiplies with it: each entry as libjpeg holds it (a signed
/// 16-bit "ISLOW_MULT_TYPE"), in natural order.
using IdctQuant = std::array<std::int32_t, 64>;

/// The IDCT's view of a quantisation table (values above 32767 wrap negative, as in libjpeg).
IdctQuant idct_quant(const std::array<std::uint16_t, 64>& table);

/// Inverse DCT of one block (64 quantised coefficients, natural order) into 8 rows of 8 samples
/// at `out`, rows `stride` bytes apart. Identical to libjpeg-turbo's jpeg_idct_islow (C code).
void idct_islow(const std::int16_t* coef, const IdctQuant& quant, std::uint8_t* out,
                std::ptrdiff_t stride);

/// True when every intermediate value of this block stays where libjpeg-turbo's SIMD and C islow
/// IDCTs compute the same samples: dequantised coefficients and column-pass results within
/// +-16383 (so 16-bit lanes, their pairwise sums and 32-bit products never overflow or
/// saturate) and final values within [-512, 511] (where wrapping and saturating agree).
bool idct_block_portable(const std::int16_t* coef, const IdctQuant& quant);

}  // namespace codec::jpeg
