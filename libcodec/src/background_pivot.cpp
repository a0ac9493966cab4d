#include "background_pivot.hpp"

#include "background_ll_huffman.hpp"
#include "huffman_coder.hpp"

#include <codec/error.hpp>

#include <algorithm>
#include <string>

namespace codec {
namespace {

// Floor division for a positive divisor.
std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// Calls f(x0, y0, x1, y1) for each B x B block of a width x height matrix, raster order.
template <class F>
void for_each_block(int width, int height, int block, F&& f) {
  for (int y0 = 0; y0 < height; y0 += block)
    for (int x0 = 0; x0 < width; x0 += block) f(x0, y0, std::min(x0 + block, width), std::min(y0 + block, height));
}

std::int64_t block_pivot(std::span<const std::int32_t> m, int width, int x0, int y0, int x1, int y1, PivotRule rule,
                         std::vector<std::int32_t>& scratch) {
  if (rule == PivotRule::kUpperLeft) return m[static_cast<std::size_t>(y0) * width + x0];
  scratch.clear();
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) scratch.push_back(m[static_cast<std::size_t>(y) * width + x]);
  if (rule == PivotRule::kMean) {
    std::int64_t sum = 0;
    for (const std::int32_t v : scratch) sum += v;
    return floor_div(sum, static_cast<std::int64_t>(scratch.size()));
  }
  const auto mid = scratch.begin() + static_cast<std::ptrdiff_t>((scratch.size() - 1) / 2);
  std::nth_element(scratch.begin(), mid, scratch.end());
  return *mid;
}

// kAll: the exact integer quantisation of one level (codec/format.hpp).
std::int32_t quantize_sum(int s, int step) {
  return static_cast<std::int32_t>(floor_div(s + step, 2 * static_cast<std::int64_t>(step)));
}

PivotMatrix analyse_all_bands(const Image& image, int channel, int step) {
  const int w = (image.width + 1) / 2, h = (image.height + 1) / 2;
  PivotMatrix m{2 * w, 2 * h, std::vector<std::int32_t>(static_cast<std::size_t>(4) * w * h)};
  const int ch = image.channels;
  auto at = [&](int x, int y) {
    return static_cast<int>(image.row(y)[static_cast<std::size_t>(x) * ch + channel]);
  };
  auto put = [&](int x, int y, std::int32_t v) { m.values[static_cast<std::size_t>(y) * m.width + x] = v; };
  for (int y = 0; y < h; ++y) {
    const int y0 = 2 * y, y1 = std::min(y0 + 1, image.height - 1);
    for (int x = 0; x < w; ++x) {
      const int x0 = 2 * x, x1 = std::min(x0 + 1, image.width - 1);
      const int a = at(x0, y0), b = at(x1, y0), c = at(x0, y1), d = at(x1, y1);
      put(x, y, quantize_sum(a + b + c + d, step));              // LL
      put(w + x, y, quantize_sum(a - b + c - d, step));          // HL
      put(x, h + y, quantize_sum(a + b - c - d, step));          // LH
      put(w + x, h + y, quantize_sum(a - b - c + d, step));      // HH
    }
  }
  return m;
}

Image synthesize_all_bands(const PivotBackground& bg, const Header& header) {
  const int W = static_cast<int>(header.width), H = static_cast<int>(header.height);
  const int w = (W + 1) / 2, h = (H + 1) / 2;
  const int step = header.quant_step;
  Image out(W, H, header.channels);
  auto pixel = [step](std::int64_t sum) {
    const std::int64_t v = floor_div(step * sum + 1, 2);
    return static_cast<std::uint8_t>(std::clamp<std::int64_t>(v, 0, 255));
  };
  for (int c = 0; c < header.channels; ++c) {
    const PivotMatrix& m = bg.channels[static_cast<std::size_t>(c)];
    auto q = [&](int x, int y) { return static_cast<std::int64_t>(m.values[static_cast<std::size_t>(y) * m.width + x]); };
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        const std::int64_t ll = q(x, y), hl = q(w + x, y), lh = q(x, h + y), hh = q(w + x, h + y);
        const int x0 = 2 * x, y0 = 2 * y;
        auto set = [&](int px, int py, std::int64_t sum) {
          if (px < W && py < H) out.row(py)[static_cast<std::size_t>(px) * header.channels + c] = pixel(sum);
        };
        set(x0, y0, ll + hl + lh + hh);
        set(x0 + 1, y0, ll - hl + lh - hh);
        set(x0, y0 + 1, ll + hl - lh - hh);
        set(x0 + 1, y0 + 1, ll - hl - lh + hh);
      }
    }
  }
  return out;
}

// The size of a channel's matrix for the header.
std::pair<int, int> matrix_size(const Header& header) {
  const int W = static_cast<int>(header.width), H = static_cast<int>(header.height);
  if (header.bands == Bands::kAll) return {2 * ((W + 1) / 2), 2 * ((H + 1) / 2)};
  int w = W, h = H;
  for (int l = 0; l < header.levels; ++l) {
    w = (w + 1) / 2;
    h = (h + 1) / 2;
  }
  return {w, h};
}

// The values an encoder can produce at (x, y) of the matrix, for rejecting hostile ones.
struct Range {
  std::int64_t lo, hi;
};
Range value_range(const Header& header, int x, int y, int w, int h) {
  const std::int64_t step = header.quant_step;
  if (header.bands == Bands::kLL) {
    // LL = (sum of 4^L pixels) / 2^L <= 255 * 2^L; q = round(LL / step).
    const std::int64_t max_ll = std::int64_t{255} << header.levels;
    return {0, (max_ll + step / 2) / step + 1};
  }
  const bool ll = x < w / 2 && y < h / 2;
  if (ll) return {0, floor_div(1020 + step, 2 * step)};
  return {floor_div(step - 510, 2 * step), floor_div(510 + step, 2 * step)};
}

}  // namespace

std::size_t pivot_symbol_count(int width, int height, int block, PivotRule rule) {
  const std::size_t n = static_cast<std::size_t>(width) * height;
  if (rule == PivotRule::kUpperLeft || block <= 1) return n;
  const std::size_t bx = static_cast<std::size_t>((width + block - 1) / block);
  const std::size_t by = static_cast<std::size_t>((height + block - 1) / block);
  return n + bx * by;
}

std::vector<std::int32_t> subtract_pivots(std::span<const std::int32_t> m, int width, int height, int block,
                                          PivotRule rule) {
  if (block <= 1) return {m.begin(), m.end()};
  std::vector<std::int32_t> pivots, out(m.begin(), m.end()), scratch;
  for_each_block(width, height, block, [&](int x0, int y0, int x1, int y1) {
    const std::int64_t p = block_pivot(m, width, x0, y0, x1, y1, rule, scratch);
    if (rule != PivotRule::kUpperLeft) pivots.push_back(static_cast<std::int32_t>(p));
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) {
        if (rule == PivotRule::kUpperLeft && x == x0 && y == y0) continue;
        auto& v = out[static_cast<std::size_t>(y) * width + x];
        v = static_cast<std::int32_t>(v - p);
      }
  });
  pivots.insert(pivots.end(), out.begin(), out.end());
  return pivots;
}

std::vector<std::int64_t> add_pivots(std::span<const std::int32_t> symbols, int width, int height, int block,
                                     PivotRule rule) {
  const std::size_t n = static_cast<std::size_t>(width) * height;
  if (symbols.size() != pivot_symbol_count(width, height, block, rule))
    throw Error(ErrorCode::kCorrupt, "pivot symbols: count does not match the matrix");
  if (block <= 1) return {symbols.begin(), symbols.end()};
  const bool separate = rule != PivotRule::kUpperLeft;
  const std::span<const std::int32_t> m = symbols.subspan(symbols.size() - n);
  std::vector<std::int64_t> out(m.begin(), m.end());
  std::size_t k = 0;
  for_each_block(width, height, block, [&](int x0, int y0, int x1, int y1) {
    const std::int64_t p = separate ? symbols[k++] : m[static_cast<std::size_t>(y0) * width + x0];
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) {
        if (!separate && x == x0 && y == y0) continue;
        out[static_cast<std::size_t>(y) * width + x] += p;
      }
  });
  return out;
}

PivotBackground analyse_pivot_background(const Image& image, const Header& header) {
  PivotBackground bg;
  if (header.bands == Bands::kAll) {
    for (int c = 0; c < image.channels; ++c) bg.channels.push_back(analyse_all_bands(image, c, header.quant_step));
    return bg;
  }
  BackgroundBands bands = analyse_background(image, header.levels, header.quant_step);
  for (auto& q : bands.q) bg.channels.push_back({bands.band_width, bands.band_height, std::move(q)});
  return bg;
}

Image synthesize_pivot_background(const PivotBackground& bg, const Header& header) {
  if (header.bands == Bands::kAll) return synthesize_all_bands(bg, header);
  BackgroundBands bands;
  bands.band_width = bg.channels.front().width;
  bands.band_height = bg.channels.front().height;
  for (const auto& m : bg.channels) bands.q.push_back(m.values);
  return synthesize_background(bands, header);
}

std::uint64_t write_pivot_background(ByteWriter& out, const PivotBackground& bg, const Header& header) {
  out.u8(static_cast<std::uint8_t>(header.bands));
  out.u8(header.pivot_block);
  out.u8(static_cast<std::uint8_t>(header.pivot));
  std::uint64_t bits = 0;
  for (const auto& m : bg.channels)
    bits += huffman::write_block(out, subtract_pivots(m.values, m.width, m.height, header.pivot_block, header.pivot));
  return bits;
}

void read_pivot_parameters(ByteReader& in, Header& header) {
  const std::uint8_t bands = in.u8(), block = in.u8(), pivot = in.u8();
  if (bands > 1) throw Error(ErrorCode::kUnsupported, in.what() + ": unknown band set " + std::to_string(bands));
  if (pivot > 2) throw Error(ErrorCode::kUnsupported, in.what() + ": unknown pivot rule " + std::to_string(pivot));
  if (block < 1 || block > kMaxPivotBlock)
    throw Error(ErrorCode::kCorrupt, in.what() + ": pivot block " + std::to_string(block) + " outside 1.." +
                                         std::to_string(kMaxPivotBlock));
  header.bands = static_cast<Bands>(bands);
  header.pivot_block = block;
  header.pivot = static_cast<PivotRule>(pivot);
  if (header.bands == Bands::kAll && header.levels != 1)
    throw Error(ErrorCode::kCorrupt, in.what() + ": all four bands need 1 level, not " + std::to_string(header.levels));
}

PivotBackground read_pivot_background(ByteReader& in, const Header& header, std::uint64_t& bits) {
  const auto [w, h] = matrix_size(header);
  const std::size_t count = pivot_symbol_count(w, h, header.pivot_block, header.pivot);
  // Every symbol takes at least one bit: reject a payload too short before allocating.
  if (count * header.channels / 8 > in.remaining())
    throw Error(ErrorCode::kTruncated, in.what() + ": too short for " + std::to_string(count * header.channels) +
                                           " symbols");
  PivotBackground bg;
  bits = 0;
  std::vector<std::int32_t> symbols(count);
  for (int c = 0; c < header.channels; ++c) {
    bits += huffman::read_block(in, symbols);
    const std::vector<std::int64_t> v = add_pivots(symbols, w, h, header.pivot_block, header.pivot);
    PivotMatrix m{w, h, std::vector<std::int32_t>(v.size())};
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        const std::size_t i = static_cast<std::size_t>(y) * w + x;
        const Range r = value_range(header, x, y, w, h);
        if (v[i] < r.lo || v[i] > r.hi)
          throw Error(ErrorCode::kCorrupt, in.what() + ": coefficient " + std::to_string(v[i]) +
                                               " outside what 8-bit pixels give");
        m.values[i] = static_cast<std::int32_t>(v[i]);
      }
    bg.channels.push_back(std::move(m));
  }
  return bg;
}

namespace {

std::uint64_t encode_pivot(ByteWriter& out, const Image& image, const Header& header, const Image*, const Box&,
                           Image& background) {
  const PivotBackground bg = analyse_pivot_background(image, header);
  background = synthesize_pivot_background(bg, header);
  return write_pivot_background(out, bg, header);
}

Image decode_pivot(ByteReader& in, Header& header) {
  read_pivot_parameters(in, header);
  std::uint64_t bits = 0;
  return synthesize_pivot_background(read_pivot_background(in, header, bits), header);
}

std::uint64_t pivot_bits(ByteReader& in, Header& header) {
  read_pivot_parameters(in, header);
  return huffman::skip_blocks(in, header.channels);
}

}  // namespace

extern const BackgroundOps kHaarPivotHuffmanOps = {encode_pivot, decode_pivot, pivot_bits};

}  // namespace codec
