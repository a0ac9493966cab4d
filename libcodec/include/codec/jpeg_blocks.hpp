// codec/jpeg_blocks.hpp - a JPEG's quantised DCT coefficients: what the DCT-domain ROI coder
// stores for a JPEG source, and what the exact renderer turns back into imread's pixels.
//
// The layout mirrors libjpeg's after jpeg_read_coefficients: per component a grid of 8x8 blocks
// of width_in_blocks x height_in_blocks (libjpeg's own counts, i.e. ceil(component samples / 8),
// without the MCU padding blocks), each block 64 quantised coefficients in natural (row-major)
// order, not zigzag. libcodec itself never reads a JPEG file: the pipeline does (libjpeg), and
// hands libcodec this plain struct.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace codec::jpeg {

inline constexpr int kBlockSize = 64;
inline constexpr int kMaxComponents = 3;  // grayscale or YCbCr; CMYK/YCCK take the pixel path
inline constexpr int kMaxSampling = 2;    // h and v sampling factors 1 or 2 (4:4:4 ... 4:2:0, 4:4:0)
inline constexpr int kMaxQuantTables = 4;

enum class ColorSpace : std::uint8_t { gray = 1, ycbcr = 3 };

struct Component {
  int h_samp = 1;  ///< horizontal sampling factor, 1..kMaxSampling
  int v_samp = 1;  ///< vertical sampling factor, 1..kMaxSampling
  int quant_index = 0;  ///< which of Coefficients::quant this component uses
  int width_in_blocks = 0;   ///< ceil(ceil(width * h_samp / max_h) / 8)
  int height_in_blocks = 0;  ///< ceil(ceil(height * v_samp / max_v) / 8)
  /// width_in_blocks * height_in_blocks * 64 coefficients, blocks row-major, natural order.
  std::vector<std::int16_t> coeffs;
  /// Optional, for size accounting only: per block (same grid), the bits the source file's own
  /// entropy coding spends on it. Empty when unknown; never stored in a .smz file.
  std::vector<std::uint32_t> source_bits;

  std::size_t block_count() const {
    return static_cast<std::size_t>(width_in_blocks) * static_cast<std::size_t>(height_in_blocks);
  }
  std::int16_t* block(int bx, int by) {
    return coeffs.data() + (static_cast<std::size_t>(by) * width_in_blocks + bx) * kBlockSize;
  }
  const std::int16_t* block(int bx, int by) const {
    return coeffs.data() + (static_cast<std::size_t>(by) * width_in_blocks + bx) * kBlockSize;
  }
};

/// Everything about a baseline/progressive 8-bit Huffman JPEG that determines its decoded pixels.
struct Coefficients {
  int width = 0;   ///< image width in pixels
  int height = 0;  ///< image height in pixels
  ColorSpace color = ColorSpace::ycbcr;
  /// Quantisation tables in natural order (values 1..65535; 8-bit files use 1..255).
  std::array<std::array<std::uint16_t, kBlockSize>, kMaxQuantTables> quant{};
  std::vector<Component> components;  ///< 1 (gray) or 3 (Y, Cb, Cr)

  int max_h() const {
    int m = 1;
    for (const auto& c : components) m = c.h_samp > m ? c.h_samp : m;
    return m;
  }
  int max_v() const {
    int m = 1;
    for (const auto& c : components) m = c.v_samp > m ? c.v_samp : m;
    return m;
  }
};

/// Per component, one flag per block (row-major, same grid as Component::coeffs): which blocks a
/// coder must keep. Blocks not kept decode as all-zero coefficients.
using BlockSet = std::vector<std::vector<std::uint8_t>>;

/// Every block of `layout` flagged.
inline BlockSet all_blocks(const Coefficients& layout) {
  BlockSet all;
  for (const Component& comp : layout.components) all.emplace_back(comp.block_count(), std::uint8_t{1});
  return all;
}

}  // namespace codec::jpeg
