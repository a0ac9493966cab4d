// padded_planes.hpp - what the context ROI coders predict from: the planes (gray, or YCoCg-R)
// over the mask's bounding box plus one column left and right and one row above.
#pragma once

#include "plane.hpp"

#include <codec/image.hpp>

#include <cstdint>
#include <vector>

namespace codec {

template <class T>
struct PaddedPlanes {
  int pw = 0, ph = 0;
  std::vector<std::vector<T>> p;  ///< one per plane, pw x ph; P(i, j) = pixel (box.x0-1+i, box.y0-1+j)
};

/// The reversible YCoCg-R of one B, G, R pixel: Co = R - B, t = B + (Co >> 1), Cg = G - t,
/// Y = t + (Cg >> 1).
inline void ycocg_r(const std::uint8_t* px, int& y, int& co, int& cg) {
  const int b = px[0], g = px[1], r = px[2];
  co = r - b;
  const int t = b + (co >> 1);
  cg = g - t;
  y = t + (cg >> 1);
}

/// The inverse: t = Y - (Cg >> 1), G = Cg + t, B = t - (Co >> 1), R = B + Co into px (B, G, R).
/// False, with px untouched, when a component falls outside 0..255 (a corrupt stream).
inline bool ycocg_r_to_bgr(int y, int co, int cg, std::uint8_t* px) {
  const int t = y - (cg >> 1), g = cg + t, b = t - (co >> 1), r = b + co;
  if ((g | b | r) & ~255) return false;
  px[0] = static_cast<std::uint8_t>(b);
  px[1] = static_cast<std::uint8_t>(g);
  px[2] = static_cast<std::uint8_t>(r);
  return true;
}

/// Fills the padded planes: the image's pixels inside the mask (when `image` is given, i.e. in
/// the encoder), the decoded background elsewhere, outside the image the constants 128 (Y or
/// gray) and 0 (Co, Cg).
template <class T>
PaddedPlanes<T> padded_planes(const Image* image, const Image& mask, const Box& box, const Image& background) {
  const int ch = background.channels;
  PaddedPlanes<T> pp;
  pp.pw = box.width() + 2;
  pp.ph = box.height() + 1;
  const T outside[3] = {128, 0, 0};
  for (int c = 0; c < ch; ++c) pp.p.emplace_back(static_cast<std::size_t>(pp.pw) * pp.ph, outside[c]);
  for (int j = 0; j < pp.ph; ++j) {
    const int y = box.y0 - 1 + j;
    if (y < 0) continue;
    const int i0 = box.x0 == 0 ? 1 : 0, i1 = box.x1 == background.width ? pp.pw - 1 : pp.pw;
    const std::uint8_t* bg = background.row(y);
    const std::uint8_t* img = image ? image->row(y) : nullptr;
    const std::uint8_t* m = mask.row(y);
    for (int i = i0; i < i1; ++i) {
      const int x = box.x0 - 1 + i;
      const std::uint8_t* px = ((img && m[x]) ? img : bg) + static_cast<std::size_t>(x) * ch;
      const std::size_t k = static_cast<std::size_t>(j) * pp.pw + i;
      if (ch == 1) {
        pp.p[0][k] = px[0];
      } else {
        int yv, co, cg;
        ycocg_r(px, yv, co, cg);
        pp.p[0][k] = static_cast<T>(yv);
        pp.p[1][k] = static_cast<T>(co);
        pp.p[2][k] = static_cast<T>(cg);
      }
    }
  }
  return pp;
}

}  // namespace codec
