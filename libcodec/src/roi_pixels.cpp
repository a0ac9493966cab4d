#include "roi_pixels.hpp"

#include "roi_weighted.hpp"

#include "huffman_coder.hpp"
#include "kernels.hpp"
#include "padded_planes.hpp"
#include "rans.hpp"
#include "plane.hpp"

#include <codec/error.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

namespace codec {
namespace {

// The reversible colour transform: B,G,R -> (B-G, G, R-G) mod 256; gray stays as it is.
std::vector<Plane<std::uint8_t>> to_planes(const Image& img) {
  std::vector<Plane<std::uint8_t>> p;
  for (int c = 0; c < img.channels; ++c) p.emplace_back(img.width, img.height);
  const std::size_t n = img.pixel_count();
  const std::uint8_t* s = img.data.data();
  if (img.channels == 1) {
    std::copy(s, s + n, p[0].px.begin());
    return p;
  }
  for (std::size_t i = 0; i < n; ++i, s += 3) {
    p[0].px[i] = static_cast<std::uint8_t>(s[0] - s[1]);
    p[1].px[i] = s[1];
    p[2].px[i] = static_cast<std::uint8_t>(s[2] - s[1]);
  }
  return p;
}

std::uint8_t inverse_at(const std::vector<Plane<std::uint8_t>>& p, std::size_t i, int c) {
  if (p.size() == 1) return p[0].px[i];
  const std::uint8_t g = p[1].px[i];
  if (c == 1) return g;
  return static_cast<std::uint8_t>(p[static_cast<std::size_t>(c)].px[i] + g);
}

// LOCO-I median edge detector with the border rules of codec/format.hpp.
inline int predict(const Plane<std::uint8_t>& ctx, int x, int y) {
  const int a = x > 0 ? ctx.at(x - 1, y) : (y > 0 ? ctx.at(x, y - 1) : 128);
  const int b = y > 0 ? ctx.at(x, y - 1) : a;
  const int c = (x > 0 && y > 0) ? ctx.at(x - 1, y - 1) : b;
  const int mx = std::max(a, b), mn = std::min(a, b);
  if (c >= mx) return mn;
  if (c <= mn) return mx;
  return a + b - c;
}

void write_med_huffman(ByteWriter& out, const Image& image, const Image& mask, const Image& background,
                       std::size_t count) {
  // The decoder sees exact values inside the mask and the background outside it.
  Image composite = background;
  for (std::size_t i = 0; i < mask.pixel_count(); ++i)
    if (mask.data[i])
      for (int c = 0; c < image.channels; ++c)
        composite.data[i * image.channels + c] = image.data[i * image.channels + c];
  auto planes = to_planes(composite);
  std::vector<std::int32_t> symbols(count);
  for (auto& plane : planes) {
    std::size_t k = 0;
    for (int y = 0; y < plane.height; ++y) {
      const std::uint8_t* m = mask.row(y);
      for (int x = 0; x < plane.width; ++x)
        if (m[x]) symbols[k++] = (plane.at(x, y) - predict(plane, x, y)) & 255;
    }
    huffman::write_block(out, symbols);
  }
}

Image read_med_huffman(ByteReader& in, const Image& mask, const Image& background, std::size_t count) {
  Image exact = background;
  // Each symbol takes at least one bit: reject impossible counts before allocating.
  if (count / 8 > in.remaining())
    throw Error(ErrorCode::kTruncated, in.what() + ": too short for its pixel count");
  auto planes = to_planes(background);
  std::vector<std::int32_t> symbols(count);
  for (auto& plane : planes) {
    huffman::read_block(in, symbols);
    std::size_t k = 0;
    for (int y = 0; y < plane.height; ++y) {
      const std::uint8_t* m = mask.row(y);
      for (int x = 0; x < plane.width; ++x)
        if (m[x]) {
          const std::int32_t r = symbols[k++];
          if (r < 0 || r > 255) throw Error(ErrorCode::kCorrupt, in.what() + ": residual out of range");
          plane.at(x, y) = static_cast<std::uint8_t>(predict(plane, x, y) + r);
        }
    }
  }
  for (std::size_t i = 0; i < mask.pixel_count(); ++i)
    if (mask.data[i])
      for (int c = 0; c < exact.channels; ++c) exact.data[i * exact.channels + c] = inverse_at(planes, i, c);
  return exact;
}

// ---- kContextRans ---------------------------------------------------------------------------
//
// The work happens on padded planes covering the mask's bounding box plus the neighbours the
// predictor reads: one column left and right, one row above. P(i, j) is the image pixel
// (box.x0 - 1 + i, box.y0 - 1 + j); outside the image it holds the plane's constant.

constexpr int kRoiContextsPerPlane = 6;

// Context of a residual: the local activity, in six buckets. (More buckets, or the size of the
// same pixel's luma residual for the chroma planes, cost more in tables than they saved on the
// PBC crops.) The table covers every activity of valid planes (at most 3 * 510); a corrupt
// stream's larger values are clamped to its last entry.
constexpr int kMaxActivity = 2047;
struct ActivityBuckets {
  std::uint8_t lut[kMaxActivity + 1];
  constexpr ActivityBuckets() : lut{} {
    constexpr int kThresholds[kRoiContextsPerPlane - 1] = {1, 4, 9, 18, 36};
    for (int a = 0; a <= kMaxActivity; ++a) {
      int b = 0;
      while (b < kRoiContextsPerPlane - 1 && a > kThresholds[b]) ++b;
      lut[a] = static_cast<std::uint8_t>(b);
    }
  }
};
constexpr ActivityBuckets kBuckets;

inline int activity_bucket(int act) { return kBuckets.lut[std::min(act, kMaxActivity)]; }

// The median edge detector: min(a, b) when c >= max(a, b), max(a, b) when c <= min(a, b),
// else a + b - c; that is a + b - c clamped to [min, max] (branch-free).
inline int med3(int a, int b, int c) {
  const int mx = std::max(a, b), mn = std::min(a, b);
  return c >= mx ? mn : (c <= mn ? mx : a + b - c);
}

using PaddedPlanes16 = PaddedPlanes<std::int16_t>;

// Pixels in raster order, the planes of each pixel one after the other, each plane in its own
// rANS lane (independent dependency chains for the decoder).
void write_context_rans(ByteWriter& out, const Image& image, const Image& mask, const MaskRuns& runs, const Image& background) {
  const Box& box = runs.box;
  const PaddedPlanes16 pp = padded_planes<std::int16_t>(&image, mask, box, background);
  const int np = static_cast<int>(pp.p.size());
  rans::SymbolWriter sw(kRoiContextsPerPlane * np, np);
  sw.reserve(runs.count * static_cast<std::size_t>(np));
  // Per run and plane, residuals and activities in one vectorised pass; then the symbols in
  // coding order (pixel by pixel, the planes of each pixel one after the other).
  const std::size_t width = static_cast<std::size_t>(box.width());
  std::vector<std::uint32_t> zz(width * static_cast<std::size_t>(np));
  std::vector<std::int32_t> act(width * static_cast<std::size_t>(np));
  for (int y = box.y0; y < box.y1; ++y) {
    const std::size_t row0 = static_cast<std::size_t>(y - box.y0 + 1) * pp.pw;
    for (std::uint32_t r = runs.row_begin[static_cast<std::size_t>(y)]; r < runs.row_begin[static_cast<std::size_t>(y) + 1]; ++r) {
      const int i0 = runs.runs[r].first - box.x0 + 1, n = runs.runs[r].second - runs.runs[r].first;
      for (int c = 0; c < np; ++c) {
        const std::int16_t* row = pp.p[static_cast<std::size_t>(c)].data() + row0;
        kernels::med_residuals(row + i0, row + i0 - pp.pw, n, zz.data() + c * width, act.data() + c * width);
      }
      for (int i = 0; i < n; ++i)
        for (int c = 0; c < np; ++c) {
          const std::size_t k = c * width + static_cast<std::size_t>(i);
          sw.put(c * kRoiContextsPerPlane + activity_bucket(act[k]), zz[k], c);
        }
    }
  }
  sw.write(out);
}

ExactPixels read_context_rans(ByteReader& in, const Image& mask, const MaskRuns& runs, const Image& background) {
  const Box& box = runs.box;
  PaddedPlanes16 pp = padded_planes<std::int16_t>(nullptr, mask, box, background);
  const int np = static_cast<int>(pp.p.size());
  rans::SymbolReader sr(in, kRoiContextsPerPlane * np, np);
  // Values are not range-checked here: a corrupt stream can only produce wrong values (stored
  // modulo 2^16, contexts clamped), and the conversion below rejects any outside 0..255.
  // The upper row's part of each activity is computed for the whole row first (vectorised).
  std::vector<std::int16_t> up_act(static_cast<std::size_t>(pp.pw) * static_cast<std::size_t>(np));
  auto decode_one = [&](std::int16_t* row, const std::int16_t* up, const std::int16_t* ua, int i, int c) {
    const int a = row[i - 1], b = up[i], cc = up[i - 1];
    const int ctx = c * kRoiContextsPerPlane + activity_bucket(std::abs(a - cc) + ua[i]);
    row[i] = static_cast<std::int16_t>(med3(a, b, cc) + sr.get_signed(ctx, c));
  };
  for (int y = box.y0; y < box.y1; ++y) {
    const std::uint32_t r0 = runs.row_begin[static_cast<std::size_t>(y)], r1 = runs.row_begin[static_cast<std::size_t>(y) + 1];
    if (r0 == r1) continue;
    const std::size_t row0 = static_cast<std::size_t>(y - box.y0 + 1) * pp.pw;
    const int span0 = runs.runs[r0].first - box.x0 + 1, span1 = runs.runs[r1 - 1].second - box.x0 + 1;
    std::int16_t* rows[3];
    const std::int16_t* ua[3];
    for (int c = 0; c < np; ++c) {
      rows[c] = pp.p[static_cast<std::size_t>(c)].data() + row0;
      std::int16_t* u = up_act.data() + static_cast<std::size_t>(c) * pp.pw;
      kernels::up_activity(rows[c] - pp.pw + span0, span1 - span0, u + span0);
      ua[c] = u;
    }
    for (std::uint32_t r = r0; r < r1; ++r) {
      const int i0 = runs.runs[r].first - box.x0 + 1, i1 = runs.runs[r].second - box.x0 + 1;
      if (np == 3) {
        for (int i = i0; i < i1; ++i) {
          decode_one(rows[0], rows[0] - pp.pw, ua[0], i, 0);
          decode_one(rows[1], rows[1] - pp.pw, ua[1], i, 1);
          decode_one(rows[2], rows[2] - pp.pw, ua[2], i, 2);
        }
      } else {
        for (int i = i0; i < i1; ++i) decode_one(rows[0], rows[0] - pp.pw, ua[0], i, 0);
      }
    }
  }
  sr.finish(in.what());
  ExactPixels ex;
  ex.box = box;
  const int ch = background.channels;
  ex.pixels = Image::uninitialized(box.width(), box.height(), ch);  // every row copied below
  for (int y = box.y0; y < box.y1; ++y) {
    std::uint8_t* o = ex.pixels.row(y - box.y0);
    std::copy_n(background.row(y) + static_cast<std::size_t>(box.x0) * ch, static_cast<std::size_t>(box.width()) * ch, o);
    const std::size_t k0 = static_cast<std::size_t>(y - box.y0 + 1) * pp.pw + 1 - box.x0;
    for (std::uint32_t run = runs.row_begin[static_cast<std::size_t>(y)]; run < runs.row_begin[static_cast<std::size_t>(y) + 1]; ++run)
      for (int x = runs.runs[run].first; x < runs.runs[run].second; ++x) {
      std::uint8_t* px = o + static_cast<std::size_t>(x - box.x0) * ch;
      const std::size_t k = k0 + x;
      if (ch == 1) {
        const int v = pp.p[0][k];
        if (v & ~255) throw Error(ErrorCode::kCorrupt, in.what() + ": pixel value out of range");
        px[0] = static_cast<std::uint8_t>(v);
        continue;
      }
      if (!ycocg_r_to_bgr(pp.p[0][k], pp.p[1][k], pp.p[2][k], px))
        throw Error(ErrorCode::kCorrupt, in.what() + ": colour out of range");
    }
  }
  return ex;
}

ExactPixels crop(const Image& full, const Box& box) {
  ExactPixels ex;
  ex.box = box;
  ex.pixels = Image(box.width(), box.height(), full.channels);
  for (int y = box.y0; y < box.y1; ++y)
    std::copy_n(full.row(y) + static_cast<std::size_t>(box.x0) * full.channels,
                static_cast<std::size_t>(box.width()) * full.channels, ex.pixels.row(y - box.y0));
  return ex;
}

}  // namespace

std::size_t write_roi_pixels(ByteWriter& out, RoiMethod method, const Image& image, const Image& mask,
                             const MaskRuns& runs, const Image& background) {
  const std::size_t count = runs.count;
  out.varint(static_cast<std::uint32_t>(count));
  if (count == 0) return 0;
  if (method == RoiMethod::kContextRans)
    write_context_rans(out, image, mask, runs, background);
  else if (method == RoiMethod::kWeightedRans)
    write_weighted_rans(out, image, mask, runs, background);
  else
    write_med_huffman(out, image, mask, background, count);
  return count;
}

ExactPixels read_roi_pixels(ByteReader& in, RoiMethod method, const Image& mask, const MaskRuns& runs,
                            const Image& background) {
  const std::size_t count = in.varint();
  if (count != runs.count)
    throw Error(ErrorCode::kCorrupt, in.what() + ": pixel count " + std::to_string(count) + " does not match the mask");
  if (count == 0) return ExactPixels{};
  if (method == RoiMethod::kContextRans) return read_context_rans(in, mask, runs, background);
  if (method == RoiMethod::kWeightedRans) return read_weighted_rans(in, mask, runs, background);
  return crop(read_med_huffman(in, mask, background, count), runs.box);
}

}  // namespace codec
