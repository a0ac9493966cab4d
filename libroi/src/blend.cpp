#include <roi/blend.hpp>

#include <stdexcept>

namespace roi {

cv::Mat blend(const cv::Mat& exact, const cv::Mat& background, const cv::Mat1b& weights) {
  if (exact.size() != background.size() || exact.type() != background.type() ||
      exact.depth() != CV_8U || weights.size() != exact.size())
    throw std::invalid_argument("blend: images and weights must match in size and type");
  const int ch = exact.channels();
  cv::Mat out(exact.size(), exact.type());
  for (int y = 0; y < exact.rows; ++y) {
    const std::uint8_t* e = exact.ptr<std::uint8_t>(y);
    const std::uint8_t* b = background.ptr<std::uint8_t>(y);
    const std::uint8_t* w = weights.ptr<std::uint8_t>(y);
    std::uint8_t* o = out.ptr<std::uint8_t>(y);
    for (int x = 0; x < exact.cols; ++x) {
      const int wx = w[x];
      for (int c = 0; c < ch; ++c, ++e, ++b, ++o) {
        if (wx == 255) *o = *e;
        else if (wx == 0) *o = *b;
        else *o = static_cast<std::uint8_t>((wx * *e + (255 - wx) * *b + 127) / 255);
      }
    }
  }
  return out;
}

}  // namespace roi
