#include "distance.hpp"

#include <algorithm>

namespace roi {

void chamfer_distance(const cv::Mat1b& mask, int cap, std::vector<int>& out) {
  const int w = mask.cols, h = mask.rows;
  // A frame of `cap` around the image keeps the inner loops free of bounds checks; the frame
  // never lowers a distance (it is not a zero pixel) and is dropped at the end.
  const int pw = w + 2;
  std::vector<int> d(static_cast<std::size_t>(pw) * (h + 2), cap);
  for (int y = 0; y < h; ++y) {
    const std::uint8_t* m = mask.ptr<std::uint8_t>(y);
    int* row = d.data() + static_cast<std::size_t>(y + 1) * pw + 1;
    for (int x = 0; x < w; ++x) row[x] = m[x] ? cap : 0;
  }
  for (int y = 1; y <= h; ++y) {
    int* r = d.data() + static_cast<std::size_t>(y) * pw;
    const int* u = r - pw;
    for (int x = 1; x <= w; ++x) {
      int v = r[x];
      if (v == 0) continue;
      v = std::min({v, r[x - 1] + kChamferOrtho, u[x] + kChamferOrtho, u[x - 1] + kChamferDiag, u[x + 1] + kChamferDiag});
      r[x] = v;
    }
  }
  for (int y = h; y >= 1; --y) {
    int* r = d.data() + static_cast<std::size_t>(y) * pw;
    const int* b = r + pw;
    for (int x = w; x >= 1; --x) {
      int v = r[x];
      if (v == 0) continue;
      v = std::min({v, r[x + 1] + kChamferOrtho, b[x] + kChamferOrtho, b[x + 1] + kChamferDiag, b[x - 1] + kChamferDiag});
      r[x] = v;
    }
  }
  out.resize(static_cast<std::size_t>(w) * h);
  for (int y = 0; y < h; ++y)
    std::copy_n(d.data() + static_cast<std::size_t>(y + 1) * pw + 1, w, out.data() + static_cast<std::size_t>(y) * w);
}

}  // namespace roi
