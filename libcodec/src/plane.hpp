// plane.hpp - a single-channel image of any sample type, for internal processing.
#pragma once

#include <codec/image.hpp>

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

/// Channel `c` of an interleaved image as a plane of T.
template <class T>
Plane<T> extract_channel(const Image& img, int c) {
  Plane<T> p(img.width, img.height);
  const std::uint8_t* s = img.data.data() + c;
  for (std::size_t i = 0; i < p.px.size(); ++i, s += img.channels) p.px[i] = static_cast<T>(*s);
  return p;
}

}  // namespace codec
