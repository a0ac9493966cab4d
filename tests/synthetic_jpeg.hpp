// synthetic_jpeg.hpp - made-up JPEG coefficients for the jpeg-dct coder's tests and fuzz seeds:
// no JPEG file and no libjpeg needed, libcodec's renderer gives the image they stand for. Needs
// libcodec's private headers (smearpress_codec_internal).
#pragma once

#include "jpeg_layout.hpp"

#include <codec/jpeg_blocks.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <utility>

namespace test {

struct JpegShape {
  int w, h, channels;
  std::array<std::pair<int, int>, 3> sampling;  ///< h x v per component (Y, Cb, Cr)
  bool raw_table;                               ///< a quantisation table of no standard quality
};

/// Coefficients of a w x h JPEG: a DC walk and a few small AC terms per block; standard tables at
/// quality 75 (luma table 0, chroma table 1), or a raw chroma table.
inline codec::jpeg::Coefficients synthetic_jpeg(const JpegShape& s, std::uint32_t seed) {
  namespace cj = codec::jpeg;
  cj::Coefficients c;
  c.width = s.w;
  c.height = s.h;
  c.color = s.channels == 1 ? cj::ColorSpace::gray : cj::ColorSpace::ycbcr;
  c.quant[0] = cj::standard_table(false, 75);
  c.quant[1] = cj::standard_table(true, 75);
  if (s.raw_table)
    for (std::size_t k = 0; k < cj::kBlockSize; ++k) c.quant[1][k] = static_cast<std::uint16_t>(3 + k % 29);
  c.components.resize(static_cast<std::size_t>(s.channels));
  for (std::size_t i = 0; i < c.components.size(); ++i) {
    c.components[i].h_samp = s.sampling[i].first;
    c.components[i].v_samp = s.sampling[i].second;
    c.components[i].quant_index = i == 0 ? 0 : 1;
  }
  cj::set_block_grid(c);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> step(-6, 6), ac(-3, 3), pos(1, 20);
  for (auto& comp : c.components) {
    comp.coeffs.assign(comp.block_count() * cj::kBlockSize, 0);
    int dc = 0;
    for (std::size_t b = 0; b < comp.block_count(); ++b) {
      dc = std::clamp(dc + step(rng), -60, 60);
      std::int16_t* block = comp.coeffs.data() + b * cj::kBlockSize;
      block[0] = static_cast<std::int16_t>(dc);
      for (int k = 0; k < 4; ++k) block[pos(rng)] = static_cast<std::int16_t>(ac(rng));
    }
  }
  return c;
}

/// Shapes covering every layout: 4:2:0, gray, 4:2:2, 4:4:4 (raw table), 4:4:0, chroma sampled
/// above luma (raw table), on small odd sizes.
inline constexpr JpegShape kJpegShapes[] = {
    {1, 1, 3, {{{2, 2}, {1, 1}, {1, 1}}}, false},   {7, 9, 1, {{{1, 1}, {1, 1}, {1, 1}}}, false},
    {17, 9, 3, {{{2, 1}, {1, 1}, {1, 1}}}, false},  {24, 20, 3, {{{1, 1}, {1, 1}, {1, 1}}}, true},
    {13, 16, 3, {{{1, 2}, {1, 1}, {1, 1}}}, false}, {18, 11, 3, {{{1, 1}, {2, 2}, {1, 2}}}, true},
    {23, 17, 3, {{{2, 2}, {1, 1}, {1, 1}}}, false}, {9, 26, 1, {{{1, 1}, {1, 1}, {1, 1}}}, true},
};

}  // namespace test
