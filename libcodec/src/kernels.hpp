// kernels.hpp - the few innermost loops of decoding, written to vectorise. On x86-64 with GCC
// each is compiled twice (AVX2 and baseline) and the CPU picks at load time.
#pragma once

#include <cstddef>
#include <cstdint>

namespace codec::kernels {

/// Linear interpolation of a row: out[i] = (src[i0[i]] w0[i] + src[i1[i]] w1[i]) << shift.
void interpolate_row(const std::int32_t* src, const std::int32_t* i0, const std::int32_t* i1, const std::int32_t* w0,
                     const std::int32_t* w1, int shift, int n, std::int32_t* out);

/// Two rows' weighted sum and its per-row step: c[i] = a[i] w0 + b[i] w1, d[i] = 2 (b[i] - a[i]).
void start_rows(const std::int32_t* a, const std::int32_t* b, std::int32_t w0, std::int32_t w1, int n, std::int32_t* c,
                std::int32_t* d);

/// Median-edge-detector residuals of a row whose every value is known (the encoder): for i in
/// [0, n), with a = row[i - 1], b = up[i], c = up[i - 1], d = up[i + 1]: zz[i] =
/// zigzag(row[i] - clamp(a + b - c, min(a, b), max(a, b))) and act[i] = |a - c| + |b - c| + |d - b|.
/// row[-1] and up[-1 .. n] must be readable.
void med_residuals(const std::int16_t* row, const std::int16_t* up, int n, std::uint32_t* zz, std::int32_t* act);

/// The upper row's part of the activity: out[i] = min(|up[i] - up[i - 1]| + |up[i + 1] - up[i]|,
/// 2047), i in [0, n); up[-1 .. n] must be readable.
void up_activity(const std::int16_t* up, int n, std::int16_t* out);

/// The background's integer colour planes of two interleaved B,G,R rows, summed vertically:
/// per pixel i in [0, n), with B, G, R the sums of the two rows' values, y[i] = R + 2G + B,
/// co[i] = R - B, cg[i] = 2G - R - B (|values| <= 2040).
void bgr_rows_to_ycocg_sums(const std::uint8_t* r0, const std::uint8_t* r1, int n, std::int16_t* y, std::int16_t* co,
                            std::int16_t* cg);

/// Horizontal pair sums: out[i] = v[2i] + v[2i + 1], i in [0, n).
void pair_sums(const std::int16_t* v, int n, std::int32_t* out);

/// c[i] += d[i].
void add_rows(std::int32_t* c, const std::int32_t* d, int n);

/// YCoCg rows at scale 2^f to interleaved B,G,R bytes: G = Y + Cg, R = Y - Cg + Co,
/// B = Y - Cg - Co, each rounded half away from zero and clamped to 0..255.
void ycocg_to_bgr(const std::int32_t* y, const std::int32_t* co, const std::int32_t* cg, int n, int f,
                  std::uint8_t* bgr);

/// One channel's row at scale 2^f to bytes (rounded, clamped), written every `stride` bytes.
void channel_to_u8(const std::int32_t* v, int n, int f, std::uint8_t* out, int stride);

}  // namespace codec::kernels
