#include "wavelet.hpp"

#include <algorithm>
#include <cstdlib>

namespace codec::wavelet {

std::vector<std::pair<int, int>> level_sizes(int width, int height, int levels) {
  std::vector<std::pair<int, int>> s{{width, height}};
  for (int l = 0; l < levels; ++l) {
    width = (width + 1) / 2;
    height = (height + 1) / 2;
    s.emplace_back(width, height);
  }
  return s;
}

IntPlane32 sum_blocks(const IntPlane32& c) {
  IntPlane32 p((c.width + 1) / 2, (c.height + 1) / 2);
  const int whole = c.width / 2;  // blocks with two columns (the loop vectorises)
  for (int y = 0; y < p.height; ++y) {
    const std::int32_t* __restrict__ r0 = c.row(2 * y);
    const std::int32_t* __restrict__ r1 = c.row(std::min(2 * y + 1, c.height - 1));
    std::int32_t* __restrict__ o = p.row(y);
    for (int x = 0; x < whole; ++x) o[x] = r0[2 * x] + r0[2 * x + 1] + r1[2 * x] + r1[2 * x + 1];
    if (whole < p.width) o[whole] = 2 * (r0[c.width - 1] + r1[c.width - 1]);  // the last column repeated
  }
  return p;
}

std::vector<IntPlane> block_sums(const IntPlane& plane, int levels) {
  std::vector<IntPlane> s{plane};
  for (int l = 1; l <= levels; ++l) {
    const IntPlane& c = s.back();
    IntPlane p((c.width + 1) / 2, (c.height + 1) / 2);
    for (int y = 0; y < p.height; ++y) {
      const int y0 = 2 * y, y1 = std::min(2 * y + 1, c.height - 1);
      for (int x = 0; x < p.width; ++x) {
        const int x0 = 2 * x, x1 = std::min(2 * x + 1, c.width - 1);
        p.at(x, y) = c.at(x0, y0) + c.at(x1, y0) + c.at(x0, y1) + c.at(x1, y1);
      }
    }
    s.push_back(std::move(p));
  }
  return s;
}

QuantPlane analyse(const IntPlane& plane, int scale_d, int levels, int step, int detail_step) {
  QuantPlane q;
  q.levels = levels;
  q.sizes = level_sizes(plane.width, plane.height, levels);
  const auto sums = block_sums(plane, levels);
  const IntPlane& top = sums[static_cast<std::size_t>(levels)];
  const std::int64_t den_ll = static_cast<std::int64_t>(scale_d) * (std::int64_t{1} << levels) * step;
  q.ll.resize(top.px.size());
  for (std::size_t i = 0; i < top.px.size(); ++i) q.ll[i] = static_cast<std::int32_t>(round_div(top.px[i], den_ll));
  if (detail_step <= 0) return q;
  for (int l = 1; l <= levels; ++l) {
    const IntPlane& c = sums[static_cast<std::size_t>(l) - 1];
    const auto [w, h] = q.sizes[static_cast<std::size_t>(l)];
    const std::int64_t den = static_cast<std::int64_t>(scale_d) * (std::int64_t{1} << l) * detail_step;
    std::array<std::vector<std::int32_t>, 3> bands;
    for (auto& b : bands) b.resize(static_cast<std::size_t>(w) * h);
    auto dead_zone = [&](std::int64_t num) {
      const std::int64_t m = (8 * std::llabs(num) + 3 * den) / (8 * den);
      return static_cast<std::int32_t>(num < 0 ? -m : m);
    };
    for (int y = 0; y < h; ++y) {
      const int y0 = 2 * y, y1 = std::min(2 * y + 1, c.height - 1);
      for (int x = 0; x < w; ++x) {
        const int x0 = 2 * x, x1 = std::min(2 * x + 1, c.width - 1);
        const std::int64_t a = c.at(x0, y0), b = c.at(x1, y0), cc = c.at(x0, y1), d = c.at(x1, y1);
        const std::size_t i = static_cast<std::size_t>(y) * w + x;
        bands[0][i] = dead_zone(a - b + cc - d);
        bands[1][i] = dead_zone(a + b - cc - d);
        bands[2][i] = dead_zone(a - b - cc + d);
      }
    }
    q.details.push_back(std::move(bands));
  }
  return q;
}

IntPlane reconstruct_haar(const QuantPlane& q, int step, int detail_step, int f) {
  // Coefficients of level l (orthonormal) are held multiplied by 2^f; one inverse level halves
  // (s +- h +- v +- d), exact while f >= levels.
  const auto [lw, lh] = q.sizes[static_cast<std::size_t>(q.levels)];
  IntPlane cur(lw, lh);
  for (std::size_t i = 0; i < cur.px.size(); ++i) cur.px[i] = (static_cast<std::int64_t>(q.ll[i]) * step) << f;
  const bool details = detail_step > 0 && !q.details.empty();
  for (int l = q.levels; l >= 1; --l) {
    const auto [w, h] = q.sizes[static_cast<std::size_t>(l) - 1];
    IntPlane out(w, h);
    for (int y = 0; y < cur.height; ++y)
      for (int x = 0; x < cur.width; ++x) {
        const std::size_t i = static_cast<std::size_t>(y) * cur.width + x;
        const std::int64_t s = cur.px[i];
        std::int64_t hh = 0, vv = 0, dd = 0;
        if (details) {
          const auto& b = q.details[static_cast<std::size_t>(l) - 1];
          hh = (static_cast<std::int64_t>(b[0][i]) * detail_step) << f;
          vv = (static_cast<std::int64_t>(b[1][i]) * detail_step) << f;
          dd = (static_cast<std::int64_t>(b[2][i]) * detail_step) << f;
        }
        const int x0 = 2 * x, y0 = 2 * y;
        out.at(x0, y0) = (s + hh + vv + dd) / 2;
        if (x0 + 1 < w) out.at(x0 + 1, y0) = (s - hh + vv - dd) / 2;
        if (y0 + 1 < h) out.at(x0, y0 + 1) = (s + hh - vv - dd) / 2;
        if (x0 + 1 < w && y0 + 1 < h) out.at(x0 + 1, y0 + 1) = (s - hh - vv + dd) / 2;
      }
    cur = std::move(out);
  }
  return cur;
}

}  // namespace codec::wavelet
