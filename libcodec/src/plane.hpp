// plane.hpp - a single-channel image of any sample type, for internal processing.
#pragma once

#include <codec/image.hpp>

#include <algorithm>
#include <cstddef>
#include <vector>

namespace codec {

template <class T>
struct Plane {
  int width = 0;
  int height = 0;
  std::vector<T> px;

  Plane() = default;
  Plane(int w, int h, T fill = T{})
      : width(w), height(h), px(static_cast<std::size_t>(w) * h, fill) {}
  T& at(int x, int y) { return px[static_cast<std::size_t>(y) * width + x]; }
  const T& at(int x, int y) const { return px[static_cast<std::size_t>(y) * width + x]; }
  T* row(int y) { return px.data() + static_cast<std::size_t>(y) * width; }
  const T* row(int y) const { return px.data() + static_cast<std::size_t>(y) * width; }
};

/// A half-open pixel rectangle [x0, x1) x [y0, y1).
struct Box {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool empty() const { return x1 <= x0 || y1 <= y0; }
  int width() const { return x1 - x0; }
  int height() const { return y1 - y0; }
};

/// The bounding box of a mask's non-zero pixels (empty when there are none).
inline Box mask_box(const Image& mask) {
  Box b{mask.width, mask.height, 0, 0};
  for (int y = 0; y < mask.height; ++y) {
    const std::uint8_t* m = mask.row(y);
    int first = -1, last = -1;
    for (int x = 0; x < mask.width; ++x)
      if (m[x]) {
        if (first < 0) first = x;
        last = x;
      }
    if (first < 0) continue;
    b.x0 = std::min(b.x0, first);
    b.x1 = std::max(b.x1, last + 1);
    b.y0 = std::min(b.y0, y);
    b.y1 = y + 1;
  }
  return b.empty() ? Box{} : b;
}

/// Channel `c` of an interleaved image as a plane of T.
template <class T>
Plane<T> extract_channel(const Image& img, int c) {
  Plane<T> p(img.width, img.height);
  const std::uint8_t* s = img.data.data() + c;
  for (std::size_t i = 0; i < p.px.size(); ++i, s += img.channels) p.px[i] = static_cast<T>(*s);
  return p;
}

}  // namespace codec
