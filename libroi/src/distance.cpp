#include "distance.hpp"

#include <algorithm>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(SMEARPRESS_NO_CLONES)
#define SMEARPRESS_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define SMEARPRESS_CLONES
#endif

namespace roi {
namespace {

// The terms of a pass that come from the finished neighbouring row `n` (above in the forward
// pass, below in the backward one): r[x] = min(r[x], n[x] + ortho, n[x -/+ 1] + diag). They do
// not depend on each other, so this part vectorises.
SMEARPRESS_CLONES void from_row(int* __restrict__ r, const int* __restrict__ n, int w) {
  for (int x = 1; x <= w; ++x)
    r[x] = std::min(std::min(r[x], n[x] + kChamferOrtho), std::min(n[x - 1], n[x + 1]) + kChamferDiag);
}

// dst[i] = min(src[i], shifted[i] + add); `shifted` is `src` moved by a few places.
SMEARPRESS_CLONES void shifted_min(int* __restrict__ dst, const int* __restrict__ src, const int* __restrict__ shifted,
                                   int n, int add) {
  for (int i = 0; i < n; ++i) dst[i] = std::min(src[i], shifted[i] + add);
}

// The in-row term of a pass, r[x] = min(r[x], r[x -/+ 1] + ortho) from one end of the row to the
// other, is the minimum over k before x (forward) or after it of r[k] + ortho |x - k|. Serially
// it is one long dependency chain; instead, steps with shifts s = 1, 2, 4... each lower r[x] by
// r[x -/+ s] + ortho s, and after them every k up to 2s - 1 places away has been taken into
// account. Each step vectorises. Only places at most `reach` away can lower a value (the values
// are at most the cap), so the steps stop once they are covered. `tmp` is scratch of the row's size.
void along_row(int* r, int* tmp, int w, int reach, bool forward) {
  int* src = r;
  int* dst = tmp;
  for (int s = 1, covered = 0; covered < reach && s < w; covered += s, s *= 2) {
    const int n = w - s;  // the places with a neighbour s away inside the row
    if (forward) {
      std::copy_n(src + 1, s, dst + 1);
      shifted_min(dst + 1 + s, src + 1 + s, src + 1, n, s * kChamferOrtho);
    } else {
      std::copy_n(src + 1 + n, s, dst + 1 + n);
      shifted_min(dst + 1, src + 1, src + 1 + s, n, s * kChamferOrtho);
    }
    std::swap(src, dst);
  }
  if (src != r) std::copy_n(src + 1, w, r + 1);
}

}  // namespace

void chamfer_framed(std::vector<int>& d, int w, int h, int cap) {
  // The frame keeps the inner loops free of bounds checks; it never lowers a distance (it is not
  // a zero pixel). Zero pixels stay zero: every term is at least 0.
  const int pw = w + 2;
  const int reach = (cap - 1) / kChamferOrtho;  // the largest k with ortho k < cap
  std::vector<int> tmp(static_cast<std::size_t>(pw));
  for (int y = 1; y <= h; ++y) {
    int* r = d.data() + static_cast<std::size_t>(y) * pw;
    from_row(r, r - pw, w);
    along_row(r, tmp.data(), w, reach, true);
  }
  for (int y = h; y >= 1; --y) {
    int* r = d.data() + static_cast<std::size_t>(y) * pw;
    from_row(r, r + pw, w);
    along_row(r, tmp.data(), w, reach, false);
  }
}

std::vector<int> chamfer_distance_framed(const cv::Mat1b& mask, int cap) {
  const int pw = mask.cols + 2;
  std::vector<int> d(static_cast<std::size_t>(pw) * (mask.rows + 2), cap);
  for (int y = 0; y < mask.rows; ++y) {
    const std::uint8_t* m = mask.ptr<std::uint8_t>(y);
    int* row = d.data() + static_cast<std::size_t>(y + 1) * pw + 1;
    for (int x = 0; x < mask.cols; ++x) row[x] = m[x] ? cap : 0;
  }
  chamfer_framed(d, mask.cols, mask.rows, cap);
  return d;
}

void chamfer_distance(const cv::Mat1b& mask, int cap, std::vector<int>& out) {
  const int w = mask.cols, h = mask.rows;
  const int pw = w + 2;
  const std::vector<int> d = chamfer_distance_framed(mask, cap);
  out.resize(static_cast<std::size_t>(w) * h);
  for (int y = 0; y < h; ++y)
    std::copy_n(d.data() + static_cast<std::size_t>(y + 1) * pw + 1, w, out.data() + static_cast<std::size_t>(y) * w);
}

}  // namespace roi
