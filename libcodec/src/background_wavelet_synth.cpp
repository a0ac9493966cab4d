// background_wavelet_synth.cpp - the kWaveletRans background's reconstruction (integer
// arithmetic throughout): the inverse Haar transform, or smooth bilinear upsampling of the LL
// band; colour planes back to B, G, R.
#include "background_wavelet.hpp"

#include "kernels.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <vector>

namespace codec {

using wavelet::IntPlane;
using wavelet::QuantPlane;

namespace {

std::vector<std::array<int, 3>> smooth_axis(int from, int to, int n_blocks, std::int64_t block) {
  std::vector<std::array<int, 3>> a;
  for (int x = from; x < to; ++x) {
    const std::int64_t pos = 2 * x + 1 - block;  // from block 0's centre, in 1/(2B) of a block
    const std::int64_t i0 = pos >= 0 ? pos / (2 * block) : -((-pos + 2 * block - 1) / (2 * block));
    const std::int64_t frac = pos - i0 * 2 * block;
    a.push_back({static_cast<int>(std::clamp<std::int64_t>(i0, 0, n_blocks - 1)),
                 static_cast<int>(std::clamp<std::int64_t>(i0 + 1, 0, n_blocks - 1)), static_cast<int>(frac)});
  }
  return a;
}

// One plane's bilinear reconstruction over a range of columns: the LL rows interpolated
// horizontally once (h), then each output row is a blend of two of them. T is int32_t when the
// plane's values at the common scale stay below 2^29 (then three planes add up without
// overflow and the loops vectorise), else int64_t.
template <class T>
struct SmoothPlane {
  std::vector<std::array<int, 3>> ay;  // per output row: {LL row 0, LL row 1, weight of row 1}
  std::unique_ptr<T[]> h;              // LL rows x region columns, at the common scale / (2B);
                                       // only the rows the region uses are filled
  std::vector<T> cur, delta;           // the current output row and its step to the next row
  int cols = 0;
  int pair0 = -1, pair1 = -1, last_y = -2;
  T two_b = 0;

  SmoothPlane(const QuantPlane& q, int step, int f, const Box& region) {
    const int l = q.levels;
    const std::int64_t block = std::int64_t{1} << l;
    two_b = static_cast<T>(2 * block);
    const int shift = f - (3 * l + 2);
    const auto [lw, lh] = q.sizes[static_cast<std::size_t>(l)];
    const auto ax = smooth_axis(region.x0, region.x1, lw, block);
    ay = smooth_axis(0, q.sizes[0].second, lh, block);
    cols = region.width();
    h = std::make_unique_for_overwrite<T[]>(static_cast<std::size_t>(lh) * cols);
    cur.assign(static_cast<std::size_t>(cols), 0);
    delta.assign(static_cast<std::size_t>(cols), 0);
    // Only the LL rows the region's output rows use.
    const int r_first = ay[static_cast<std::size_t>(region.y0)][0], r_last = ay[static_cast<std::size_t>(region.y1 - 1)][1];
    // Per column: the two LL columns and their weights times the step, as T (the products
    // stay below the final values, which T holds).
    std::vector<std::int32_t> c0(static_cast<std::size_t>(cols)), c1(static_cast<std::size_t>(cols));
    std::vector<T> w0(static_cast<std::size_t>(cols)), w1(static_cast<std::size_t>(cols));
    for (int x = 0; x < cols; ++x) {
      const auto [a0, a1, fx] = ax[static_cast<std::size_t>(x)];
      c0[static_cast<std::size_t>(x)] = a0;
      c1[static_cast<std::size_t>(x)] = a1;
      w0[static_cast<std::size_t>(x)] = static_cast<T>((2 * block - fx) * step);
      w1[static_cast<std::size_t>(x)] = static_cast<T>(fx * step);
    }
    for (int r = r_first; r <= r_last; ++r) {
      const std::int32_t* src = q.ll.data() + static_cast<std::size_t>(r) * lw;
      T* dst = h.get() + static_cast<std::size_t>(r) * cols;
      if constexpr (std::is_same_v<T, std::int32_t>) {
        kernels::interpolate_row(src, c0.data(), c1.data(), w0.data(), w1.data(), shift, cols, dst);
      } else {
        for (int x = 0; x < cols; ++x) {
          const std::size_t k = static_cast<std::size_t>(x);
          dst[x] = (static_cast<T>(src[c0[k]]) * w0[k] + static_cast<T>(src[c1[k]]) * w1[k]) << shift;
        }
      }
    }
  }

  // The output row y's values at the common scale. Between the same two LL rows the vertical
  // weight grows by 2 per row, so consecutive rows differ by a constant step: additions only.
  const T* row(int y) {
    const auto [r0, r1, fy] = ay[static_cast<std::size_t>(y)];
    T* __restrict__ c = cur.data();
    T* __restrict__ d = delta.data();
    if (r0 == pair0 && r1 == pair1 && y == last_y + 1) {
      if constexpr (std::is_same_v<T, std::int32_t>)
        kernels::add_rows(c, d, cols);
      else
        for (int x = 0; x < cols; ++x) c[x] += d[x];
    } else {
      const T* __restrict__ a = h.get() + static_cast<std::size_t>(r0) * cols;
      const T* __restrict__ b = h.get() + static_cast<std::size_t>(r1) * cols;
      const T w0 = static_cast<T>(two_b - fy), w1 = static_cast<T>(fy);
      if constexpr (std::is_same_v<T, std::int32_t>) {
        kernels::start_rows(a, b, w0, w1, cols, c, d);
      } else {
        for (int x = 0; x < cols; ++x) {
          c[x] = a[x] * w0 + b[x] * w1;
          d[x] = static_cast<T>(2 * (b[x] - a[x]));
        }
      }
      pair0 = r0;
      pair1 = r1;
    }
    last_y = y;
    return cur.data();
  }
};

// Rounds a value at scale 2^f half away from zero and clamps it to 0..255 (a value at or below
// zero rounds to 0 or less, so it clamps to 0).
template <class T>
inline std::uint8_t to_u8(T v, int f, T half) {
  const T r = (std::max<T>(v, 0) + half) >> f;
  return static_cast<std::uint8_t>(std::min<T>(r, 255));
}

template <class T>
void synthesize_smooth(const WaveletBackground& bg, const std::vector<PlaneSpec>& specs, bool ycocg, int f, const Box& r,
                       Image& out) {
  const std::size_t np = specs.size();
  const int ch = out.channels;
  const T half = static_cast<T>(std::int64_t{1} << (f - 1));
  std::vector<SmoothPlane<T>> planes;
  for (std::size_t p = 0; p < np; ++p) planes.emplace_back(bg.planes[p], specs[p].step, f, r);
  const int n = r.width();
  for (int y = r.y0; y < r.y1; ++y) {
    std::uint8_t* px = out.row(y) + static_cast<std::size_t>(r.x0) * ch;
    if constexpr (std::is_same_v<T, std::int32_t>) {
      if (ycocg) {
        const T* yy = planes[0].row(y);
        const T* co = planes[1].row(y);
        const T* cg = planes[2].row(y);
        kernels::ycocg_to_bgr(yy, co, cg, n, f, px);
      } else {
        for (std::size_t p = 0; p < np; ++p) kernels::channel_to_u8(planes[p].row(y), n, f, px + p, ch);
      }
      continue;
    }
    // int64: the same arithmetic, without the vectorised kernels.
    if (ycocg) {
      const T* yy = planes[0].row(y);
      const T* co = planes[1].row(y);
      const T* cg = planes[2].row(y);
      for (int x = 0; x < n; ++x, px += 3) {
        const T t = yy[x] - cg[x];
        px[0] = to_u8<T>(t - co[x], f, half);
        px[1] = to_u8<T>(yy[x] + cg[x], f, half);
        px[2] = to_u8<T>(t + co[x], f, half);
      }
    } else {
      for (std::size_t p = 0; p < np; ++p) {
        const T* v = planes[p].row(y);
        for (int x = 0; x < n; ++x) px[static_cast<std::size_t>(x) * ch + p] = to_u8<T>(v[x], f, half);
      }
    }
  }
}

// Largest |value| a smooth plane reaches at scale 2^f: |q| step (2B)^2 2^shift.
std::int64_t smooth_bound(const QuantPlane& q, int step, int f) {
  std::int64_t m = 0;
  for (auto v : q.ll) m = std::max<std::int64_t>(m, std::abs(static_cast<std::int64_t>(v)));
  return m * step << (f - q.levels);  // (2B)^2 2^shift = 2^(2L+2) 2^(f-3L-2) = 2^(f-L)
}

}  // namespace

Image synthesize_wavelet_background(const WaveletBackground& bg, const Header& header, const Box* region) {
  const auto specs = plane_specs(header);
  int max_levels = 0;
  for (const auto& s : specs) max_levels = std::max(max_levels, s.levels);
  const bool smooth = header.upsample == Upsample::kSmooth;
  const int f = smooth ? 3 * max_levels + 2 : max_levels;
  const std::int64_t half = std::int64_t{1} << (f - 1);
  const int w = static_cast<int>(header.width), h = static_cast<int>(header.height);
  const Box all{0, 0, w, h};
  const Box r = region ? *region : all;
  // Only the region is written; the header says the rest must not be read.
  Image out = Image::uninitialized(w, h, header.channels);
  if (r.empty()) return out;
  const bool ycocg = header.colour == BackgroundColour::kYCoCg;
  const int ch = header.channels;
  const std::size_t np = specs.size();
  if (smooth) {
    bool fits = true;
    for (std::size_t p = 0; p < np; ++p) fits &= smooth_bound(bg.planes[p], specs[p].step, f) < (std::int64_t{1} << 29);
    if (fits)
      synthesize_smooth<std::int32_t>(bg, specs, ycocg, f, r, out);
    else
      synthesize_smooth<std::int64_t>(bg, specs, ycocg, f, r, out);
    return out;
  }
  std::vector<IntPlane> rec;
  for (std::size_t p = 0; p < np; ++p) rec.push_back(wavelet::reconstruct_haar(bg.planes[p], specs[p].step, header.detail_step, f));
  for (int y = r.y0; y < r.y1; ++y)
    for (int x = r.x0; x < r.x1; ++x) {
      const std::size_t i = static_cast<std::size_t>(y) * w + x;
      std::uint8_t* px = out.data.data() + i * ch;
      if (ycocg) {
        const std::int64_t yy = rec[0].px[i], co = rec[1].px[i], cg = rec[2].px[i];
        px[0] = to_u8<std::int64_t>(yy - cg - co, f, half);
        px[1] = to_u8<std::int64_t>(yy + cg, f, half);
        px[2] = to_u8<std::int64_t>(yy - cg + co, f, half);
      } else {
        for (int c = 0; c < ch; ++c) px[c] = to_u8<std::int64_t>(rec[static_cast<std::size_t>(c)].px[i], f, half);
      }
    }
  return out;
}

}  // namespace codec
