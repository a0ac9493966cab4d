#include "kernels.hpp"

#include <algorithm>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(SMEARPRESS_NO_CLONES)
#define SMEARPRESS_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define SMEARPRESS_CLONES
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

SMEARPRESS_CLONES void add_rows(std::int32_t* __restrict__ c, const std::int32_t* __restrict__ d, int n) {
  for (int i = 0; i < n; ++i) c[i] += d[i];
}

SMEARPRESS_CLONES void ycocg_to_bgr(const std::int32_t* __restrict__ y, const std::int32_t* __restrict__ co,
                                    const std::int32_t* __restrict__ cg, int n, int f, std::uint8_t* __restrict__ bgr) {
  const std::int32_t half = std::int32_t{1} << (f - 1);
  for (int i = 0; i < n; ++i) {
    const std::int32_t t = y[i] - cg[i];
    bgr[3 * i] = to_u8(t - co[i], f, half);
    bgr[3 * i + 1] = to_u8(y[i] + cg[i], f, half);
    bgr[3 * i + 2] = to_u8(t + co[i], f, half);
  }
}

SMEARPRESS_CLONES void channel_to_u8(const std::int32_t* __restrict__ v, int n, int f, std::uint8_t* __restrict__ out,
                                     int stride) {
  const std::int32_t half = std::int32_t{1} << (f - 1);
  for (int i = 0; i < n; ++i) out[static_cast<std::ptrdiff_t>(i) * stride] = to_u8(v[i], f, half);
}

}  // namespace codec::kernels
