#include <roi/blend.hpp>

#include <cstring>
#include <stdexcept>

namespace roi {

namespace {

void check(const cv::Mat& exact, const cv::Mat& background, const cv::Mat1b& weights) {
  if (exact.size() != background.size() || exact.type() != background.type() ||
      exact.depth() != CV_8U || weights.size() != exact.size())
    throw std::invalid_argument("blend: images and weights must match in size and type");
}

// One row: o may alias b (in place). Weights come in long runs of 0 (background) and 255 (exact
// pixels) with a thin ramp between: runs are copied whole, the ramp blended pixel by pixel.
template <int Ch>
void blend_row(const std::uint8_t* e, const std::uint8_t* b, const std::uint8_t* w, int n, int ch, std::uint8_t* o) {
  const std::size_t channels = Ch ? Ch : static_cast<std::size_t>(ch);
  for (int x = 0; x < n;) {
    const int wx = w[x];
    const std::size_t at = static_cast<std::size_t>(x) * channels;
    int end = x + 1;
    if (wx == 0 || wx == 255) {
      while (end < n && w[end] == wx) ++end;
      const std::uint8_t* src = (wx ? e : b) + at;
      if (src != o + at) std::memmove(o + at, src, static_cast<std::size_t>(end - x) * channels);
    } else {
      for (std::size_t c = 0; c < channels; ++c)
        o[at + c] = static_cast<std::uint8_t>((wx * e[at + c] + (255 - wx) * b[at + c] + 127) / 255);
    }
    x = end;
  }
}

void blend_rows(const cv::Mat& exact, const cv::Mat& background, const cv::Mat1b& weights, cv::Mat& out) {
  const int ch = exact.channels();
  for (int y = 0; y < exact.rows; ++y) {
    const std::uint8_t* e = exact.ptr<std::uint8_t>(y);
    const std::uint8_t* b = background.ptr<std::uint8_t>(y);
    const std::uint8_t* w = weights.ptr<std::uint8_t>(y);
    std::uint8_t* o = out.ptr<std::uint8_t>(y);
    if (ch == 3)
      blend_row<3>(e, b, w, exact.cols, ch, o);
    else if (ch == 1)
      blend_row<1>(e, b, w, exact.cols, ch, o);
    else
      blend_row<0>(e, b, w, exact.cols, ch, o);
  }
}

}  // namespace

cv::Mat blend(const cv::Mat& exact, const cv::Mat& background, const cv::Mat1b& weights) {
  check(exact, background, weights);
  cv::Mat out(exact.size(), exact.type());
  blend_rows(exact, background, weights, out);
  return out;
}

void blend_into(const cv::Mat& exact, cv::Mat& background, const cv::Mat1b& weights) {
  check(exact, background, weights);
  blend_rows(exact, background, weights, background);
}

}  // namespace roi
