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
// not depend on each other, so this part vectorises; the in-row term follows serially.
SMEARPRESS_CLONES void from_row(int* __restrict__ r, const int* __restrict__ n, int w) {
  for (int x = 1; x <= w; ++x)
    r[x] = std::min(std::min(r[x], n[x] + kChamferOrtho), std::min(n[x - 1], n[x + 1]) + kChamferDiag);
}

}  // namespace

void chamfer_distance(const cv::Mat1b& mask, int cap, std::vector<int>& out) {
  const int w = mask.cols, h = mask.rows;
  // A frame of `cap` around the image keeps the inner loops free of bounds checks; the frame
  // never lowers a distance (it is not a zero pixel) and is dropped at the end. Zero pixels stay
  // zero: every term is at least 0.
  const int pw = w + 2;
  std::vector<int> d(static_cast<std::size_t>(pw) * (h + 2), cap);
  for (int y = 0; y < h; ++y) {
    const std::uint8_t* m = mask.ptr<std::uint8_t>(y);
    int* row = d.data() + static_cast<std::size_t>(y + 1) * pw + 1;
    for (int x = 0; x < w; ++x) row[x] = m[x] ? cap : 0;
  }
  for (int y = 1; y <= h; ++y) {
    int* r = d.data() + static_cast<std::size_t>(y) * pw;
    from_row(r, r - pw, w);
    for (int x = 1; x <= w; ++x) r[x] = std::min(r[x], r[x - 1] + kChamferOrtho);
  }
  for (int y = h; y >= 1; --y) {
    int* r = d.data() + static_cast<std::size_t>(y) * pw;
    from_row(r, r + pw, w);
    for (int x = w; x >= 1; --x) r[x] = std::min(r[x], r[x + 1] + kChamferOrtho);
  }
  out.resize(static_cast<std::size_t>(w) * h);
  for (int y = 0; y < h; ++y)
    std::copy_n(d.data() + static_cast<std::size_t>(y + 1) * pw + 1, w, out.data() + static_cast<std::size_t>(y) * w);
}

}  // namespace roi
