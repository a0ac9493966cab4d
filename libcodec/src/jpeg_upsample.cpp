#include "jpeg_upsample.hpp"

#include <algorithm>

namespace codec::jpeg {

namespace {

// out[k] for output x = xa + k from t, where t[i - ia + 1] holds the (column-summed) sample i for
// i in [ia - 1, ib + 1], edges already clamped: even x weighs in the left neighbour, odd x the
// right one; (3 t[i] + t[i -+ 1] + bias) >> shift.
void triangle_h(const int* t, int ia, int xa, int xb, int bias_even, int bias_odd, int shift,
                std::uint8_t* out) {
  auto even = [&](int k) { return static_cast<std::uint8_t>((3 * t[k] + t[k - 1] + bias_even) >> shift); };
  auto odd = [&](int k) { return static_cast<std::uint8_t>((3 * t[k] + t[k + 1] + bias_odd) >> shift); };
  int x = xa;
  if (x & 1) *out++ = odd((x++ >> 1) - ia + 1);
  for (; x + 1 < xb; x += 2) {
    const int k = (x >> 1) - ia + 1;
    *out++ = even(k);
    *out++ = odd(k);
  }
  if (x < xb) *out = even((x >> 1) - ia + 1);
}

}  // namespace

Geometry component_geometry(const Coefficients& c, const Component& comp) {
  const int mh = c.max_h(), mv = c.max_v();
  Geometry g;
  g.dw = (c.width * comp.h_samp + mh - 1) / mh;
  g.dh = (c.height * comp.v_samp + mv - 1) / mv;
  const bool h2 = mh == 2 * comp.h_samp, v2 = mv == 2 * comp.v_samp;
  // libjpeg-turbo's jdsample.c: h2v1 and h2v2 are fancy only when the component is more than
  // two samples wide, else plain replication; h1v2 is always fancy.
  const bool fancy_ok = !h2 || g.dw > 2;
  g.hmode = !h2 ? Upsample::kNone : (fancy_ok ? Upsample::kFancy : Upsample::kBox);
  g.vmode = !v2 ? Upsample::kNone : (fancy_ok ? Upsample::kFancy : Upsample::kBox);
  return g;
}

std::pair<int, int> sample_span(Upsample mode, int a, int b, int n) {
  switch (mode) {
    case Upsample::kNone: return {a, b};
    case Upsample::kBox: return {a >> 1, b >> 1};
    case Upsample::kFancy: break;
  }
  const int lo = (a >> 1) - ((a & 1) == 0 ? 1 : 0);
  const int hi = (b >> 1) + (b & 1);
  return {std::max(lo, 0), std::min(hi, n - 1)};
}

const std::uint8_t* upsample_run(const Geometry& g, const Plane& p, int y, int xa, int xb,
                                 std::vector<std::uint8_t>& buf, std::vector<int>& tmp) {
  const int n = xb - xa;
  // Vertical: the nearer row j and, for fancy, the neighbour row j2 toward y (edge-clamped).
  int j = y, j2 = y;
  if (g.vmode != Upsample::kNone) {
    j = y >> 1;
    if (g.vmode == Upsample::kFancy) j2 = std::clamp((y & 1) ? j + 1 : j - 1, 0, g.dh - 1);
  }
  const bool vfancy = g.vmode == Upsample::kFancy;
  if (g.hmode == Upsample::kNone && !vfancy) return p.at(xa, j);
  if (buf.size() < static_cast<std::size_t>(n)) buf.resize(static_cast<std::size_t>(n));
  std::uint8_t* out = buf.data();
  if (g.hmode == Upsample::kNone) {  // h1v2
    const std::uint8_t* r0 = p.at(xa, j);
    const std::uint8_t* r1 = p.at(xa, j2);
    const int bias = (y & 1) ? 2 : 1;
    for (int k = 0; k < n; ++k) out[k] = static_cast<std::uint8_t>((3 * r0[k] + r1[k] + bias) >> 2);
    return out;
  }
  if (g.hmode == Upsample::kBox) {  // h2v1 or h2v2 replication
    const int x0 = p.bx0 * 8;
    const std::uint8_t* r0 = p.at(x0, j);
    for (int k = 0; k < n; ++k) out[k] = r0[((xa + k) >> 1) - x0];
    return out;
  }
  // Fancy horizontally: gather the samples [ia - 1, ib + 1], summing columns for h2v2. Clamping
  // to the run's sample span gives the edge-clamped sample wherever the filter reads one, and
  // never reads outside what the plane holds.
  const int ia = xa >> 1, ib = (xb - 1) >> 1;
  const auto span = sample_span(Upsample::kFancy, xa, xb - 1, g.dw);
  const int lo = span.first, hi = span.second;
  const std::size_t m = static_cast<std::size_t>(ib - ia + 3);
  if (tmp.size() < m) tmp.resize(m);
  const std::uint8_t* a = p.at(lo, j);  // samples lo..hi of the two rows
  const std::uint8_t* b = p.at(lo, j2);
  int* t = tmp.data();  // t[i - ia + 1] for i in [ia - 1, ib + 1]
  auto sample = [&](int i) { return vfancy ? 3 * a[i - lo] + b[i - lo] : int{a[i - lo]}; };
  t[0] = sample(lo);  // i = ia - 1: lo is ia - 1, or ia at the left edge (or when unused)
  for (int i = ia; i <= ib; ++i) t[i - ia + 1] = sample(i);
  t[ib - ia + 2] = sample(hi);  // i = ib + 1: hi is ib + 1, or ib at the right edge (or unused)
  if (vfancy)
    triangle_h(tmp.data(), ia, xa, xb, 8, 7, 4, out);
  else
    triangle_h(tmp.data(), ia, xa, xb, 1, 2, 2, out);
  return out;
}

}  // namespace codec::jpeg
