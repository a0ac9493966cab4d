#include <codec/error.hpp>
#include <codec/metrics.hpp>

#include "plane.hpp"

#include <array>
#include <cmath>
#include <limits>

namespace codec {
namespace {

void check_same_shape(const Image& a, const Image& b) {
  if (a.width != b.width || a.height != b.height || a.channels != b.channels)
    throw Error(ErrorCode::kInvalidArgument, "metrics: images differ in size or channels");
}

constexpr int kRadius = 5;  // 11 taps: scikit-image's truncate = 3.5 at sigma 1.5
constexpr double kSigma = 1.5;

std::array<double, 2 * kRadius + 1> gaussian_taps() {
  std::array<double, 2 * kRadius + 1> g{};
  double sum = 0;
  for (int i = -kRadius; i <= kRadius; ++i) sum += g[i + kRadius] = std::exp(-0.5 * i * i / (kSigma * kSigma));
  for (auto& v : g) v /= sum;
  return g;
}

// Separable Gaussian filter keeping only the positions where the whole window fits.
Plane<double> filter_valid(const Plane<double>& in) {
  static const auto g = gaussian_taps();
  const int ow = in.width - 2 * kRadius, oh = in.height - 2 * kRadius;
  Plane<double> tmp(ow, in.height);
  for (int y = 0; y < in.height; ++y) {
    const double* r = in.row(y);
    double* o = tmp.row(y);
    for (int x = 0; x < ow; ++x) {
      double s = 0;
      for (int k = 0; k <= 2 * kRadius; ++k) s += g[k] * r[x + k];
      o[x] = s;
    }
  }
  Plane<double> out(ow, oh);
  for (int y = 0; y < oh; ++y) {
    double* o = out.row(y);
    for (int k = 0; k <= 2 * kRadius; ++k) {
      const double* r = tmp.row(y + k);
      for (int x = 0; x < ow; ++x) o[x] += g[k] * r[x];
    }
  }
  return out;
}

double ssim_plane(const Plane<double>& x, const Plane<double>& y) {
  constexpr double c1 = (0.01 * 255) * (0.01 * 255);
  constexpr double c2 = (0.03 * 255) * (0.03 * 255);
  Plane<double> xx = x, yy = y, xy = x;
  for (std::size_t i = 0; i < x.px.size(); ++i) {
    xx.px[i] = x.px[i] * x.px[i];
    yy.px[i] = y.px[i] * y.px[i];
    xy.px[i] = x.px[i] * y.px[i];
  }
  const auto ux = filter_valid(x), uy = filter_valid(y);
  const auto uxx = filter_valid(xx), uyy = filter_valid(yy), uxy = filter_valid(xy);
  double sum = 0;
  for (std::size_t i = 0; i < ux.px.size(); ++i) {
    const double mx = ux.px[i], my = uy.px[i];
    const double vx = uxx.px[i] - mx * mx, vy = uyy.px[i] - my * my, vxy = uxy.px[i] - mx * my;
    sum += ((2 * mx * my + c1) * (2 * vxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
  }
  return sum / static_cast<double>(ux.px.size());
}

}  // namespace

double mse(const Image& a, const Image& b) {
  check_same_shape(a, b);
  if (a.data.empty()) return 0.0;
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < a.data.size(); ++i) {
    const int d = a.data[i] - b.data[i];
    sum += static_cast<std::uint64_t>(d * d);
  }
  return static_cast<double>(sum) / static_cast<double>(a.data.size());
}

std::optional<double> mse_where(const Image& a, const Image& b, const Image& selector,
                                std::uint8_t value) {
  check_same_shape(a, b);
  if (selector.width != a.width || selector.height != a.height || selector.channels != 1)
    throw Error(ErrorCode::kInvalidArgument, "metrics: selector must be 1 channel, same size");
  std::uint64_t sum = 0, n = 0;
  const int ch = a.channels;
  for (std::size_t p = 0; p < selector.data.size(); ++p) {
    if (selector.data[p] != value) continue;
    for (int c = 0; c < ch; ++c) {
      const int d = a.data[p * ch + c] - b.data[p * ch + c];
      sum += static_cast<std::uint64_t>(d * d);
    }
    n += static_cast<std::uint64_t>(ch);
  }
  if (n == 0) return std::nullopt;
  return static_cast<double>(sum) / static_cast<double>(n);
}

double psnr_from_mse(double m) {
  if (m <= 0) return std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(255.0 * 255.0 / m);
}

std::optional<double> ssim(const Image& a, const Image& b) {
  check_same_shape(a, b);
  if (a.width < 2 * kRadius + 1 || a.height < 2 * kRadius + 1) return std::nullopt;
  double total = 0;
  for (int c = 0; c < a.channels; ++c)
    total += ssim_plane(extract_channel<double>(a, c), extract_channel<double>(b, c));
  return total / a.channels;
}

}  // namespace codec
