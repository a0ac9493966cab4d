#include "kernels.hpp"

#include "primitives.hpp"

#include <algorithm>
#include <cstdlib>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(SMEARPRESS_NO_CLONES)
#define SMEARPRESS_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define SMEARPRESS_CLONES
#endif

// Hand-written AVX2 where the compiler's vectorisation falls short (interleaved byte stores);
// chosen at run time, the portable loop elsewhere.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(SMEARPRESS_NO_CLONES)
#define SMEARPRESS_AVX2_KERNELS 1
#include <immintrin.h>
#else
#define SMEARPRESS_AVX2_KERNELS 0
#endif

namespace codec::kernels {
namespace {

// A value at or below zero rounds to 0 or less and clamps to 0.
inline std::uint8_t to_u8(std::int32_t v, int f, std::int32_t half) {
  return static_cast<std::uint8_t>(std::min((std::max(v, 0) + half) >> f, 255));
}

}  // namespace

SMEARPRESS_CLONES void interpolate_row(const std::int32_t* __restrict__ src, const std::int32_t* __restrict__ i0,
                                       const std::int32_t* __restrict__ i1, const std::int32_t* __restrict__ w0,
                                       const std::int32_t* __restrict__ w1, int shift, int n, std::int32_t* __restrict__ out) {
  for (int i = 0; i < n; ++i) out[i] = (src[i0[i]] * w0[i] + src[i1[i]] * w1[i]) << shift;
}

SMEARPRESS_CLONES void start_rows(const std::int32_t* __restrict__ a, const std::int32_t* __restrict__ b, std::int32_t w0,
                                  std::int32_t w1, int n, std::int32_t* __restrict__ c, std::int32_t* __restrict__ d) {
  for (int i = 0; i < n; ++i) {
    c[i] = a[i] * w0 + b[i] * w1;
    d[i] = 2 * (b[i] - a[i]);
  }
}

SMEARPRESS_CLONES void med_residuals(const std::int16_t* __restrict__ row, const std::int16_t* __restrict__ up, int n,
                                     std::uint32_t* __restrict__ zz, std::int32_t* __restrict__ act) {
  for (int i = 0; i < n; ++i) {
    const std::int32_t a = row[i - 1], b = up[i], c = up[i - 1], d = up[i + 1];
    zz[i] = zigzag(row[i] - med(a, b, c));
    act[i] = std::abs(a - c) + std::abs(b - c) + std::abs(d - b);
  }
}

SMEARPRESS_CLONES void up_activity(const std::int16_t* __restrict__ up, int n, std::int16_t* __restrict__ out) {
  for (int i = 0; i < n; ++i)
    out[i] = static_cast<std::int16_t>(std::min(std::abs(up[i] - up[i - 1]) + std::abs(up[i + 1] - up[i]), 2047));
}

SMEARPRESS_CLONES void bgr_rows_to_ycocg_sums(const std::uint8_t* __restrict__ r0, const std::uint8_t* __restrict__ r1,
                                              int n, std::int16_t* __restrict__ y, std::int16_t* __restrict__ co,
                                              std::int16_t* __restrict__ cg) {
  for (int i = 0; i < n; ++i) {
    const int b = r0[3 * i] + r1[3 * i], g = r0[3 * i + 1] + r1[3 * i + 1], r = r0[3 * i + 2] + r1[3 * i + 2];
    y[i] = static_cast<std::int16_t>(r + 2 * g + b);
    co[i] = static_cast<std::int16_t>(r - b);
    cg[i] = static_cast<std::int16_t>(2 * g - r - b);
  }
}

SMEARPRESS_CLONES void pair_sums(const std::int16_t* __restrict__ v, int n, std::int32_t* __restrict__ out) {
  for (int i = 0; i < n; ++i) out[i] = v[2 * i] + v[2 * i + 1];
}

SMEARPRESS_CLONES void add_rows(std::int32_t* __restrict__ c, const std::int32_t* __restrict__ d, int n) {
  for (int i = 0; i < n; ++i) c[i] += d[i];
}

namespace {

SMEARPRESS_CLONES void ycocg_to_bgr_portable(const std::int32_t* __restrict__ y, const std::int32_t* __restrict__ co,
                                             const std::int32_t* __restrict__ cg, int n, int f,
                                             std::uint8_t* __restrict__ bgr) {
  const std::int32_t half = std::int32_t{1} << (f - 1);
  for (int i = 0; i < n; ++i) {
    const std::int32_t t = y[i] - cg[i];
    bgr[3 * i] = to_u8(t - co[i], f, half);
    bgr[3 * i + 1] = to_u8(y[i] + cg[i], f, half);
    bgr[3 * i + 2] = to_u8(t + co[i], f, half);
  }
}

#if SMEARPRESS_AVX2_KERNELS
// Eight pixels per step: B, G, R as 32-bit lanes, clamped to 0..255 by the saturating packs
// (values are >= 0 after the max, so packus gives min(v, 255)), then interleaved per 128-bit
// half with one byte shuffle. Each half stores 16 bytes of which 12 are pixels; the next store
// overwrites the 4 spare ones, so the loop stops while 4 bytes of room remain.
__attribute__((target("avx2"))) void ycocg_to_bgr_avx2(const std::int32_t* y, const std::int32_t* co,
                                                       const std::int32_t* cg, int n, int f, std::uint8_t* bgr) {
  const __m256i half = _mm256_set1_epi32(std::int32_t{1} << (f - 1));
  const __m128i shift = _mm_cvtsi32_si128(f);
  const __m256i zero = _mm256_setzero_si256();
  const __m256i order = _mm256_setr_epi8(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11, -1, -1, -1, -1,  //
                                         0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11, -1, -1, -1, -1);
  int i = 0;
  for (; i + 10 <= n; i += 8) {
    const __m256i vy = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(y + i));
    const __m256i vco = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(co + i));
    const __m256i vcg = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(cg + i));
    const __m256i t = _mm256_sub_epi32(vy, vcg);
#define SMEARPRESS_U8(v) _mm256_sra_epi32(_mm256_add_epi32(_mm256_max_epi32((v), zero), half), shift)
    const __m256i b = SMEARPRESS_U8(_mm256_sub_epi32(t, vco));
    const __m256i g = SMEARPRESS_U8(_mm256_add_epi32(vy, vcg));
    const __m256i r = SMEARPRESS_U8(_mm256_add_epi32(t, vco));
#undef SMEARPRESS_U8
    // Per 128-bit half (4 pixels): bytes b0..b3 g0..g3 r0..r3 r0..r3, then interleaved.
    const __m256i bytes = _mm256_packus_epi16(_mm256_packus_epi32(b, g), _mm256_packus_epi32(r, r));
    const __m256i px = _mm256_shuffle_epi8(bytes, order);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(bgr + 3 * i), _mm256_castsi256_si128(px));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(bgr + 3 * i + 12), _mm256_extracti128_si256(px, 1));
  }
  ycocg_to_bgr_portable(y + i, co + i, cg + i, n - i, f, bgr + 3 * i);
}
#endif

}  // namespace

void ycocg_to_bgr(const std::int32_t* y, const std::int32_t* co, const std::int32_t* cg, int n, int f, std::uint8_t* bgr) {
#if SMEARPRESS_AVX2_KERNELS
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2) return ycocg_to_bgr_avx2(y, co, cg, n, f, bgr);
#endif
  ycocg_to_bgr_portable(y, co, cg, n, f, bgr);
}

SMEARPRESS_CLONES void channel_to_u8(const std::int32_t* __restrict__ v, int n, int f, std::uint8_t* __restrict__ out,
                                     int stride) {
  const std::int32_t half = std::int32_t{1} << (f - 1);
  for (int i = 0; i < n; ++i) out[static_cast<std::ptrdiff_t>(i) * stride] = to_u8(v[i], f, half);
}

}  // namespace codec::kernels
