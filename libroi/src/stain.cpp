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

// Background colour: per channel, the median of the brightest fifth of the pixels.
std::array<double, 3> background_colour(const cv::Mat& img) {
  const int ch = img.channels();
  std::vector<int> lum_hist(256 * 3 + 1, 0);
  for (int y = 0; y < img.rows; ++y) {
    const std::uint8_t* p = img.ptr<std::uint8_t>(y);
    for (int x = 0; x < img.cols; ++x, p += ch) {
      int l = 0;
      for (int c = 0; c < ch; ++c) l += p[c];
      ++lum_hist[static_cast<std::size_t>(l)];
    }
  }
  const std::size_t n = img.total();
  std::size_t above = 0;
  int cut = static_cast<int>(lum_hist.size()) - 1;
  for (; cut > 0 && (above + lum_hist[static_cast<std::size_t>(cut)]) * 5 <= n; --cut)
    above += lum_hist[static_cast<std::size_t>(cut)];
  std::array<std::array<std::size_t, 256>, 3> hist{};
  std::size_t count = 0;
  for (int y = 0; y < img.rows; ++y) {
    const std::uint8_t* p = img.ptr<std::uint8_t>(y);
    for (int x = 0; x < img.cols; ++x, p += ch) {
      int l = 0;
      for (int c = 0; c < ch; ++c) l += p[c];
      if (l < cut) continue;
      ++count;
      for (int c = 0; c < ch; ++c) ++hist[static_cast<std::size_t>(c)][p[c]];
    }
  }
  std::array<double, 3> bg{255, 255, 255};
  for (int c = 0; c < ch; ++c) {
    std::size_t acc = 0;
    for (int v = 0; v < 256; ++v) {
      acc += hist[static_cast<std::size_t>(c)][static_cast<std::size_t>(v)];
      if (2 * acc >= count) {
        bg[static_cast<std::size_t>(c)] = std::max(v, 1);
        break;
      }
    }
  }
  return bg;
}

// Optical density of one channel through a lookup table: -ln(max(v, 1) / background).
cv::Mat1f optical_density(const cv::Mat& img, int channel, double background) {
  cv::Mat1f lut(1, 256);
  for (int v = 0; v < 256; ++v) lut(0, v) = static_cast<float>(-std::log(std::max(v, 1) / background));
  cv::Mat1b plane;
  cv::extractChannel(img, plane, channel);
  cv::Mat1f out(img.size());
  for (int y = 0; y < img.rows; ++y) {
    const std::uint8_t* s = plane.ptr<std::uint8_t>(y);
    float* o = out.ptr<float>(y);
    for (int x = 0; x < img.cols; ++x) o[x] = lut(0, s[x]);
  }
  return out;
}

std::vector<float> values_where(const cv::Mat1f& m, const cv::Mat1b& where) {
  std::vector<float> v(m.total());
  std::size_t n = 0;
  for (int y = 0; y < m.rows; ++y) {
    const float* mv = m.ptr<float>(y);
    const std::uint8_t* w = where.ptr<std::uint8_t>(y);
    for (int x = 0; x < m.cols; ++x) {
      v[n] = mv[x];
      n += w[x] != 0;
    }
  }
  v.resize(n);
  return v;
}

// The stain map (where nuclei are high) and the map the red cells show in, per input type.
struct Maps {
  cv::Mat1f stain;
  cv::Mat1f cells;
};

Maps density_maps(const cv::Mat& small, double blur_sigma) {
  const auto bg = background_colour(small);
  Maps m;
  if (small.channels() == 3) {
    const cv::Mat1f od_b = optical_density(small, 0, bg[0]);
    m.cells = optical_density(small, 1, bg[1]);
    m.stain = optical_density(small, 2, bg[2]) - od_b;
  } else {
    // Gray: nuclei are the darkest objects; the same density serves both purposes.
    m.cells = optical_density(small, 0, bg[0]);
    m.stain = m.cells.clone();
  }
  cv::GaussianBlur(m.stain, m.stain, cv::Size(), blur_sigma);
  return m;
}

}  // namespace

Detection detect_stain(const cv::Mat& image, const DetectParams& p) {
  Detection d;
  const int s = p.downsample;
  d.work_scale = s;
  cv::Mat small = image;
  if (s > 1) small = morph::box_downsample(image, s);
  const double sx = static_cast<double>(image.cols) / small.cols, sy = static_cast<double>(image.rows) / small.rows;
  const Maps maps = density_maps(small, 1.5 / s);

  // Stained pixels: Otsu on the positive part of the stain map, never below min_stain. For
  // gray input every cell is "stained"; the nuclei are the darker class within.
  std::vector<float> pos = values_where(maps.stain, morph::above(maps.stain, 0));
  double t = std::max(morph::otsu(pos, 0, kStainScale), p.min_stain);
  if (small.channels() == 1) {
    std::vector<float> darker = values_where(maps.stain, morph::above(maps.stain, t));
    t = std::max(morph::otsu(darker, t, t + 2 * kStainScale), t + p.min_stain);
  }
  d.threshold = t;
  const cv::Mat1b stained = morph::above(maps.stain, t);
  maps.stain.convertTo(d.feature, CV_8U, 255.0 / kStainScale);
  d.binary = stained;

  // Red cells and their granulometric radius R (the scale of everything else).
  const cv::Mat1b unstained = morph::invert(stained);
  std::vector<float> cell_od = values_where(maps.cells, unstained);
  double hi = 0.05;
  if (!cell_od.empty()) {
    auto nth = cell_od.begin() + static_cast<std::ptrdiff_t>(cell_od.size() * 95 / 100);
    std::nth_element(cell_od.begin(), nth, cell_od.end());
    hi = std::max<double>(*nth, 0.05);
  }
  const double t_cells = morph::otsu(cell_od, 0, hi);
  cv::Mat1b cells = morph::both(morph::above(maps.cells, t_cells), unstained);
  cv::morphologyEx(cells, cells, cv::MORPH_OPEN, morph::disc(1));
  cells = morph::fill_holes(cells);
  d.red_cells = cells;
  double r = morph::granulometric_radius(cells);
  // Without enough red cells to measure (an almost empty field), assume a typical smear scale.
  if (cv::countNonZero(cells) < static_cast<int>(small.total() / 100) || r < 2)
    r = 0.06 * std::sqrt(static_cast<double>(small.total()));
  d.rbc_radius = r * std::sqrt(sx * sy);
  const double rbc_area = CV_PI * r * r;

  // Nuclei: stained pixels closed and filled, grouped when closer than kGroupRbc R.
  cv::Mat1b nuclei;
  cv::morphologyEx(stained, nuclei, cv::MORPH_CLOSE, morph::disc(kCloseRbc * r));
  nuclei = morph::fill_holes(nuclei);
  cv::Mat1b grown;
  cv::dilate(nuclei, grown, morph::disc(kGroupRbc * r));
  cv::Mat1i labels;
  const int n = cv::connectedComponents(grown, labels, 8, CV_32S);
  std::vector<std::vector<cv::Point>> members(static_cast<std::size_t>(n));
  for (int y = 0; y < small.rows; ++y)
    for (int x = 0; x < small.cols; ++x)
      if (nuclei(y, x)) members[static_cast<std::size_t>(labels(y, x))].emplace_back(x, y);

  int best = -1;
  for (int i = 1; i < n; ++i) {
    const auto& pts = members[static_cast<std::size_t>(i)];
    if (pts.empty()) continue;
    Candidate c;
    c.area = static_cast<double>(pts.size()) * sx * sy;
    c.rbc_areas = static_cast<double>(pts.size()) / rbc_area;
    const cv::Rect b = cv::boundingRect(pts);
    c.box = cv::Rect(static_cast<int>(b.x * sx), static_cast<int>(b.y * sy), static_cast<int>(std::ceil(b.width * sx)),
                     static_cast<int>(std::ceil(b.height * sy)));
    c.kind = c.rbc_areas >= p.nucleus_min_rbc    ? Kind::kNucleus
             : c.rbc_areas >= p.platelet_min_rbc ? Kind::kPlatelet
                                                 : Kind::kRejected;
    c.selected = c.kind == Kind::kNucleus || (c.kind == Kind::kPlatelet && p.platelets);
    c.label = i;
    if (c.selected && (best < 0 || c.area > d.candidates[static_cast<std::size_t>(best)].area))
      best = static_cast<int>(d.candidates.size());
    d.candidates.push_back(c);
  }
  if (p.select == Select::kBest)
    for (std::size_t i = 0; i < d.candidates.size(); ++i) d.candidates[i].selected = static_cast<int>(i) == best;

  // The ROI at full resolution: each selected object's outline (its convex hull, or its own
  // shape), grown by margin_rbc R. A convex hull grown by a disc is the hull of discs around its
  // corners, drawn directly; a shape is grown with a distance transform.
  const double margin = p.margin_rbc * d.rbc_radius;
  d.mask = cv::Mat1b::zeros(image.size());
  if (p.outline == Outline::kHull) {
    for (const auto& c : d.candidates) {
      if (!c.selected) continue;
      std::vector<cv::Point> corners;
      cv::convexHull(members[static_cast<std::size_t>(c.label)], corners);
      constexpr int kSteps = 24;
      std::vector<cv::Point2f> around;
      for (const auto& q : corners)
        for (int k = 0; k < (margin > 0 ? kSteps : 1); ++k) {
          const double a = 2 * CV_PI * k / kSteps;
          around.emplace_back(static_cast<float>((q.x + 0.5) * sx + margin * std::cos(a)),
                              static_cast<float>((q.y + 0.5) * sy + margin * std::sin(a)));
        }
      std::vector<cv::Point2f> hull_f;
      cv::convexHull(around, hull_f);
      std::vector<cv::Point> hull;
      for (const auto& q : hull_f) hull.emplace_back(static_cast<int>(std::lround(q.x)), static_cast<int>(std::lround(q.y)));
      cv::fillConvexPoly(d.mask, hull, cv::Scalar(255));
    }
  } else {
    cv::Mat1b chosen(small.size(), static_cast<std::uint8_t>(0));
    for (const auto& c : d.candidates)
      if (c.selected)
        for (const auto& q : members[static_cast<std::size_t>(c.label)]) chosen(q) = 255;
    cv::Mat1b core = chosen;
    if (s > 1) {
      cv::Mat1b up;
      cv::resize(chosen, up, image.size(), 0, 0, cv::INTER_LINEAR);
      core = morph::above(up, 127);
    }
    d.mask = morph::grow(core, margin);
  }
  return d;
}

}  // namespace roi
