// jpeg_block_view.hpp - where a component's coefficient blocks are stored: the whole grid
// (Component::coeffs) or only the rectangle of the blocks a decoder keeps, so that decoding a
// small ROI neither allocates nor zeroes the coefficients of the whole image.
#pragma once

#include <codec/jpeg_blocks.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace codec::jpeg {

/// A rectangle of a component's block grid stored row-major: block (bx, by), inside it, at
/// data + ((by - y0) * stride + bx - x0) * kBlockSize.
template <class T>
struct BasicBlockView {
  T* data = nullptr;
  int x0 = 0, y0 = 0;
  int stride = 0;  ///< blocks per stored row

  T* block(int bx, int by) const {
    return data + (static_cast<std::size_t>(by - y0) * static_cast<std::size_t>(stride) +
                   static_cast<std::size_t>(bx - x0)) *
                      kBlockSize;
  }
};
using BlockView = BasicBlockView<const std::int16_t>;
using MutableBlockView = BasicBlockView<std::int16_t>;

/// The whole grid of `comp`.
inline BlockView whole_grid(const Component& comp) {
  return {comp.coeffs.data(), 0, 0, comp.width_in_blocks};
}

/// A half-open rectangle of blocks [x0, x1) x [y0, y1); empty when x1 <= x0.
struct BlockRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool empty() const { return x1 <= x0 || y1 <= y0; }
};

/// The bounding rectangle of the flagged blocks of a w-blocks-wide grid.
inline BlockRect flagged_rect(const std::vector<std::uint8_t>& flags, int w) {
  BlockRect r{w, 0, 0, 0};
  bool any = false;
  const int h = w > 0 ? static_cast<int>(flags.size()) / w : 0;
  for (int y = 0; y < h; ++y) {
    const std::uint8_t* row = flags.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(w);
    const std::uint8_t* first = std::find(row, row + w, std::uint8_t{1});
    if (first == row + w) continue;
    const auto last = w - 1 - (std::find(std::make_reverse_iterator(row + w),
                                         std::make_reverse_iterator(row), std::uint8_t{1}) -
                               std::make_reverse_iterator(row + w));
    if (!any) r.y0 = y;
    any = true;
    r.y1 = y + 1;
    r.x0 = std::min(r.x0, static_cast<int>(first - row));
    r.x1 = std::max(r.x1, static_cast<int>(last) + 1);
  }
  return any ? r : BlockRect{};
}

/// The coefficients of a BlockSet's kept blocks only: per component the bounding rectangle of
/// its kept blocks (blocks inside it but not kept are zero).
struct KeptCoefficients {
  struct Part {
    BlockRect rect;
    std::vector<std::int16_t> coeffs;
    MutableBlockView mutable_view() {
      return {coeffs.data(), rect.x0, rect.y0, rect.x1 - rect.x0};
    }
    BlockView view() const { return {coeffs.data(), rect.x0, rect.y0, rect.x1 - rect.x0}; }
  };
  std::vector<Part> parts;  ///< one per component
};

}  // namespace codec::jpeg
