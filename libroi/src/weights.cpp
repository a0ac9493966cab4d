#include <roi/weights.hpp>

#include "distance.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace roi {
namespace {

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
  return compute_weights(mask, feather_px, cv::boundingRect(mask));
}

cv::Mat1b compute_weights(const cv::Mat1b& mask, int feather_px, const cv::Rect& bounds) {
  if (feather_px < 0 || feather_px > 255)
    throw std::invalid_argument("feather_px must be in 0..255");
  cv::Mat1b out(mask.size(), static_cast<std::uint8_t>(0));
  // Only the mask's bounding box and a ring of one pixel around it can have weights: outside
  // the box every pixel is 0, and the ring holds a nearest zero for every pixel inside.
  const cv::Rect box = bounds & cv::Rect(0, 0, mask.cols, mask.rows);
  if (box.area() == 0) return out;
  if (feather_px == 0) {
    out(box).setTo(255, mask(box));
    return out;
  }
  const cv::Rect area = cv::Rect(box.x - 1, box.y - 1, box.width + 2, box.height + 2) & cv::Rect(0, 0, mask.cols, mask.rows);
  const int ramp = kChamferOrtho * feather_px;
  std::vector<int> dist;
  chamfer_distance(mask(area), ramp, dist);
  const auto table = ramp_table(ramp);
  for (int y = 0; y < area.height; ++y) {
    std::uint8_t* o = out.ptr<std::uint8_t>(area.y + y) + area.x;
    const int* d = dist.data() + static_cast<std::size_t>(y) * area.width;
    for (int x = 0; x < area.width; ++x) o[x] = table[static_cast<std::size_t>(std::min(d[x], ramp))];
  }
  return out;
}

}  // namespace roi
