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

cv::Mat1b both(const cv::Mat1b& a, const cv::Mat1b& b) {
  cv::Mat1b out;
  cv::bitwise_and(a, b, out);
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

}  // namespace

cv::Mat box_downsample(const cv::Mat& image, int s) {
  CV_Assert(image.depth() == CV_8U && s >= 1 && s <= 16);
  const int ch = image.channels();
  const int w = std::max(1, image.cols / s), h = std::max(1, image.rows / s);
  const int bw = std::min(s, image.cols), bh = std::min(s, image.rows);
  const int row_len = w * bw * ch;  // the part of a row the blocks cover
  cv::Mat out(h, w, image.type());
  // Column sums fit 16 bits (16 * 255); the rounded mean (sum + n/2) / n is taken as a
  // multiplication by ceil(2^24 / n), exact for every sum up to 255 n (n <= 256).
  std::vector<std::uint16_t> col(static_cast<std::size_t>(row_len));
  const std::uint32_t n = static_cast<std::uint32_t>(bw * bh);
  const std::uint64_t recip = ((std::uint64_t{1} << 24) + n - 1) / n;
  auto mean = [&](std::uint32_t sum) { return static_cast<std::uint8_t>(((sum + n / 2) * recip) >> 24); };
  for (int y = 0; y < h; ++y) {
    // Sum the block's rows column by column (vectorises), then each block's columns.
    widen_row(col.data(), image.ptr<std::uint8_t>(y * s), row_len);
    for (int dy = 1; dy < bh; ++dy) add_row(col.data(), image.ptr<std::uint8_t>(y * s + dy), row_len);
    std::uint8_t* o = out.ptr<std::uint8_t>(y);
    const std::uint16_t* cs = col.data();
    if (ch == 3) {
      for (int x = 0; x < w; ++x, o += 3) {
        std::uint32_t s0 = 0, s1 = 0, s2 = 0;
        for (int dx = 0; dx < bw; ++dx, cs += 3) {
          s0 += cs[0];
          s1 += cs[1];
          s2 += cs[2];
        }
        o[0] = mean(s0);
        o[1] = mean(s1);
        o[2] = mean(s2);
      }
    } else {
      for (int x = 0; x < w; ++x)
        for (int c = 0; c < ch; ++c) {
          std::uint32_t sum = 0;
          for (int dx = 0; dx < bw; ++dx) sum += cs[(x * bw + dx) * ch + c];
          o[x * ch + c] = mean(sum);
        }
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

cv::Mat1b fill_holes(const cv::Mat1b& mask) {
  // Flood the background from a one-pixel frame; whatever background it cannot reach is a hole.
  cv::Mat1b framed;
  cv::copyMakeBorder(mask, framed, 1, 1, 1, 1, cv::BORDER_CONSTANT, cv::Scalar(0));
  cv::floodFill(framed, cv::Point(0, 0), cv::Scalar(128));
  cv::Mat1b out = mask.clone();
  const cv::Mat1b inner(framed, cv::Rect(1, 1, mask.cols, mask.rows));
  out.setTo(255, at_most(inner, 0));
  return out;
}

namespace {

// Area of the opening by a chamfer disc of radius r (in thirds of a pixel), given the mask's
// chamfer distance: the erosion is where the distance exceeds r; its dilation by r is where the
// distance to it is at most r.
int opened_area(const std::vector<int>& dist, cv::Size size, int r3, cv::Mat1b& eroded, std::vector<int>& to_eroded) {
  eroded.create(size);
  int any = 0;
  for (int y = 0; y < size.height; ++y) {
    std::uint8_t* e = eroded.ptr<std::uint8_t>(y);
    const int* d = dist.data() + static_cast<std::size_t>(y) * size.width;
    for (int x = 0; x < size.width; ++x) any |= (e[x] = d[x] > r3 ? 0 : 255) == 0;
  }
  if (!any) return 0;
  chamfer_distance(eroded, r3 + 1, to_eroded);
  return static_cast<int>(std::count_if(to_eroded.begin(), to_eroded.end(), [r3](int v) { return v <= r3; }));
}

}  // namespace

cv::Mat1b open_disc(const cv::Mat1b& mask, double radius) {
  const int r3 = static_cast<int>(std::lround(kChamferOrtho * radius));
  std::vector<int> dist, to_eroded;
  chamfer_distance(mask, r3 + 1, dist);
  cv::Mat1b eroded;
  cv::Mat1b out(mask.size(), static_cast<std::uint8_t>(0));
  if (opened_area(dist, mask.size(), r3, eroded, to_eroded) == 0) return out;
  for (std::size_t i = 0; i < to_eroded.size(); ++i) out.data[i] = to_eroded[i] <= r3 ? 255 : 0;
  return out;
}

int granulometric_radius(const cv::Mat1b& mask) {
  const int total = cv::countNonZero(mask);
  if (total == 0) return 0;
  const int limit = std::max(mask.rows, mask.cols);
  std::vector<int> dist, to_eroded;
  chamfer_distance(mask, kChamferOrtho * (limit + 2), dist);
  cv::Mat1b eroded;
  auto keeps_half = [&](int r) { return 2 * opened_area(dist, mask.size(), kChamferOrtho * r, eroded, to_eroded) >= total; };
  // Start near the answer: inside discs of radius R the median distance to the edge is
  // R (1 - 1/sqrt 2), about 0.29 R. Then bracket and bisect (the kept area falls with r).
  std::vector<int> inside;
  inside.reserve(static_cast<std::size_t>(total));
  for (int v : dist)
    if (v) inside.push_back(v);
  std::nth_element(inside.begin(), inside.begin() + static_cast<std::ptrdiff_t>(inside.size() / 2), inside.end());
  int lo = std::clamp(static_cast<int>(inside[inside.size() / 2] / (kChamferOrtho * 0.29)), 1, limit);
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
  if (values.empty() || hi <= lo) return lo;
  constexpr int kBins = 256;
  std::vector<double> hist(kBins, 0);
  const double scale = (kBins - 1) / (hi - lo);
  for (float v : values) {
    // Nearest bin (the clamp keeps it in 0..kBins-1; +0.5 then truncation rounds).
    const int b = static_cast<int>((std::clamp<double>(v, lo, hi) - lo) * scale + 0.5);
    hist[static_cast<std::size_t>(b)] += 1;
  }
  double total = 0, sum = 0;
  for (int b = 0; b < kBins; ++b) {
    total += hist[static_cast<std::size_t>(b)];
    sum += b * hist[static_cast<std::size_t>(b)];
  }
  double w0 = 0, sum0 = 0, best = -1;
  int best_bin = 0;
  for (int b = 0; b < kBins - 1; ++b) {
    w0 += hist[static_cast<std::size_t>(b)];
    sum0 += b * hist[static_cast<std::size_t>(b)];
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
  return lo + (best_bin + 0.5) / scale;
}

}  // namespace roi::morph
