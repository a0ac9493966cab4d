// codec/image.hpp - a plain 8-bit image: the only pixel type at libcodec's boundary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace codec {

/// An 8-bit image, row-major, channels interleaved. Colour images are in B,G,R order
/// (OpenCV's order); a mask is a 1-channel image where non-zero means "in the ROI".
/// Allocator of Image::data: a resize without a value leaves the new bytes uninitialised, for
/// the writers that fill every byte anyway (Image::uninitialized).
template <class T>
struct DefaultInitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <class U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

struct Image {
  int width = 0;
  int height = 0;
  int channels = 0;
  std::vector<std::uint8_t, DefaultInitAllocator<std::uint8_t>> data;  ///< width * height * channels bytes

  Image() = default;
  /// A zero-filled image; dimensions must be non-negative.
  Image(int w, int h, int c)
      : width(w), height(h), channels(c), data(static_cast<std::size_t>(w) * h * c, 0) {}
  /// An image whose bytes the caller will all write (their initial values are unspecified).
  static Image uninitialized(int w, int h, int c) {
    Image img;
    img.width = w;
    img.height = h;
    img.channels = c;
    img.data.resize(static_cast<std::size_t>(w) * h * c);
    return img;
  }

  std::size_t pixel_count() const { return static_cast<std::size_t>(width) * height; }
  std::size_t byte_count() const { return pixel_count() * channels; }
  bool empty() const { return data.empty(); }
  std::uint8_t* row(int y) { return data.data() + static_cast<std::size_t>(y) * width * channels; }
  const std::uint8_t* row(int y) const {
    return data.data() + static_cast<std::size_t>(y) * width * channels;
  }
};

}  // namespace codec
