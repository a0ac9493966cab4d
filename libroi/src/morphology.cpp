#include "morphology.hpp"

#include "distance.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace roi::morph {

cv::Mat1b above(const cv::Mat& m, double t) {
  cv::Mat1b out;
  cv::compare(m, t, out, cv::CMP_GT);
  return out;
}

cv::Mat1b at_most(const cv::Mat& m, double t) {
  cv::Mat1b out;
  cv::compare(m, t, out, cv::CMP_LE);
  return out;
}

cv::Mat1b invert(const cv::Mat1b& m) {
  cv::Mat1b out;
  cv::bitwise_not(m, out);
  return out;
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(SMEARPRESS_NO_CLONES)
#define SMEARPRESS_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define SMEARPRESS_CLONES
#endif

namespace {

// dst[i] (+)= src[i] over a row.
SMEARPRESS_CLONES void widen_row(std::uint16_t* __restrict__ dst, const std::uint8_t* __restrict__ src, int n) {
  for (int i = 0; i < n; ++i) dst[i] = src[i];
}
SMEARPRESS_CLONES void add_row(std::uint16_t* __restrict__ dst, const std::uint8_t* __restrict__ src, int n) {
  for (int i = 0; i < n; ++i) dst[i] = static_cast<std::uint16_t>(dst[i] + src[i]);
}
SMEARPRESS_CLONES void add_sums(std::uint16_t* __restrict__ dst, const std::uint16_t* __restrict__ src, int n) {
  for (int i = 0; i < n; ++i) dst[i] = static_cast<std::uint16_t>(dst[i] + src[i]);
}

}  // namespace

cv::Mat box_downsample(const cv::Mat& image, int s) {
  CV_Assert(image.depth() == CV_8U && s >= 1 && s <= 16);
  const int ch = image.channels();
  const int w = std::max(1, image.cols / s), h = std::max(1, image.rows / s);
  const int bw = std::min(s, image.cols), bh = std::min(s, image.rows);
  const int row_len = w * bw * ch;  // the part of a row the blocks cover
  cv::Mat out(h, w, image.type());
  // Block sums fit 16 bits (256 * 255); the rounded mean (sum + n/2) / n is taken as a
  // multiplication by ceil(2^24 / n), exact for every sum up to 255 n (n <= 256).
  std::vector<std::uint16_t> col(static_cast<std::size_t>(row_len));
  const int sums_len = row_len - (bw - 1) * ch;  // sums[i] covers col[i] .. col[i + (bw - 1) ch]
  std::vector<std::uint16_t> sums(static_cast<std::size_t>(sums_len));
  const std::uint32_t n = static_cast<std::uint32_t>(bw * bh);
  const std::uint64_t recip = ((std::uint64_t{1} << 24) + n - 1) / n;
  for (int y = 0; y < h; ++y) {
    // Sum the block's rows column by column, then each sample with the same channel's next
    // bw - 1 samples: both vectorise. Every block's sum is then at its first sample.
    widen_row(col.data(), image.ptr<std::uint8_t>(y * s), row_len);
    for (int dy = 1; dy < bh; ++dy) add_row(col.data(), image.ptr<std::uint8_t>(y * s + dy), row_len);
    std::copy_n(col.data(), sums_len, sums.data());
    for (int dx = 1; dx < bw; ++dx) add_sums(sums.data(), col.data() + dx * ch, sums_len);
    std::uint8_t* o = out.ptr<std::uint8_t>(y);
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < ch; ++c) {
        const std::uint32_t sum = sums[static_cast<std::size_t>(x * bw * ch + c)];
        o[x * ch + c] = static_cast<std::uint8_t>(((sum + n / 2) * recip) >> 24);
      }
  }
  return out;
}

cv::Mat disc(double radius) {
  const int r = std::max(1, static_cast<int>(std::lround(radius)));
  return cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * r + 1, 2 * r + 1));
}

cv::Mat1b grow(const cv::Mat1b& mask, double radius) {
  if (radius <= 0) return mask.clone();
  const cv::Rect used = cv::boundingRect(mask);
  if (used.area() == 0) return mask.clone();
  const int pad = static_cast<int>(std::ceil(radius)) + 1;
  const cv::Rect area = cv::Rect(used.x - pad, used.y - pad, used.width + 2 * pad, used.height + 2 * pad) &
                        cv::Rect(0, 0, mask.cols, mask.rows);
  cv::Mat1f dist;
  cv::distanceTransform(invert(mask(area)), dist, cv::DIST_L2, cv::DIST_MASK_PRECISE);
  cv::Mat1b out(mask.size(), static_cast<std::uint8_t>(0));
  at_most(dist, radius).copyTo(out(area));
  return out;
}

namespace {

// A run of background pixels in one row: [x0, x1), and its set in a union-find forest.
struct Run {
  int x0, x1;
  int parent;
};

int root_of(std::vector<Run>& runs, int i) {
  while (runs[static_cast<std::size_t>(i)].parent != i) {
    Run& r = runs[static_cast<std::size_t>(i)];
    r.parent = runs[static_cast<std::size_t>(r.parent)].parent;  // path halving
    i = r.parent;
  }
  return i;
}

void join(std::vector<Run>& runs, int a, int b) {
  a = root_of(runs, a);
  b = root_of(runs, b);
  if (a != b) runs[static_cast<std::size_t>(std::max(a, b))].parent = std::min(a, b);
}

// The background runs of every row (row y's are runs[first[y]] .. runs[first[y + 1] - 1]), each
// joined with the runs it touches (4-connected) in the row above.
std::vector<Run> background_runs(const cv::Mat1b& mask, std::vector<int>& first) {
  std::vector<Run> runs;
  first.assign(static_cast<std::size_t>(mask.rows) + 1, 0);
  for (int y = 0; y < mask.rows; ++y) {
    first[static_cast<std::size_t>(y)] = static_cast<int>(runs.size());
    const std::uint8_t* m = mask.ptr<std::uint8_t>(y);
    for (int x = 0; x < mask.cols;) {
      if (m[x]) {
        ++x;
        continue;
      }
      const int x0 = x;
      while (x < mask.cols && !m[x]) ++x;
      runs.push_back({x0, x, static_cast<int>(runs.size())});
    }
    if (y == 0) continue;
    // Join with the overlapping runs of the row above (both lists are sorted by x).
    int a = first[static_cast<std::size_t>(y) - 1];
    const int a_end = first[static_cast<std::size_t>(y)];
    for (int i = a_end; i < static_cast<int>(runs.size()); ++i) {
      const Run r = runs[static_cast<std::size_t>(i)];
      while (a < a_end && runs[static_cast<std::size_t>(a)].x1 <= r.x0) ++a;
      for (int j = a; j < a_end && runs[static_cast<std::size_t>(j)].x0 < r.x1; ++j) join(runs, i, j);
    }
  }
  first[static_cast<std::size_t>(mask.rows)] = static_cast<int>(runs.size());
  return runs;
}

}  // namespace

cv::Mat1b fill_holes(const cv::Mat1b& mask) {
  // The background connected (4-connected) to the border stays; every other background run
  // is in a hole. Connectivity is worked out on runs of background pixels, not pixels.
  std::vector<int> first;
  std::vector<Run> runs = background_runs(mask, first);
  std::vector<std::uint8_t> open(runs.size(), 0);  // per root: touches the border
  for (int i = 0; i < static_cast<int>(runs.size()); ++i) {
    const Run& r = runs[static_cast<std::size_t>(i)];
    const bool border = i < first[1] || i >= first[static_cast<std::size_t>(mask.rows) - 1] || r.x0 == 0 ||
                        r.x1 == mask.cols;
    if (border) open[static_cast<std::size_t>(root_of(runs, i))] = 1;
  }
  cv::Mat1b out = mask.clone();
  for (int y = 0; y < mask.rows; ++y)
    for (int i = first[static_cast<std::size_t>(y)]; i < first[static_cast<std::size_t>(y) + 1]; ++i) {
      const Run& r = runs[static_cast<std::size_t>(i)];
      if (!open[static_cast<std::size_t>(root_of(runs, i))]) std::fill(out.ptr<std::uint8_t>(y) + r.x0, out.ptr<std::uint8_t>(y) + r.x1, 255);
    }
  return out;
}

namespace {

// Area of the opening by a chamfer disc of radius r (in thirds of a pixel), given the mask's
// framed chamfer distance: the erosion is where the distance exceeds r; its dilation by r is
// where the distance to it is at most r. `to_eroded` is scratch; it ends as that distance.
int opened_area(const std::vector<int>& dist, cv::Size size, int r3, std::vector<int>& to_eroded) {
  const int pw = size.width + 2;
  to_eroded.assign(dist.size(), r3 + 1);
  int any = 0;
  for (int y = 1; y <= size.height; ++y) {
    const int* d = dist.data() + static_cast<std::size_t>(y) * pw;
    int* e = to_eroded.data() + static_cast<std::size_t>(y) * pw;
    for (int x = 1; x <= size.width; ++x) {
      const bool in = d[x] > r3;
      any |= in;
      e[x] = in ? 0 : r3 + 1;
    }
  }
  if (!any) return 0;
  chamfer_framed(to_eroded, size.width, size.height, r3 + 1);
  // The frame holds r3 + 1: only image pixels count.
  return static_cast<int>(std::count_if(to_eroded.begin(), to_eroded.end(), [r3](int v) { return v <= r3; }));
}

}  // namespace

cv::Mat1b open_disc(const cv::Mat1b& mask, double radius) {
  const int r3 = static_cast<int>(std::lround(kChamferOrtho * radius));
  const std::vector<int> dist = chamfer_distance_framed(mask, r3 + 1);
  std::vector<int> to_eroded;
  cv::Mat1b out(mask.size(), static_cast<std::uint8_t>(0));
  if (opened_area(dist, mask.size(), r3, to_eroded) == 0) return out;
  const int pw = mask.cols + 2;
  for (int y = 0; y < mask.rows; ++y) {
    const int* e = to_eroded.data() + static_cast<std::size_t>(y + 1) * pw + 1;
    std::uint8_t* o = out.ptr<std::uint8_t>(y);
    for (int x = 0; x < mask.cols; ++x) o[x] = e[x] <= r3 ? 255 : 0;
  }
  return out;
}

namespace {

// The median of the mask's non-zero distances (`cap` at most), and how many there are.
std::pair<int, int> inside_median(const std::vector<int>& dist, cv::Size size, int cap) {
  std::vector<int> count(static_cast<std::size_t>(cap) + 1, 0);
  const int pw = size.width + 2;
  for (int y = 1; y <= size.height; ++y) {
    const int* d = dist.data() + static_cast<std::size_t>(y) * pw;
    for (int x = 1; x <= size.width; ++x) ++count[static_cast<std::size_t>(d[x])];
  }
  const int total = static_cast<int>(size.area()) - count[0];
  if (total == 0) return {0, 0};
  int v = 1;
  for (int below = 0; below + count[static_cast<std::size_t>(v)] <= total / 2; ++v)
    below += count[static_cast<std::size_t>(v)];
  return {v, total};
}

}  // namespace

int granulometric_radius(const cv::Mat1b& mask) {
  const int limit = std::max(mask.rows, mask.cols);
  const int cap = kChamferOrtho * (limit + 2);
  const std::vector<int> dist = chamfer_distance_framed(mask, cap);
  const auto [median, inside] = inside_median(dist, mask.size(), cap);
  if (inside == 0) return 0;
  const auto total = inside;  // Clang 14 (the fuzz preset) cannot capture a structured binding
  std::vector<int> to_eroded;
  auto keeps_half = [&](int r) { return 2 * opened_area(dist, mask.size(), kChamferOrtho * r, to_eroded) >= total; };
  // Start near the answer: inside discs of radius R the median distance to the edge is
  // R (1 - 1/sqrt 2), about 0.29 R. Then bracket and bisect (the kept area falls with r).
  int lo = std::clamp(static_cast<int>(median / (kChamferOrtho * 0.29)), 1, limit);
  int hi = lo;
  if (keeps_half(lo)) {
    do {
      lo = hi;
      hi = std::min(limit, hi + std::max(1, hi / 4));
      if (hi == lo) return limit;
    } while (keeps_half(hi));
  } else {
    do {
      hi = lo;
      lo = std::max(0, lo - std::max(1, lo / 4));
    } while (lo > 0 && !keeps_half(lo));
  }
  while (hi - lo > 1) {
    const int mid = (lo + hi) / 2;
    (keeps_half(mid) ? lo : hi) = mid;
  }
  return hi;
}

double otsu(const std::vector<float>& values, double lo, double hi) {
  OtsuHistogram h(lo, hi);
  for (float v : values) h.add(v);
  return h.threshold();
}

OtsuHistogram::OtsuHistogram(double lo, double hi) : lo_(lo), hi_(hi), scale_(hi > lo ? (kBins - 1) / (hi - lo) : 0) {}

double OtsuHistogram::threshold() const {
  // The counts as doubles are exact: the same sums as adding 1.0 per value.
  double total = 0, sum = 0;
  for (int b = 0; b < kBins; ++b) {
    const double n = static_cast<double>(counts_[static_cast<std::size_t>(b)]);
    total += n;
    sum += b * n;
  }
  if (total == 0 || hi_ <= lo_) return lo_;
  double w0 = 0, sum0 = 0, best = -1;
  int best_bin = 0;
  for (int b = 0; b < kBins - 1; ++b) {
    const double n = static_cast<double>(counts_[static_cast<std::size_t>(b)]);
    w0 += n;
    sum0 += b * n;
    const double w1 = total - w0;
    if (w0 == 0 || w1 == 0) continue;
    const double m0 = sum0 / w0, m1 = (sum - sum0) / w1;
    const double between = w0 * w1 * (m0 - m1) * (m0 - m1);
    if (between > best) {
      best = between;
      best_bin = b;
    }
  }
  // Values above the bin's upper edge are the upper class.
  return lo_ + (best_bin + 0.5) / scale_;
}

}  // namespace roi::morph
