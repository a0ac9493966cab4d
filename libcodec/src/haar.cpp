#include "haar.hpp"

#include <algorithm>

namespace codec::haar {
namespace {

struct OneLevel {
  Plane<double> ll, hl, lh, hh;
};

OneLevel split(const Plane<double>& in, bool want_details) {
  const int bw = (in.width + 1) / 2;
  const int bh = (in.height + 1) / 2;
  OneLevel o{Plane<double>(bw, bh), {}, {}, {}};
  if (want_details) o.hl = o.lh = o.hh = Plane<double>(bw, bh);
  for (int y = 0; y < bh; ++y) {
    const double* r0 = in.row(2 * y);
    const double* r1 = in.row(std::min(2 * y + 1, in.height - 1));
    for (int x = 0; x < bw; ++x) {
      const int x0 = 2 * x;
      const int x1 = std::min(x0 + 1, in.width - 1);
      const double a = r0[x0], b = r0[x1], c = r1[x0], d = r1[x1];
      o.ll.at(x, y) = (a + b + c + d) * 0.5;
      if (want_details) {
        o.hl.at(x, y) = (a - b + c - d) * 0.5;
        o.lh.at(x, y) = (a + b - c - d) * 0.5;
        o.hh.at(x, y) = (a - b - c + d) * 0.5;
      }
    }
  }
  return o;
}

Plane<double> merge(const Plane<double>& ll, const Details* det, int width, int height) {
  Plane<double> out(width, height);
  auto band = [&](const Plane<double>& p, int x, int y) { return p.px.empty() ? 0.0 : p.at(x, y); };
  for (int y = 0; y < ll.height; ++y) {
    for (int x = 0; x < ll.width; ++x) {
      const double s = ll.at(x, y);
      const double h = det ? band(det->hl, x, y) : 0.0;
      const double v = det ? band(det->lh, x, y) : 0.0;
      const double d = det ? band(det->hh, x, y) : 0.0;
      const int x0 = 2 * x, y0 = 2 * y;
      const bool has_x1 = x0 + 1 < width, has_y1 = y0 + 1 < height;
      out.at(x0, y0) = (s + h + v + d) * 0.5;
      if (has_x1) out.at(x0 + 1, y0) = (s - h + v - d) * 0.5;
      if (has_y1) out.at(x0, y0 + 1) = (s + h - v - d) * 0.5;
      if (has_x1 && has_y1) out.at(x0 + 1, y0 + 1) = (s - h - v + d) * 0.5;
    }
  }
  return out;
}

}  // namespace

Pyramid forward(const Plane<double>& in, int levels) {
  Pyramid p;
  p.ll = in;
  for (int l = 0; l < levels; ++l) {
    p.sizes.emplace_back(p.ll.width, p.ll.height);
    OneLevel o = split(p.ll, true);
    p.details.push_back({std::move(o.hl), std::move(o.lh), std::move(o.hh)});
    p.ll = std::move(o.ll);
  }
  return p;
}

Plane<double> inverse(const Pyramid& p) {
  Plane<double> cur = p.ll;
  for (std::size_t l = p.sizes.size(); l-- > 0;) {
    const Details* det = l < p.details.size() ? &p.details[l] : nullptr;
    cur = merge(cur, det, p.sizes[l].first, p.sizes[l].second);
  }
  return cur;
}

Plane<double> forward_ll(const Plane<double>& in, int levels) {
  Plane<double> cur = split(in, false).ll;
  for (int l = 1; l < levels; ++l) cur = split(cur, false).ll;
  return cur;
}

std::pair<int, int> band_size(int width, int height, int levels) {
  for (int l = 0; l < levels; ++l) {
    width = (width + 1) / 2;
    height = (height + 1) / 2;
  }
  return {width, height};
}

}  // namespace codec::haar
