// plane.hpp - a single-channel image of any sample type, for internal processing.
#pragma once

#include <codec/image.hpp>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <utility>
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

/// A mask as runs of non-zero pixels per row, with its bounding box and pixel count.
struct MaskRuns {
  std::vector<std::uint32_t> row_begin;   ///< height + 1 offsets into runs
  std::vector<std::pair<int, int>> runs;  ///< [start, end) per row, sorted, non-touching
  Box box;                                ///< empty when there are no runs
  std::size_t count = 0;                  ///< pixels in the runs

  int height() const { return static_cast<int>(row_begin.size()) - 1; }

  /// Appends one row's runs (rows in order); keeps box and count up to date.
  void add_row(const std::vector<std::pair<int, int>>& row_runs) {
    const int y = height() < 0 ? 0 : height();
    if (row_begin.empty()) row_begin.push_back(0);
    for (const auto& r : row_runs) {
      runs.push_back(r);
      count += static_cast<std::size_t>(r.second - r.first);
      if (box.empty()) {
        box = Box{r.first, y, r.second, y + 1};
      } else {
        box.x0 = std::min(box.x0, r.first);
        box.x1 = std::max(box.x1, r.second);
        box.y1 = y + 1;
      }
    }
    row_begin.push_back(static_cast<std::uint32_t>(runs.size()));
  }
};

/// The runs of a mask image (non-zero = in the mask).
inline MaskRuns mask_runs(const Image& mask) {
  MaskRuns mr;
  mr.row_begin.reserve(static_cast<std::size_t>(mask.height) + 1);
  std::vector<std::pair<int, int>> row;
  for (int y = 0; y < mask.height; ++y) {
    row.clear();
    const std::uint8_t* m = mask.row(y);
    for (int x = 0; x < mask.width;) {
      // Skip zeros 32, then eight at a time.
      while (x + 32 <= mask.width) {
        std::uint64_t word[4];
        std::memcpy(word, m + x, 32);
        if (word[0] | word[1] | word[2] | word[3]) break;
        x += 32;
      }
      while (x + 8 <= mask.width) {
        std::uint64_t word;
        std::memcpy(&word, m + x, 8);
        if (word) break;
        x += 8;
      }
      while (x < mask.width && !m[x]) ++x;
      if (x >= mask.width) break;
      const int start = x;
      // Skip non-zeros eight at a time: a word has a zero byte exactly when
      // (word - 0x01..01) & ~word & 0x80..80 is non-zero.
      while (x + 8 <= mask.width) {
        std::uint64_t word;
        std::memcpy(&word, m + x, 8);
        if ((word - 0x0101010101010101u) & ~word & 0x8080808080808080u) break;
        x += 8;
      }
      while (x < mask.width && m[x]) ++x;
      row.emplace_back(start, x);
    }
    mr.add_row(row);
  }
  if (mask.height == 0) mr.row_begin.push_back(0);
  return mr;
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
