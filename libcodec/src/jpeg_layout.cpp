// jpeg_layout.cpp - a JPEG source's layout in the jpeg-dct ROIP section (jpeg_layout.hpp).
#include "jpeg_layout.hpp"

#include <codec/error.hpp>

#include <string>

namespace codec::jpeg {

namespace {

// JPEG standard (ITU T.81) Annex K, tables K.1 and K.2, natural order.
constexpr std::uint8_t kLuma[kBlockSize] = {
    16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
    14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
    18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
constexpr std::uint8_t kChroma[kBlockSize] = {
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99,
    99, 99, 47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99};

constexpr int kRawTable = 0;
constexpr int kChromaKinds = 100;  // kinds 101..200

// The kind byte that reproduces `table`: a standard table's, or kRawTable.
int table_kind(const std::array<std::uint16_t, kBlockSize>& table, int quant_index) {
  // Luma tables are usually index 0 and chroma tables index 1; try the likelier first.
  const bool first_chroma = quant_index != 0;
  for (bool chroma : {first_chroma, !first_chroma})
    for (int q = 1; q <= 100; ++q)
      if (standard_table(chroma, q) == table) return chroma ? kChromaKinds + q : q;
  return kRawTable;
}

[[noreturn]] void corrupt(const ByteReader& in, const std::string& what) {
  throw Error(ErrorCode::kCorrupt, in.what() + ": JPEG layout: " + what);
}

}  // namespace

int blocks_for(int pixels, int samp, int max_samp) {
  const int samples = (pixels * samp + max_samp - 1) / max_samp;
  return (samples + 7) / 8;
}

void set_block_grid(Coefficients& c) {
  const int mh = c.max_h(), mv = c.max_v();
  for (auto& comp : c.components) {
    comp.width_in_blocks = blocks_for(c.width, comp.h_samp, mh);
    comp.height_in_blocks = blocks_for(c.height, comp.v_samp, mv);
  }
}

std::array<std::uint16_t, kBlockSize> standard_table(bool chroma, int quality) {
  const int scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
  std::array<std::uint16_t, kBlockSize> t{};
  for (int i = 0; i < kBlockSize; ++i) {
    const int v = ((chroma ? kChroma[i] : kLuma[i]) * scale + 50) / 100;
    t[static_cast<std::size_t>(i)] = static_cast<std::uint16_t>(v < 1 ? 1 : v > 255 ? 255 : v);
  }
  return t;
}

void write_layout(ByteWriter& out, const Coefficients& c) {
  out.u8(static_cast<std::uint8_t>(c.color));
  unsigned used = 0;
  for (const auto& comp : c.components) {
    out.u8(static_cast<std::uint8_t>(comp.h_samp << 4 | comp.v_samp));
    out.u8(static_cast<std::uint8_t>(comp.quant_index));
    used |= 1u << comp.quant_index;
  }
  for (int q = 0; q < kMaxQuantTables; ++q) {
    if (!(used & (1u << q))) continue;
    const auto& table = c.quant[static_cast<std::size_t>(q)];
    const int kind = table_kind(table, q);
    out.u8(static_cast<std::uint8_t>(kind));
    if (kind != kRawTable) continue;
    for (std::uint16_t v : table) {
      if (v < 1 || v > 255) throw Error(ErrorCode::kInvalidArgument, "JPEG layout: a quantiser outside 1..255");
      out.u8(static_cast<std::uint8_t>(v));
    }
  }
}

Coefficients read_layout(ByteReader& in, int width, int height, int channels) {
  Coefficients c = read_shape(in, width, height, channels);
  for (auto& comp : c.components) comp.coeffs.assign(comp.block_count() * kBlockSize, 0);
  return c;
}

Coefficients read_shape(ByteReader& in, int width, int height, int channels) {
  Coefficients c;
  c.width = width;
  c.height = height;
  const int colour = in.u8();
  if (colour != channels || (colour != 1 && colour != 3))
    corrupt(in, "colour " + std::to_string(colour) + " for a " + std::to_string(channels) + "-channel image");
  c.color = colour == 1 ? ColorSpace::gray : ColorSpace::ycbcr;
  unsigned used = 0;
  c.components.resize(static_cast<std::size_t>(colour));
  for (auto& comp : c.components) {
    const int s = in.u8(), q = in.u8();
    comp.h_samp = s >> 4;
    comp.v_samp = s & 15;
    comp.quant_index = q;
    if (comp.h_samp < 1 || comp.h_samp > kMaxSampling || comp.v_samp < 1 || comp.v_samp > kMaxSampling)
      corrupt(in, "sampling factors " + std::to_string(comp.h_samp) + "x" + std::to_string(comp.v_samp));
    if (q >= kMaxQuantTables) corrupt(in, "quantiser table " + std::to_string(q));
    used |= 1u << q;
  }
  for (int q = 0; q < kMaxQuantTables; ++q) {
    if (!(used & (1u << q))) continue;
    auto& table = c.quant[static_cast<std::size_t>(q)];
    const int kind = in.u8();
    if (kind > 2 * kChromaKinds) corrupt(in, "table kind " + std::to_string(kind));
    if (kind != kRawTable) {
      table = standard_table(kind > kChromaKinds, kind > kChromaKinds ? kind - kChromaKinds : kind);
      continue;
    }
    for (auto& v : table) {
      v = in.u8();
      if (v == 0) corrupt(in, "a quantiser of 0");
    }
  }
  set_block_grid(c);
  return c;
}

}  // namespace codec::jpeg
