#include "roi_weighted.hpp"

#include "padded_planes.hpp"
#include "primitives.hpp"
#include "rans.hpp"

#include <codec/error.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

// The model, per plane (codec/format.hpp has the normative description):
//  - values are replaced by their rank among the values the plane's ROI pixels use, so that
//    images with gaps in their histogram (contrast-stretched, few grey levels) predict as well as
//    dense ones;
//  - five predictors at 1/8 pixel precision are blended with weights falling as the 1.5th power
//    of each one's absolute error summed over five causal neighbours, a self-correcting scheme in
//    the spirit of JPEG XL's weighted predictor, with the median edge detector among them for
//    sharp edges and near-binary content;
//  - the blend's own errors at the neighbours give the coding context (their largest magnitude,
//    with the local activity) and a bias-cancellation context (JPEG-LS style correction counter);
//  - residuals go to the static context rANS of rans.hpp, one lane per plane.

namespace codec {
namespace {

constexpr int kPredictors = 5;
constexpr int kErrorBuckets = 13;
constexpr int kActivityBuckets = kActivityBucketCount;
constexpr int kContextsPerPlane = kErrorBuckets * kActivityBuckets;
constexpr int kBiasContexts = 2 * kErrorBuckets * kActivityBuckets;
constexpr int kBiasReset = 64;
constexpr int kMaxErrorSum = 4095;

// Weight of a predictor whose neighbours' errors sum to e: floor(2^34 / ((e + 1) isqrt(256 (e + 1))))
// ~ 2^30 / (e + 1)^1.5. A steeper fall than 1/e trusts the currently exact predictor more, which
// matters on edges and near-binary images; a gentler one averages better on noisy texture.
constexpr std::uint32_t isqrt(std::uint32_t n) {
  std::uint32_t r = 0;
  for (std::uint32_t bit = 1u << 30; bit; bit >>= 2)
    if (r + bit <= n) {
      n -= r + bit;
      r = (r >> 1) + bit;
    } else {
      r >>= 1;
    }
  return r;
}
struct WeightTable {
  std::uint32_t w[kMaxErrorSum + 1];
  constexpr WeightTable() : w{} {
    for (std::uint32_t e = 0; e <= kMaxErrorSum; ++e)
      w[e] = static_cast<std::uint32_t>((std::uint64_t{1} << 34) / ((e + 1) * std::uint64_t{isqrt(256 * (e + 1))}));
  }
};
constexpr WeightTable kWeights;
static_assert(kWeights.w[0] == (1u << 30) && kWeights.w[kMaxErrorSum] == (1u << 12));

// |largest neighbour error| in 1/8 pixel units, and activity in ranks.
constexpr int kErrorThresholds[kErrorBuckets - 1] = {0, 2, 5, 9, 15, 25, 40, 64, 100, 160, 256, 400};
constexpr Buckets<kErrorBuckets - 1, 512> kErrorBucket(kErrorThresholds);

// Errors a coded pixel leaves for its successors; zero where nothing was coded.
struct PixelErrors {
  std::int32_t te = 0;                // blended prediction - 8 value
  std::int32_t se[kPredictors] = {};  // (|predictor - 8 value| + 3) >> 3
};

// What the row above contributes to a pixel's prediction, gathered for a whole row before it is
// coded (off the decoder's pixel-to-pixel dependency chain).
struct UpperSums {
  std::int32_t es[kPredictors];  // se of NW + N + NE
  std::int32_t te_n_ne, te_n_nw, te_nw_n_ne;
  std::int32_t maxerr;           // of N, NW, NE: largest magnitude, first on ties
  std::int32_t sign;             // 1 when te of N and NW are both > 0, -1 both < 0, else 0
};

inline void upper_sums(const PixelErrors* prev, int i0, int i1, UpperSums* out) {
  for (int i = i0; i < i1; ++i) {
    const PixelErrors& nw = prev[i];
    const PixelErrors& n = prev[i + 1];
    const PixelErrors& ne = prev[i + 2];
    UpperSums& u = out[i];
    for (int k = 0; k < kPredictors; ++k) u.es[k] = nw.se[k] + n.se[k] + ne.se[k];
    u.te_n_ne = n.te + ne.te;
    u.te_n_nw = n.te + nw.te;
    u.te_nw_n_ne = nw.te + n.te + ne.te;
    int me = n.te;
    me = std::abs(nw.te) > std::abs(me) ? nw.te : me;
    me = std::abs(ne.te) > std::abs(me) ? ne.te : me;
    u.maxerr = me;
    u.sign = (n.te > 0 && nw.te > 0) ? 1 : ((n.te < 0 && nw.te < 0) ? -1 : 0);
  }
}

// JPEG-LS style bias cancellation state of one context.
struct Bias {
  std::int32_t sum = 0, count = 0, correction = 0;
};

// The value range of a plane: gray and Y 0..255, Co and Cg -255..255.
struct ValueRange {
  int lo, size;
};
inline ValueRange plane_range(int channels, int plane) {
  return channels == 1 || plane == 0 ? ValueRange{0, 256} : ValueRange{-255, 511};
}

struct PlaneModel {
  ValueRange range{0, 256};
  std::vector<std::int32_t> rank;   // per value of the range: number of used values below it
  std::vector<std::int32_t> value;  // the used values, ascending
  std::vector<std::int32_t> px;     // padded plane of ranks (pw x ph)
  std::vector<PixelErrors> err[2];  // previous and current row, index i + 1 (i = -1 readable)
  std::vector<UpperSums> upper;     // per column i, for the current row
  std::vector<Bias> bias = std::vector<Bias>(kBiasContexts);

  void set_used(const std::vector<bool>& used) {
    rank.assign(static_cast<std::size_t>(range.size), 0);
    value.clear();
    for (int k = 0; k < range.size; ++k) {
      rank[static_cast<std::size_t>(k)] = static_cast<std::int32_t>(value.size());
      if (used[static_cast<std::size_t>(k)]) value.push_back(range.lo + k);
    }
  }
  int to_rank(int v) const { return rank[static_cast<std::size_t>(v - range.lo)]; }
};

// The transformed values over the mask's box (padded_planes.hpp); the caller maps them to ranks.
using Padded = PaddedPlanes<std::int32_t>;

// What the model says about one pixel before its value is known.
struct Prediction {
  std::int32_t blend;     // the clamped blend, 1/8 units
  std::int32_t biased;    // blend + correction
  std::int32_t rank;      // the predicted rank
  int context;            // coding context within the plane
  int bias_context;
  std::int32_t sub[kPredictors];
};

inline std::int32_t floor_div(std::int64_t num, std::int64_t den) {  // den > 0
  return static_cast<std::int32_t>(num >= 0 ? num / den : -((-num + den - 1) / den));
}

// Prediction of P(i, j), whose row starts at `row` (the row above at row - pw); `cur` and `prev`
// are the error rows, offset by one.
inline Prediction predict(const PlaneModel& m, const std::int32_t* row, int pw, const PixelErrors* cur, int i) {
  const std::int32_t* up = row - pw;
  const int w = row[i - 1], n = up[i], nw = up[i - 1], ne = up[i + 1];
  const PixelErrors& eW = cur[i];  // cur is offset by one: index i is column i - 1
  const PixelErrors& eWW = cur[i - 1];
  const UpperSums& u = m.upper[static_cast<std::size_t>(i)];
  const int w8 = w * 8, n8 = n * 8, ne8 = ne * 8;
  Prediction p;
  p.sub[0] = w8 + ne8 - n8;
  p.sub[1] = n8 - (((eW.te + u.te_n_ne) * 16) >> 5);
  p.sub[2] = w8 - (((eW.te + u.te_n_nw) * 10) >> 5);
  p.sub[3] = n8 - ((u.te_nw_n_ne * 7) >> 5);
  p.sub[4] = med(w, n, nw) * 8;
  std::int64_t sum = 0, acc = 0;
  for (int k = 0; k < kPredictors; ++k) {
    const int e = std::min(u.es[k] + eW.se[k] + eWW.se[k], kMaxErrorSum);
    const std::uint32_t wt = kWeights.w[e];
    sum += wt;
    acc += static_cast<std::int64_t>(wt) * p.sub[k];
  }
  std::int32_t blend = floor_div(acc + sum / 2, sum);
  // Unless the neighbours' errors agree in sign (a trend the blend should follow), stay within
  // the range of the three nearest values; always within the valid ranks. (Selects rather than
  // branches: the sign pattern is unpredictable.)
  const bool agree = (u.sign > 0 && eW.te > 0) | (u.sign < 0 && eW.te < 0);
  const std::int32_t clamped = std::clamp(blend, std::min({w8, n8, ne8}), std::max({w8, n8, ne8}));
  blend = agree ? blend : clamped;
  const std::int32_t top = static_cast<std::int32_t>(m.value.size()) - 1;
  blend = std::clamp(blend, 0, top * 8);
  p.blend = blend;
  // The neighbour error of largest magnitude (first of W, N, NW, NE on ties).
  // The neighbour error of largest magnitude (first of W, N, NW, NE on ties).
  const int maxerr = std::abs(u.maxerr) > std::abs(eW.te) ? u.maxerr : eW.te;
  const int eb = kErrorBucket(std::abs(maxerr));
  const int ab = kActivityBucket(std::abs(w - nw) + std::abs(n - nw) + std::abs(ne - n));
  p.context = eb * kActivityBuckets + ab;
  p.bias_context = (eb * 2 + (maxerr < 0)) * kActivityBuckets + ab;
  p.biased = blend + m.bias[static_cast<std::size_t>(p.bias_context)].correction;
  p.rank = std::clamp((p.biased + 4) >> 3, 0, top);
  return p;
}

// Records the coded rank v at column i (error rows offset by one).
inline void update(PlaneModel& m, const Prediction& p, PixelErrors* cur, int i, std::int32_t v) {
  const std::int32_t v8 = v * 8;
  PixelErrors& e = cur[i + 1];
  e.te = p.blend - v8;
  for (int k = 0; k < kPredictors; ++k) e.se[k] = (std::abs(p.sub[k] - v8) + 3) >> 3;
  Bias& b = m.bias[static_cast<std::size_t>(p.bias_context)];
  b.sum += v8 - p.biased;
  if (++b.count == kBiasReset) {
    b.sum >>= 1;
    b.count >>= 1;
  }
  // The correction moves by one step when the average error leaves (-1, 0]; written as selects,
  // the branches being unpredictable.
  const bool down = b.sum <= -b.count, up = !down && b.sum > 0;
  b.correction += static_cast<int>(up) - static_cast<int>(down);
  const std::int32_t lowered = std::max(b.sum + b.count, -b.count + 1), raised = std::min(b.sum - b.count, 0);
  b.sum = down ? lowered : (up ? raised : b.sum);
}

// The models with their padded rank planes.
struct Models {
  int pw = 0, ph = 0;
  std::vector<PlaneModel> planes;
};

void fill_ranks(Models& ms, Padded&& pd) {
  ms.pw = pd.pw;
  ms.ph = pd.ph;
  for (std::size_t c = 0; c < ms.planes.size(); ++c) {
    PlaneModel& m = ms.planes[c];
    m.px = std::move(pd.p[c]);
    for (std::int32_t& v : m.px) v = m.to_rank(v);
    for (auto& e : m.err) e.assign(static_cast<std::size_t>(ms.pw) + 1, PixelErrors{});
    m.upper.assign(static_cast<std::size_t>(ms.pw), UpperSums{});
  }
}

// Visits the mask's pixels in raster order; for each pixel, f(plane, model, row pointer, i, cur)
// for every plane in turn. Error rows roll and are cleared row by row.
template <class F>
void for_each_pixel(Models& ms, const MaskRuns& runs, F&& f) {
  const Box& box = runs.box;
  const int np = static_cast<int>(ms.planes.size());
  for (int y = box.y0; y < box.y1; ++y) {
    const std::size_t row0 = static_cast<std::size_t>(y - box.y0 + 1) * ms.pw;
    const int parity = (y - box.y0) & 1;
    for (auto& m : ms.planes) std::fill(m.err[parity].begin(), m.err[parity].end(), PixelErrors{});
    const std::uint32_t r0 = runs.row_begin[static_cast<std::size_t>(y)], r1 = runs.row_begin[static_cast<std::size_t>(y) + 1];
    if (r0 == r1) continue;
    const int span0 = runs.runs[r0].first - box.x0 + 1, span1 = runs.runs[r1 - 1].second - box.x0 + 1;
    for (auto& m : ms.planes) upper_sums(m.err[parity ^ 1].data(), span0, span1, m.upper.data());
    for (std::uint32_t r = r0; r < r1; ++r) {
      const int i0 = runs.runs[r].first - box.x0 + 1, i1 = runs.runs[r].second - box.x0 + 1;
      for (int i = i0; i < i1; ++i)
        for (int c = 0; c < np; ++c) {
          PlaneModel& m = ms.planes[static_cast<std::size_t>(c)];
          f(c, m, m.px.data() + row0, i, m.err[parity].data());
        }
    }
  }
}

// Value sets: runs of unused and used values over the plane's range (codec/format.hpp).
void write_value_set(ByteWriter& out, const std::vector<bool>& used) {
  std::vector<std::uint32_t> lens;
  bool state = false;  // runs start with unused values
  std::uint32_t len = 0;
  for (const bool u : used) {
    if (u != state) {
      lens.push_back(len);
      state = u;
      len = 0;
    }
    ++len;
  }
  if (state) lens.push_back(len);  // a final unused run is implied
  out.varint(static_cast<std::uint32_t>(lens.size()));
  for (const std::uint32_t l : lens) out.varint(l);
}

std::vector<bool> read_value_set(ByteReader& in, int size) {
  const std::uint32_t n = in.varint();
  if (n < 2 || n % 2 != 0 || n > static_cast<std::uint32_t>(size) + 1)
    throw Error(ErrorCode::kCorrupt, in.what() + ": value set of " + std::to_string(n) + " runs");
  std::vector<bool> used(static_cast<std::size_t>(size), false);
  std::uint32_t pos = 0;
  for (std::uint32_t r = 0; r < n; ++r) {
    const std::uint32_t len = in.varint();
    if ((r > 0 && len == 0) || len > static_cast<std::uint32_t>(size) - pos)
      throw Error(ErrorCode::kCorrupt, in.what() + ": value set run out of range");
    if (r % 2 == 1) std::fill_n(used.begin() + pos, len, true);
    pos += len;
  }
  return used;
}

}  // namespace

std::uint64_t write_weighted_rans(ByteWriter& out, const Image& image, const Image& mask, const MaskRuns& runs,
                         const Image& background,
    const jpeg::Coefficients* /*source: pixel coder*/) {
  const int ch = image.channels;
  Padded pd = padded_planes<std::int32_t>(&image, mask, runs.box, background);
  Models ms;
  ms.planes.resize(static_cast<std::size_t>(ch));
  // The value sets of the mask's pixels.
  for (int c = 0; c < ch; ++c) {
    PlaneModel& m = ms.planes[static_cast<std::size_t>(c)];
    m.range = plane_range(ch, c);
    std::vector<bool> used(static_cast<std::size_t>(m.range.size), false);
    const std::vector<std::int32_t>& p = pd.p[static_cast<std::size_t>(c)];
    for (int y = runs.box.y0; y < runs.box.y1; ++y) {
      const std::size_t row0 = static_cast<std::size_t>(y - runs.box.y0 + 1) * pd.pw + 1 - runs.box.x0;
      for (std::uint32_t r = runs.row_begin[static_cast<std::size_t>(y)]; r < runs.row_begin[static_cast<std::size_t>(y) + 1]; ++r)
        for (int x = runs.runs[r].first; x < runs.runs[r].second; ++x)
          used[static_cast<std::size_t>(p[row0 + static_cast<std::size_t>(x)] - m.range.lo)] = true;
    }
    write_value_set(out, used);
    m.set_used(used);
  }
  fill_ranks(ms, std::move(pd));
  rans::SymbolWriter sw(kContextsPerPlane * ch, ch);
  sw.reserve(runs.count * static_cast<std::size_t>(ch));
  const int pw = ms.pw;
  for_each_pixel(ms, runs, [&](int c, PlaneModel& m, std::int32_t* row, int i, PixelErrors* cur) {
    const Prediction p = predict(m, row, pw, cur, i);
    const std::int32_t v = row[i];
    sw.put_signed(c * kContextsPerPlane + p.context, v - p.rank, c);
    update(m, p, cur, i, v);
  });
  sw.write(out);
  return 0;
}

ExactPixels read_weighted_rans(ByteReader& in, const Image& mask, const MaskRuns& runs, const Image& background) {
  const int ch = background.channels;
  const Box& box = runs.box;
  Models ms;
  ms.planes.resize(static_cast<std::size_t>(ch));
  for (int c = 0; c < ch; ++c) {
    PlaneModel& m = ms.planes[static_cast<std::size_t>(c)];
    m.range = plane_range(ch, c);
    m.set_used(read_value_set(in, m.range.size));
  }
  fill_ranks(ms, padded_planes<std::int32_t>(nullptr, mask, box, background));
  rans::SymbolReader sr(in, kContextsPerPlane * ch, ch);
  // A corrupt stream can decode ranks outside the value set: they are clamped so that decoding
  // stays defined, and rejected once at the end.
  bool bad = false;
  const int pw = ms.pw;
  for_each_pixel(ms, runs, [&](int c, PlaneModel& m, std::int32_t* row, int i, PixelErrors* cur) {
    const Prediction p = predict(m, row, pw, cur, i);
    const std::int64_t v = std::int64_t{p.rank} + sr.get_signed(c * kContextsPerPlane + p.context, c);
    const std::int32_t top = static_cast<std::int32_t>(m.value.size()) - 1;
    if (v < 0 || v > top) bad = true;
    row[i] = static_cast<std::int32_t>(std::clamp<std::int64_t>(v, 0, top));
    update(m, p, cur, i, row[i]);
  });
  sr.finish(in.what());
  if (bad) throw Error(ErrorCode::kCorrupt, in.what() + ": pixel value outside the value set");
  ExactPixels ex;
  ex.box = box;
  ex.pixels = Image::uninitialized(box.width(), box.height(), ch);  // every row copied below
  for (int y = box.y0; y < box.y1; ++y) {
    std::uint8_t* o = ex.pixels.row(y - box.y0);
    std::copy_n(background.row(y) + static_cast<std::size_t>(box.x0) * ch, static_cast<std::size_t>(box.width()) * ch, o);
    const std::size_t k0 = static_cast<std::size_t>(y - box.y0 + 1) * pw + 1 - box.x0;
    for (std::uint32_t r = runs.row_begin[static_cast<std::size_t>(y)]; r < runs.row_begin[static_cast<std::size_t>(y) + 1]; ++r)
      for (int x = runs.runs[r].first; x < runs.runs[r].second; ++x) {
        std::uint8_t* px = o + static_cast<std::size_t>(x - box.x0) * ch;
        const std::size_t k = k0 + static_cast<std::size_t>(x);
        if (ch == 1) {
          px[0] = static_cast<std::uint8_t>(ms.planes[0].value[static_cast<std::size_t>(ms.planes[0].px[k])]);
          continue;
        }
        const int yv = ms.planes[0].value[static_cast<std::size_t>(ms.planes[0].px[k])];
        const int co = ms.planes[1].value[static_cast<std::size_t>(ms.planes[1].px[k])];
        const int cg = ms.planes[2].value[static_cast<std::size_t>(ms.planes[2].px[k])];
        if (!ycocg_r_to_bgr(yv, co, cg, px)) throw Error(ErrorCode::kCorrupt, in.what() + ": colour out of range");
      }
  }
  return ex;
}

extern const RoiOps kWeightedRansOps = {write_weighted_rans, read_weighted_rans, nullptr};

}  // namespace codec
