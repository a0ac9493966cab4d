#include <roi/weights.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace roi {
namespace {

constexpr int kOrtho = 3;  // chamfer step costs, in thirds of a pixel
constexpr int kDiag = 4;

// Two-pass 3-4 chamfer distance from every pixel to the nearest zero pixel of the mask.
// Pixels outside the image are not zeros. Saturates at `cap`.
std::vector<int> chamfer_distance(const cv::Mat1b& mask, int cap) {
  const int w = mask.cols, h = mask.rows;
  std::vector<int> d(static_cast<std::size_t>(w) * h);
  auto at = [&](int x, int y) -> int& { return d[static_cast<std::size_t>(y) * w + x]; };
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) at(x, y) = mask(y, x) ? cap : 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      int v = at(x, y);
      if (v == 0) continue;
      if (x > 0) v = std::min(v, at(x - 1, y) + kOrtho);
      if (y > 0) {
        v = std::min(v, at(x, y - 1) + kOrtho);
        if (x > 0) v = std::min(v, at(x - 1, y - 1) + kDiag);
        if (x + 1 < w) v = std::min(v, at(x + 1, y - 1) + kDiag);
      }
      at(x, y) = v;
    }
  for (int y = h; y-- > 0;)
    for (int x = w; x-- > 0;) {
      int v = at(x, y);
      if (v == 0) continue;
      if (x + 1 < w) v = std::min(v, at(x + 1, y) + kOrtho);
      if (y + 1 < h) {
        v = std::min(v, at(x, y + 1) + kOrtho);
        if (x + 1 < w) v = std::min(v, at(x + 1, y + 1) + kDiag);
        if (x > 0) v = std::min(v, at(x - 1, y + 1) + kDiag);
      }
      at(x, y) = v;
    }
  return d;
}

// Weight for each chamfer distance 0..ramp: smoothstep, kept in 1..254 strictly inside the ramp.
std::vector<std::uint8_t> ramp_table(int ramp) {
  std::vector<std::uint8_t> t(static_cast<std::size_t>(ramp) + 1);
  t[0] = 0;
  for (int i = 1; i < ramp; ++i) {
    const double s = static_cast<double>(i) / ramp;
    const double v = 255.0 * s * s * (3.0 - 2.0 * s);
    t[static_cast<std::size_t>(i)] =
        static_cast<std::uint8_t>(std::clamp(static_cast<int>(std::lround(v)), 1, 254));
  }
  t[static_cast<std::size_t>(ramp)] = 255;
  return t;
}

}  // namespace

cv::Mat1b compute_weights(const cv::Mat1b& mask, int feather_px) {
  if (feather_px < 0 || feather_px > 255)
    throw std::invalid_argument("feather_px must be in 0..255");
  cv::Mat1b out(mask.size(), static_cast<std::uint8_t>(0));
  if (feather_px == 0) {
    out.setTo(255, mask);
    return out;
  }
  const int ramp = kOrtho * feather_px;
  const auto dist = chamfer_distance(mask, ramp);
  const auto table = ramp_table(ramp);
  for (int y = 0; y < mask.rows; ++y)
    for (int x = 0; x < mask.cols; ++x) {
      const int v = dist[static_cast<std::size_t>(y) * mask.cols + x];
      out(y, x) = table[static_cast<std::size_t>(std::min(v, ramp))];
    }
  return out;
}

}  // namespace roi
