#include "background_wavelet.hpp"

#include "primitives.hpp"

#include "kernels.hpp"
#include "rans.hpp"

#include <codec/error.hpp>

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <memory>
#include <string>
#include <type_traits>

namespace codec {
namespace {

using wavelet::IntPlane;
using wavelet::QuantPlane;

// Level-1 block sums (2x2, edges repeated) of the integer planes of the image: the channels as
// they are, or 4Y = R+2G+B, 2Co = R-B, 4Cg = 2G-R-B. Per row pair, each plane's vertical sums
// (int16), then their horizontal pairs (int32); both loops vectorise.
std::vector<wavelet::IntPlane32> level1_sums(const Image& img, bool ycocg) {
  const int w = (img.width + 1) / 2, h = (img.height + 1) / 2, ch = img.channels;
  const std::size_t planes = ycocg ? 3 : static_cast<std::size_t>(ch);
  std::vector<wavelet::IntPlane32> out;
  for (std::size_t p = 0; p < planes; ++p) out.emplace_back(w, h);
  // One column more per plane: an odd width's last block repeats its column.
  const std::size_t stride = static_cast<std::size_t>(img.width) + 1;
  std::vector<std::int16_t> cols(planes * stride);
  const auto col = [&](std::size_t p) { return cols.data() + p * stride; };
  for (int y = 0; y < h; ++y) {
    const std::uint8_t* r0 = img.row(2 * y);
    const std::uint8_t* r1 = img.row(std::min(2 * y + 1, img.height - 1));
    if (ycocg) {
      kernels::bgr_rows_to_ycocg_sums(r0, r1, img.width, col(0), col(1), col(2));
    } else {
      for (std::size_t p = 0; p < planes; ++p)
        for (int x = 0; x < img.width; ++x) {
          const std::size_t i = static_cast<std::size_t>(x) * static_cast<std::size_t>(ch) + p;
          col(p)[x] = static_cast<std::int16_t>(r0[i] + r1[i]);
        }
    }
    for (std::size_t p = 0; p < planes; ++p) {
      col(p)[img.width] = col(p)[img.width - 1];
      kernels::pair_sums(col(p), w, out[p].row(y));
    }
  }
  return out;
}

// full[l][i]: every pixel of block i at level l (l >= 1) is hidden (level 0 is left empty).
std::vector<std::vector<std::uint8_t>> hidden_blocks(const Image& hidden, int levels) {
  std::vector<std::vector<std::uint8_t>> out(static_cast<std::size_t>(levels) + 1);
  int w = hidden.width, h = hidden.height;
  for (int l = 1; l <= levels; ++l) {
    const int nw = (w + 1) / 2, nh = (h + 1) / 2;
    std::vector<std::uint8_t> next(static_cast<std::size_t>(nw) * nh);
    for (int y = 0; y < nh; ++y) {
      const std::uint8_t* a;
      const std::uint8_t* b;
      if (l == 1) {
        a = hidden.row(2 * y);
        b = hidden.row(std::min(2 * y + 1, h - 1));
      } else {
        a = out[static_cast<std::size_t>(l) - 1].data() + static_cast<std::size_t>(2 * y) * w;
        b = out[static_cast<std::size_t>(l) - 1].data() + static_cast<std::size_t>(std::min(2 * y + 1, h - 1)) * w;
      }
      std::uint8_t* o = next.data() + static_cast<std::size_t>(y) * nw;
      for (int x = 0; x < w / 2; ++x) o[x] = (a[2 * x] != 0) & (a[2 * x + 1] != 0) & (b[2 * x] != 0) & (b[2 * x + 1] != 0);
      if (w % 2) o[nw - 1] = (a[w - 1] != 0) & (b[w - 1] != 0);
    }
    out[static_cast<std::size_t>(l)] = std::move(next);
    w = nw;
    h = nh;
  }
  return out;
}


struct Neighbours {
  std::int32_t a, b, c;
};

inline Neighbours neighbours(const std::vector<std::int32_t>& q, int w, int x, int y) {
  const auto at = [&](int xx, int yy) { return q[static_cast<std::size_t>(yy) * w + xx]; };
  const std::int32_t a = x > 0 ? at(x - 1, y) : (y > 0 ? at(x, y - 1) : 0);
  const std::int32_t b = y > 0 ? at(x, y - 1) : a;
  const std::int32_t c = (x > 0 && y > 0) ? at(x - 1, y - 1) : b;
  return {a, b, c};
}

inline int ll_context(const Neighbours& n, bool chroma) {
  // Activity |a - c| + |b - c| in buckets 0, 1, 2..3, 4+ (compares, not a table: the decoder's
  // next symbol waits for this).
  const std::int64_t act = std::abs(static_cast<std::int64_t>(n.a) - n.c) + std::abs(static_cast<std::int64_t>(n.b) - n.c);
  return (chroma ? 4 : 0) + (act >= 1) + (act >= 2) + (act >= 4);
}

// Calls f(x, y, neighbours) for every LL position in raster order, with the border rules of
// neighbours() but no per-position tests; f may write q at (x, y) before the next call.
template <class F>
void for_each_ll(const std::vector<std::int32_t>& q, int w, int h, F&& f) {
  for (int y = 0; y < h; ++y) {
    const std::int32_t* row = q.data() + static_cast<std::size_t>(y) * w;
    if (y == 0) {
      for (int x = 0; x < w; ++x) {
        const std::int32_t a = x > 0 ? row[x - 1] : 0;
        f(x, y, Neighbours{a, a, a});
      }
      continue;
    }
    const std::int32_t* up = row - w;
    f(0, y, Neighbours{up[0], up[0], up[0]});
    for (int x = 1; x < w; ++x) f(x, y, Neighbours{row[x - 1], up[x], up[x - 1]});
  }
}

inline int detail_context(const std::vector<std::int32_t>& q, int w, int x, int y, bool chroma) {
  int m = 0;
  if (x > 0) m += std::abs(q[static_cast<std::size_t>(y) * w + x - 1]);
  if (y > 0) m += std::abs(q[static_cast<std::size_t>(y - 1) * w + x]);
  return 8 + (chroma ? 3 : 0) + std::min(m, 2);
}

// q[i] = round_div(v[i], den) (wavelet.hpp) by a multiplication; an integer division per
// coefficient cost a fifth of the analysis. With n = 2|v| + den and d = 2 den, q = floor(n / d)
// = (n m) >> k exactly for n < 2^31, k = 31 + ceil(log2 d), m = ceil(2^k / d): the error
// m d - 2^k < d <= 2^(k - 31) stays below one step. Other values (none for valid parameters:
// |v| <= 1020 4^8, den <= 4 2^8 65535) take the division.
void quantise(const std::vector<std::int32_t>& v, std::int64_t den, std::vector<std::int32_t>& q) {
  q.resize(v.size());
  const std::uint64_t d = 2 * static_cast<std::uint64_t>(den);
  const int k = 31 + static_cast<int>(std::bit_width(d - 1));
  if (k > 63) {
    for (std::size_t i = 0; i < v.size(); ++i) q[i] = static_cast<std::int32_t>(wavelet::round_div(v[i], den));
    return;
  }
  const std::uint64_t m = ((std::uint64_t{1} << k) + d - 1) / d;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::uint64_t n = 2 * static_cast<std::uint64_t>(std::abs(static_cast<std::int64_t>(v[i]))) + static_cast<std::uint64_t>(den);
    if (n >= (std::uint64_t{1} << 31)) {
      q[i] = static_cast<std::int32_t>(wavelet::round_div(v[i], den));
      continue;
    }
    const auto r = static_cast<std::int32_t>((n * m) >> k);
    q[i] = v[i] < 0 ? -r : r;
  }
}

// covered[i]: LL block i and, with radius r = 1, its neighbours inside the band are all hidden
// (`top`: the hidden blocks of the band). A separable erosion, rows then columns.
std::vector<std::uint8_t> covered_blocks(const std::vector<std::uint8_t>& top, int w, int h, int r) {
  std::vector<std::uint8_t> across(top.size()), out(top.size());
  for (int y = 0; y < h; ++y) {
    const std::uint8_t* t = top.data() + static_cast<std::size_t>(y) * w;
    std::uint8_t* o = across.data() + static_cast<std::size_t>(y) * w;
    // The window [x - r, x + r] clipped to the row, one offset at a time: loops that vectorise.
    for (int x = 0; x < w; ++x) o[x] = t[x] != 0;
    for (int d = 1; d <= r; ++d) {
      for (int x = d; x < w; ++x) o[x] &= t[x - d] != 0;
      for (int x = 0; x < w - d; ++x) o[x] &= t[x + d] != 0;
    }
  }
  for (int y = 0; y < h; ++y) {
    std::uint8_t* o = out.data() + static_cast<std::size_t>(y) * w;
    std::fill_n(o, w, std::uint8_t{1});
    for (int yy = std::max(0, y - r); yy <= std::min(h - 1, y + r); ++yy) {
      const std::uint8_t* a = across.data() + static_cast<std::size_t>(yy) * w;
      for (int x = 0; x < w; ++x) o[x] &= a[x];
    }
  }
  return out;
}

std::int64_t max_abs_q(int levels, int step, int scale_d) {
  // |coefficient| <= 255 2^l in value units for every plane (|Co|, |Cg| <= 127.5 even), so the
  // quantised magnitude is bounded; anything larger is corrupt.
  (void)scale_d;
  return ((std::int64_t{255} << levels) / std::max(step, 1)) + 2;
}

}  // namespace

std::vector<PlaneSpec> plane_specs(const Header& h) {
  std::vector<PlaneSpec> s;
  if (h.colour == BackgroundColour::kYCoCg) {
    s.push_back({4, h.levels, h.quant_step, false});
    s.push_back({2, h.levels + h.chroma_levels, h.chroma_step, true});
    s.push_back({4, h.levels + h.chroma_levels, h.chroma_step, true});
  } else {
    for (int c = 0; c < h.channels; ++c) s.push_back({1, h.levels, h.quant_step, false});
  }
  return s;
}

WaveletBackground analyse_wavelet_background(const Image& image, const Header& header, const Image* hidden) {
  WaveletBackground bg;
  const auto specs = plane_specs(header);
  const bool ycocg = header.colour == BackgroundColour::kYCoCg;
  int max_levels = 0;
  for (const auto& s : specs) max_levels = std::max(max_levels, s.levels);
  const auto full = hidden ? hidden_blocks(*hidden, max_levels) : std::vector<std::vector<std::uint8_t>>{};
  // LL bands from block sums (int32 holds 1020 * 4^8); details need the exact int64 pyramid.
  std::vector<wavelet::IntPlane32> sums = level1_sums(image, ycocg);
  std::vector<wavelet::IntPlane> planes;
  if (header.detail_step > 0) {
    const std::size_t n = image.pixel_count();
    const int np = ycocg ? 3 : image.channels;
    for (int p = 0; p < np; ++p) planes.emplace_back(image.width, image.height);
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint8_t* px = image.data.data() + i * image.channels;
      if (ycocg) {
        planes[0].px[i] = px[2] + 2 * px[1] + px[0];
        planes[1].px[i] = px[2] - px[0];
        planes[2].px[i] = 2 * px[1] - px[2] - px[0];
      } else {
        for (int c = 0; c < image.channels; ++c) planes[static_cast<std::size_t>(c)].px[i] = px[c];
      }
    }
  }
  for (std::size_t p = 0; p < specs.size(); ++p) {
    const auto& s = specs[p];
    QuantPlane q;
    if (header.detail_step > 0) {
      q = wavelet::analyse(planes[p], s.scale_d, s.levels, s.step, header.detail_step);
    } else {
      q.levels = s.levels;
      q.sizes = wavelet::level_sizes(image.width, image.height, s.levels);
      wavelet::IntPlane32 top = std::move(sums[p]);  // each plane's sums are used once
      for (int l = 2; l <= s.levels; ++l) top = wavelet::sum_blocks(top);
      quantise(top.px, static_cast<std::int64_t>(s.scale_d) * (std::int64_t{1} << s.levels) * s.step, q.ll);
    }
    if (hidden) {
      const auto [w, h] = q.sizes[static_cast<std::size_t>(s.levels)];
      // A smooth reconstruction spreads a block mean over its neighbours' blocks too.
      const auto covered =
          covered_blocks(full[static_cast<std::size_t>(s.levels)], w, h, header.upsample == Upsample::kSmooth ? 1 : 0);
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
          if (!covered[static_cast<std::size_t>(y) * w + x]) continue;
          const Neighbours n = neighbours(q.ll, w, x, y);
          q.ll[static_cast<std::size_t>(y) * w + x] = med(n.a, n.b, n.c);
        }
      for (int l = 1; l <= static_cast<int>(q.details.size()); ++l) {
        const auto& f = full[static_cast<std::size_t>(l)];
        for (auto& band : q.details[static_cast<std::size_t>(l) - 1])
          for (std::size_t i = 0; i < band.size(); ++i)
            if (f[i]) band[i] = 0;
      }
    }
    bg.planes.push_back(std::move(q));
  }
  return bg;
}

void write_wavelet_background(ByteWriter& out, const WaveletBackground& bg, const Header& header) {
  const auto specs = plane_specs(header);
  rans::SymbolWriter sw(kBackgroundContexts);
  std::size_t symbols = 0;  // reserved at once: the symbol list grew by reallocation
  for (const QuantPlane& q : bg.planes) {
    symbols += q.ll.size();
    for (const auto& bands : q.details)
      for (const auto& band : bands) symbols += band.size();
  }
  sw.reserve(symbols);
  for (std::size_t p = 0; p < specs.size(); ++p) {
    const QuantPlane& q = bg.planes[p];
    const bool chroma = specs[p].chroma;
    // Plain variables, not a structured binding: the lambda captures them (Clang 14 cannot).
    const int w = q.sizes[static_cast<std::size_t>(q.levels)].first;
    const int h = q.sizes[static_cast<std::size_t>(q.levels)].second;
    for_each_ll(q.ll, w, h, [&](int x, int y, const Neighbours& n) {
      sw.put_signed(ll_context(n, chroma), q.ll[static_cast<std::size_t>(y) * w + x] - med(n.a, n.b, n.c));
    });
    for (int l = q.levels; l >= 1 && !q.details.empty(); --l) {
      const auto [bw, bh] = q.sizes[static_cast<std::size_t>(l)];
      for (const auto& band : q.details[static_cast<std::size_t>(l) - 1])
        for (int y = 0; y < bh; ++y)
          for (int x = 0; x < bw; ++x)
            sw.put_signed(detail_context(band, bw, x, y, chroma), band[static_cast<std::size_t>(y) * bw + x]);
    }
  }
  sw.write(out);
}

WaveletBackground read_wavelet_background(ByteReader& in, const Header& header) {
  const auto specs = plane_specs(header);
  // Every coefficient costs at least... nothing with rANS (a certain symbol is free), so the
  // sizes come from the header only; they are bounded by kMaxPixels.
  rans::SymbolReader sr(in, kBackgroundContexts);
  WaveletBackground bg;
  for (const auto& s : specs) {
    QuantPlane q;
    q.levels = s.levels;
    q.sizes = wavelet::level_sizes(static_cast<int>(header.width), static_cast<int>(header.height), s.levels);
    const int w = q.sizes[static_cast<std::size_t>(s.levels)].first;
    const int h = q.sizes[static_cast<std::size_t>(s.levels)].second;
    const std::int64_t limit = max_abs_q(s.levels, s.step, s.scale_d);
    q.ll.assign(static_cast<std::size_t>(w) * h, 0);
    bool bad = false;
    for_each_ll(q.ll, w, h, [&](int x, int y, const Neighbours& n) {
      const std::int64_t v = static_cast<std::int64_t>(med(n.a, n.b, n.c)) + sr.get_signed(ll_context(n, s.chroma));
      bad |= v > limit || v < -limit;
      q.ll[static_cast<std::size_t>(y) * w + x] = static_cast<std::int32_t>(std::clamp<std::int64_t>(v, -limit, limit));
    });
    if (header.detail_step > 0) {
      q.details.resize(static_cast<std::size_t>(s.levels));
      for (int l = s.levels; l >= 1; --l) {
        const auto [bw, bh] = q.sizes[static_cast<std::size_t>(l)];
        const std::int64_t dlimit = max_abs_q(l, header.detail_step, s.scale_d);
        for (auto& band : q.details[static_cast<std::size_t>(l) - 1]) {
          band.assign(static_cast<std::size_t>(bw) * bh, 0);
          for (int y = 0; y < bh; ++y)
            for (int x = 0; x < bw; ++x) {
              const std::int64_t v = sr.get_signed(detail_context(band, bw, x, y, s.chroma));
              bad |= v > dlimit || v < -dlimit;
              band[static_cast<std::size_t>(y) * bw + x] = static_cast<std::int32_t>(std::clamp<std::int64_t>(v, -dlimit, dlimit));
            }
        }
      }
    }
    if (bad) throw Error(ErrorCode::kCorrupt, in.what() + ": coefficient out of range");
    bg.planes.push_back(std::move(q));
  }
  sr.finish(in.what());
  return bg;
}

namespace {

std::uint64_t encode_wavelet(ByteWriter& out, const Image& image, const Header& header, const Image* hidden,
                             const Box& needed, Image& background) {
  const WaveletBackground bg = analyse_wavelet_background(image, header, hidden);
  background = synthesize_wavelet_background(bg, header, &needed);
  const std::size_t start = out.size();
  write_wavelet_background(out, bg, header);
  return static_cast<std::uint64_t>(out.size() - start) * 8;
}

Image decode_wavelet(ByteReader& in, Header& header) {
  return synthesize_wavelet_background(read_wavelet_background(in, header), header);
}

// "ll_bits" is the whole payload.
std::uint64_t wavelet_bits(ByteReader& in, Header&) {
  const std::size_t n = in.remaining();
  in.bytes(n);
  return static_cast<std::uint64_t>(n) * 8;
}

}  // namespace

extern const BackgroundOps kWaveletRansOps = {encode_wavelet, decode_wavelet, wavelet_bits};

}  // namespace codec
