#include "roi_context_rans.hpp"

#include "kernels.hpp"
#include "padded_planes.hpp"
#include "primitives.hpp"
#include "rans.hpp"

#include <codec/error.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

namespace codec {
namespace {

//
// The work happens on padded planes covering the mask's bounding box plus the neighbours the
// predictor reads: one column left and right, one row above. P(i, j) is the image pixel
// (box.x0 - 1 + i, box.y0 - 1 + j); outside the image it holds the plane's constant.

constexpr int kRoiContextsPerPlane = 6;

// Context of a residual: the local activity, in six buckets (primitives.hpp). (More buckets, or
// the size of the same pixel's luma residual for the chroma planes, cost more in tables than
// they saved on the PBC crops.)
static_assert(kRoiContextsPerPlane == kActivityBucketCount);

using PaddedPlanes16 = PaddedPlanes<std::int16_t>;

// Pixels in raster order, the planes of each pixel one after the other, each plane in its own
// rANS lane (independent dependency chains for the decoder).
std::uint64_t write_context_rans(ByteWriter& out, const Image& image, const Image& mask, const MaskRuns& runs, const Image& background,
    const jpeg::Coefficients* /*source: pixel coder*/) {
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
          sw.put(c * kRoiContextsPerPlane + kActivityBucket(act[k]), zz[k], c);
        }
    }
  }
  sw.write(out);
  return 0;
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
    const int ctx = c * kRoiContextsPerPlane + kActivityBucket(std::abs(a - cc) + ua[i]);
    row[i] = static_cast<std::int16_t>(med(a, b, cc) + sr.get_signed(ctx, c));
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

}  // namespace

extern const RoiOps kContextRansOps = {write_context_rans, read_context_rans, nullptr};

}  // namespace codec
