// The project's detector: nuclear stain in optical density, sized against the red cells.
// Method and rationale: roi/detect.hpp.
#include "detectors.hpp"
#include "morphology.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace roi {
namespace {

constexpr double kStainScale = 1.5;  // OD range of the stain map shown in `feature`
constexpr double kCloseRbc = 0.15;   // closing radius that merges granules, in red-cell radii
constexpr double kGroupRbc = 0.3;    // pieces closer than this are one object, in red-cell radii

// Counts of each value of `values` (below N). Runs of equal values are common (flat
// background), so four interleaved histograms keep the increments from waiting on each other.
template <std::size_t N, typename T>
std::array<std::size_t, N> histogram(const std::vector<T>& values) {
  std::array<std::array<std::size_t, N>, 4> part{};
  const std::size_t n = values.size();
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4)
    for (std::size_t k = 0; k < 4; ++k) ++part[k][values[i + k]];
  for (; i < n; ++i) ++part[0][values[i]];
  for (std::size_t v = 0; v < N; ++v) part[0][v] += part[1][v] + part[2][v] + part[3][v];
  return part[0];
}

// Background colour: per channel, the median of the brightest fifth of the pixels.
std::array<double, 3> background_colour(const cv::Mat& img) {
  const int ch = img.channels();
  constexpr std::size_t kLums = 256 * 3 + 1;
  std::vector<std::uint16_t> lum(img.total());  // per pixel, the sum of its channels
  for (int y = 0; y < img.rows; ++y) {
    const std::uint8_t* p = img.ptr<std::uint8_t>(y);
    std::uint16_t* l = lum.data() + static_cast<std::size_t>(y) * img.cols;
    if (ch == 3)
      for (int x = 0; x < img.cols; ++x, p += 3) l[x] = static_cast<std::uint16_t>(p[0] + p[1] + p[2]);
    else
      for (int x = 0; x < img.cols; ++x) l[x] = p[x];
  }
  const auto lum_hist = histogram<kLums>(lum);
  const std::size_t n = img.total();
  std::size_t above = 0;
  int cut = static_cast<int>(kLums) - 1;
  for (; cut > 0 && (above + lum_hist[static_cast<std::size_t>(cut)]) * 5 <= n; --cut)
    above += lum_hist[static_cast<std::size_t>(cut)];
  // The channel values of the pixels at or above the cut, gathered without branches.
  std::array<std::vector<std::uint8_t>, 3> bright;
  for (int c = 0; c < ch; ++c) bright[static_cast<std::size_t>(c)].resize(n);
  std::size_t count = 0;
  for (int y = 0; y < img.rows; ++y) {
    const std::uint8_t* p = img.ptr<std::uint8_t>(y);
    const std::uint16_t* l = lum.data() + static_cast<std::size_t>(y) * img.cols;
    for (int x = 0; x < img.cols; ++x, p += ch) {
      for (int c = 0; c < ch; ++c) bright[static_cast<std::size_t>(c)][count] = p[c];
      count += l[x] >= cut;
    }
  }
  std::array<double, 3> bg{255, 255, 255};
  for (int c = 0; c < ch; ++c) {
    bright[static_cast<std::size_t>(c)].resize(count);
    const auto hist = histogram<256>(bright[static_cast<std::size_t>(c)]);
    std::size_t acc = 0;
    for (int v = 0; v < 256; ++v) {
      acc += hist[static_cast<std::size_t>(v)];
      if (2 * acc >= count) {
        bg[static_cast<std::size_t>(c)] = std::max(v, 1);
        break;
      }
    }
  }
  return bg;
}

// Optical density of one channel, per 8-bit value: -ln(max(v, 1) / background).
using DensityLut = std::array<float, 256>;
DensityLut density_lut(double background) {
  DensityLut lut;
  for (int v = 0; v < 256; ++v)
    lut[static_cast<std::size_t>(v)] = static_cast<float>(-std::log(std::max(v, 1) / background));
  return lut;
}

// The stain map (where nuclei are high) and the map the red cells show in, per input type. The
// cell map is the optical density of one channel: kept as that channel and its lookup table,
// as its values (and so its histograms) follow from the channel's.
struct Maps {
  cv::Mat1f stain;
  cv::Mat1b cell_channel;
  DensityLut cell_od;
};

Maps density_maps(const cv::Mat& small, double blur_sigma) {
  const auto bg = background_colour(small);
  Maps m;
  m.stain.create(small.size());
  if (small.channels() == 3) {
    // Stain: OD_red - OD_blue; cells: OD_green. One pass over the pixels.
    const DensityLut od_b = density_lut(bg[0]), od_r = density_lut(bg[2]);
    m.cell_od = density_lut(bg[1]);
    m.cell_channel.create(small.size());
    for (int y = 0; y < small.rows; ++y) {
      const std::uint8_t* p = small.ptr<std::uint8_t>(y);
      float* st = m.stain.ptr<float>(y);
      std::uint8_t* g = m.cell_channel.ptr<std::uint8_t>(y);
      for (int x = 0; x < small.cols; ++x, p += 3) {
        st[x] = od_r[p[2]] - od_b[p[0]];
        g[x] = p[1];
      }
    }
  } else {
    // Gray: nuclei are the darkest objects; the same density serves both purposes.
    m.cell_od = density_lut(bg[0]);
    m.cell_channel = small;
    for (int y = 0; y < small.rows; ++y) {
      const std::uint8_t* p = small.ptr<std::uint8_t>(y);
      float* st = m.stain.ptr<float>(y);
      for (int x = 0; x < small.cols; ++x) st[x] = m.cell_od[p[x]];
    }
  }
  cv::GaussianBlur(m.stain, m.stain, cv::Size(), blur_sigma);
  return m;
}

// Otsu's threshold within [lo, hi] of the map's values above t (compared in float, as
// cv::compare does).
double otsu_above(const cv::Mat1f& m, double t, double lo, double hi) {
  morph::OtsuHistogram h(lo, hi);
  const float tf = static_cast<float>(t);
  std::vector<float> above(static_cast<std::size_t>(m.cols));
  for (int y = 0; y < m.rows; ++y) {
    // Gather the row's values above t without a branch, then count them.
    const float* v = m.ptr<float>(y);
    std::size_t n = 0;
    for (int x = 0; x < m.cols; ++x) {
      above[n] = v[x];
      n += v[x] > tf;
    }
    for (std::size_t i = 0; i < n; ++i) h.add(above[i]);
  }
  return h.threshold();
}

// Stained pixels: Otsu on the positive part of the stain map, never below min_stain. For
// gray input every cell is "stained"; the nuclei are the darker class within. Returns the
// threshold.
double stain_threshold(const Maps& maps, int channels, double min_stain) {
  double t = std::max(otsu_above(maps.stain, 0, 0, kStainScale), min_stain);
  if (channels == 1) t = std::max(otsu_above(maps.stain, t, t, t + 2 * kStainScale), t + min_stain);
  return t;
}

// The value at index k (0-based) of the sorted cell densities, given how many pixels have each
// channel value (k < their total).
float nth_density(const DensityLut& od, const std::array<std::size_t, 256>& count, std::size_t k) {
  std::array<int, 256> order;
  for (int v = 0; v < 256; ++v) order[static_cast<std::size_t>(v)] = v;
  std::sort(order.begin(), order.end(), [&od](int a, int b) { return od[static_cast<std::size_t>(a)] < od[static_cast<std::size_t>(b)]; });
  std::size_t below = 0;
  for (int v : order) {
    below += count[static_cast<std::size_t>(v)];
    if (below > k) return od[static_cast<std::size_t>(v)];
  }
  return od[static_cast<std::size_t>(order.back())];
}

// Red cells: the unstained pixels above Otsu's threshold on the cell map (searched up to its
// 95th percentile), opened and filled.
cv::Mat1b red_cells(const Maps& maps, const cv::Mat1b& stained) {
  // The cell-channel values of the unstained pixels (gathered without branches), counted.
  std::vector<std::uint8_t> unstained(stained.total());
  std::size_t n = 0;
  for (int y = 0; y < stained.rows; ++y) {
    const std::uint8_t* s = stained.ptr<std::uint8_t>(y);
    const std::uint8_t* c = maps.cell_channel.ptr<std::uint8_t>(y);
    for (int x = 0; x < stained.cols; ++x) {
      unstained[n] = c[x];
      n += s[x] == 0;
    }
  }
  unstained.resize(n);
  const auto count = histogram<256>(unstained);
  double hi = 0.05;
  if (n > 0) hi = std::max<double>(nth_density(maps.cell_od, count, n * 95 / 100), 0.05);
  morph::OtsuHistogram h(0, hi);
  for (std::size_t v = 0; v < count.size(); ++v)
    if (count[v]) h.add(maps.cell_od[v], count[v]);
  const float t_cells = static_cast<float>(h.threshold());
  std::array<std::uint8_t, 256> dense;  // per channel value: above the threshold
  for (std::size_t v = 0; v < dense.size(); ++v) dense[v] = maps.cell_od[v] > t_cells ? 255 : 0;
  cv::Mat1b cells(stained.size());
  for (int y = 0; y < stained.rows; ++y) {
    const std::uint8_t* s = stained.ptr<std::uint8_t>(y);
    const std::uint8_t* c = maps.cell_channel.ptr<std::uint8_t>(y);
    std::uint8_t* o = cells.ptr<std::uint8_t>(y);
    for (int x = 0; x < stained.cols; ++x) o[x] = s[x] ? 0 : dense[c[x]];
  }
  cv::morphologyEx(cells, cells, cv::MORPH_OPEN, morph::disc(1));
  return morph::fill_holes(cells);
}

// The red cells' granulometric radius R in work pixels (the scale of everything else).
double red_cell_radius(const cv::Mat1b& cells) {
  double r = morph::granulometric_radius(cells);
  // Without enough red cells to measure (an almost empty field), assume a typical smear scale.
  if (cv::countNonZero(cells) < static_cast<int>(cells.total() / 100) || r < 2)
    r = 0.06 * std::sqrt(static_cast<double>(cells.total()));
  return r;
}

// Nuclei: stained pixels closed and filled, grouped when closer than kGroupRbc R (r). Returns
// the work-scale pixels of each group, indexed by its label (0: none).
std::vector<std::vector<cv::Point>> nucleus_groups(const cv::Mat1b& stained, double r) {
  cv::Mat1b nuclei;
  cv::morphologyEx(stained, nuclei, cv::MORPH_CLOSE, morph::disc(kCloseRbc * r));
  nuclei = morph::fill_holes(nuclei);
  cv::Mat1b grown;
  cv::dilate(nuclei, grown, morph::disc(kGroupRbc * r));
  cv::Mat1i labels;
  const int n = cv::connectedComponents(grown, labels, 8, CV_32S);
  std::vector<std::vector<cv::Point>> members(static_cast<std::size_t>(n));
  for (int y = 0; y < nuclei.rows; ++y) {
    const std::uint8_t* m = nuclei.ptr<std::uint8_t>(y);
    const int* l = labels.ptr<int>(y);
    for (int x = 0; x < nuclei.cols; ++x)
      if (m[x]) members[static_cast<std::size_t>(l[x])].emplace_back(x, y);
  }
  return members;
}

// The bounding box of a row-major pixel list (not empty).
cv::Rect bounding_box(const std::vector<cv::Point>& pts) {
  int x0 = pts.front().x, x1 = x0;
  for (const auto& q : pts) {
    x0 = std::min(x0, q.x);
    x1 = std::max(x1, q.x);
  }
  return {x0, pts.front().y, x1 - x0 + 1, pts.back().y - pts.front().y + 1};
}

// Full-resolution pixels per work pixel, horizontally and vertically.
struct Scale {
  double x, y;
};

// The candidates: each group sized in red-cell areas (rbc_area in work pixels) and classified;
// selected per p.platelets, and with Select::kBest only the largest selected one.
std::vector<Candidate> classify_groups(const std::vector<std::vector<cv::Point>>& members, Scale sc, double rbc_area,
                                       const DetectParams& p) {
  std::vector<Candidate> candidates;
  int best = -1;
  for (std::size_t i = 1; i < members.size(); ++i) {
    const auto& pts = members[i];
    if (pts.empty()) continue;
    Candidate c;
    c.area = static_cast<double>(pts.size()) * sc.x * sc.y;
    c.rbc_areas = static_cast<double>(pts.size()) / rbc_area;
    const cv::Rect b = bounding_box(pts);
    c.box = cv::Rect(static_cast<int>(b.x * sc.x), static_cast<int>(b.y * sc.y),
                     static_cast<int>(std::ceil(b.width * sc.x)), static_cast<int>(std::ceil(b.height * sc.y)));
    c.kind = c.rbc_areas >= p.nucleus_min_rbc    ? Kind::kNucleus
             : c.rbc_areas >= p.platelet_min_rbc ? Kind::kPlatelet
                                                 : Kind::kRejected;
    c.selected = c.kind == Kind::kNucleus || (c.kind == Kind::kPlatelet && p.platelets);
    c.label = static_cast<int>(i);
    if (c.selected && (best < 0 || c.area > candidates[static_cast<std::size_t>(best)].area))
      best = static_cast<int>(candidates.size());
    candidates.push_back(c);
  }
  if (p.select == Select::kBest)
    for (std::size_t i = 0; i < candidates.size(); ++i) candidates[i].selected = static_cast<int>(i) == best;
  return candidates;
}

// The first and last pixel of each row of a row-major pixel list. They hold every corner of the
// pixels' convex hull, in the same order, so cv::convexHull gives the same corners from them.
std::vector<cv::Point> row_ends(const std::vector<cv::Point>& pts) {
  std::vector<cv::Point> ends;
  for (std::size_t i = 0; i < pts.size(); ++i)
    if (i == 0 || i + 1 == pts.size() || pts[i - 1].y != pts[i].y || pts[i + 1].y != pts[i].y) ends.push_back(pts[i]);
  return ends;
}

constexpr int kCircleSteps = 24;  // corners of the polygon that stands for a disc

// The unit circle at kCircleSteps angles (cos, sin).
const std::array<cv::Point2d, kCircleSteps>& unit_circle() {
  static const auto circle = [] {
    std::array<cv::Point2d, kCircleSteps> c;
    for (int k = 0; k < kCircleSteps; ++k) {
      const double a = 2 * CV_PI * k / kCircleSteps;
      c[static_cast<std::size_t>(k)] = {std::cos(a), std::sin(a)};
    }
    return c;
  }();
  return circle;
}

// The ROI as the convex hulls of the selected groups grown by `margin` full-resolution pixels. A
// convex hull grown by a disc is the hull of discs around its corners, drawn directly.
cv::Mat1b hull_mask(const std::vector<Candidate>& candidates, const std::vector<std::vector<cv::Point>>& members,
                    Scale sc, double margin, cv::Size size) {
  cv::Mat1b mask(size, static_cast<std::uint8_t>(0));
  const auto& circle = unit_circle();
  std::vector<cv::Point> corners, hull;
  std::vector<cv::Point2f> around, hull_f;
  for (const auto& c : candidates) {
    if (!c.selected) continue;
    cv::convexHull(row_ends(members[static_cast<std::size_t>(c.label)]), corners);
    around.clear();
    for (const auto& q : corners)
      for (int k = 0; k < (margin > 0 ? kCircleSteps : 1); ++k) {
        const cv::Point2d& u = circle[static_cast<std::size_t>(k)];
        around.emplace_back(static_cast<float>((q.x + 0.5) * sc.x + margin * u.x),
                            static_cast<float>((q.y + 0.5) * sc.y + margin * u.y));
      }
    cv::convexHull(around, hull_f);
    hull.clear();
    for (const auto& q : hull_f) hull.emplace_back(static_cast<int>(std::lround(q.x)), static_cast<int>(std::lround(q.y)));
    cv::fillConvexPoly(mask, hull, cv::Scalar(255));
  }
  return mask;
}

// The ROI as the selected groups' own shapes (at the work scale `work`, downsampled by
// `downsample`), brought to full resolution (`size`) and grown by `margin` pixels with a
// distance transform.
cv::Mat1b shape_mask(const std::vector<Candidate>& candidates, const std::vector<std::vector<cv::Point>>& members,
                     cv::Size work, int downsample, double margin, cv::Size size) {
  cv::Mat1b chosen(work, static_cast<std::uint8_t>(0));
  for (const auto& c : candidates)
    if (c.selected)
      for (const auto& q : members[static_cast<std::size_t>(c.label)]) chosen(q) = 255;
  cv::Mat1b core = chosen;
  if (downsample > 1) {
    cv::Mat1b up;
    cv::resize(chosen, up, size, 0, 0, cv::INTER_LINEAR);
    core = morph::above(up, 127);
  }
  return morph::grow(core, margin);
}

}  // namespace

Detection detect_stain(const cv::Mat& image, const DetectParams& p) {
  Detection d;
  const int s = p.downsample;
  d.work_scale = s;
  cv::Mat small = image;
  if (s > 1) small = morph::box_downsample(image, s);
  const Scale sc{static_cast<double>(image.cols) / small.cols, static_cast<double>(image.rows) / small.rows};
  const Maps maps = density_maps(small, 1.5 / s);

  d.threshold = stain_threshold(maps, small.channels(), p.min_stain);
  const cv::Mat1b stained = morph::above(maps.stain, d.threshold);
  maps.stain.convertTo(d.feature, CV_8U, 255.0 / kStainScale);
  d.binary = stained;

  d.red_cells = red_cells(maps, stained);
  const double r = p.rbc_radius > 0 ? p.rbc_radius / std::sqrt(sc.x * sc.y) : red_cell_radius(d.red_cells);
  d.rbc_radius = r * std::sqrt(sc.x * sc.y);

  const auto members = nucleus_groups(stained, r);
  d.candidates = classify_groups(members, sc, CV_PI * r * r, p);

  // The ROI at full resolution: each selected object's outline (its convex hull, or its own
  // shape), grown by margin_rbc R.
  const double margin = p.margin_rbc * d.rbc_radius;
  if (p.outline == Outline::kHull)
    d.mask = hull_mask(d.candidates, members, sc, margin, image.size());
  else
    d.mask = shape_mask(d.candidates, members, small.size(), s, margin, image.size());
  return d;
}

}  // namespace roi
