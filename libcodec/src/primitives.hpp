// primitives.hpp - the small integer building blocks several coders share, defined once:
// zigzag mapping, the median edge detector and threshold buckets (codec/format.hpp).
#pragma once

#include <algorithm>
#include <cstdint>

namespace codec {

/// Maps signed values to unsigned: 0, -1, 1, -2, ... -> 0, 1, 2, 3, ...
inline std::uint32_t zigzag(std::int32_t v) {
  return (static_cast<std::uint32_t>(v) << 1) ^ static_cast<std::uint32_t>(v >> 31);
}
inline std::int32_t unzigzag(std::uint32_t u) {
  return static_cast<std::int32_t>(u >> 1) ^ -static_cast<std::int32_t>(u & 1);
}

/// The median edge detector of LOCO-I from the left (a), upper (b) and upper-left (c)
/// neighbours: min(a, b) when c >= max(a, b), max(a, b) when c <= min(a, b), else a + b - c;
/// that is a + b - c clamped to [min(a, b), max(a, b)] (branch-free, vectorises).
template <class T>
inline T med(T a, T b, T c) {
  return std::min(std::max(static_cast<T>(a + b - c), std::min(a, b)), std::max(a, b));
}

/// The number of thresholds a value exceeds, tabulated for 0..Size-1; larger values take the
/// last entry.
template <int N, int Size>
struct Buckets {
  std::uint8_t lut[Size];
  constexpr explicit Buckets(const int (&th)[N]) : lut{} {
    for (int v = 0; v < Size; ++v) {
      int b = 0;
      while (b < N && v > th[b]) ++b;
      lut[v] = static_cast<std::uint8_t>(b);
    }
  }
  int operator()(int v) const { return lut[std::min(v, Size - 1)]; }
};

/// The activity thresholds of the context ROI coders (kContextRans, kWeightedRans): six buckets.
inline constexpr int kActivityBucketCount = 6;
inline constexpr int kActivityThresholds[kActivityBucketCount - 1] = {1, 4, 9, 18, 36};
/// bucket = kActivityBucket(|a - c| + |b - c| + |d - b|) (codec/format.hpp); every activity
/// above the last threshold, valid or from a corrupt stream, falls in the last bucket.
inline constexpr Buckets<kActivityBucketCount - 1, 64> kActivityBucket(kActivityThresholds);

}  // namespace codec
