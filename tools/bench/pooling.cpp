// pooling.cpp - squared errors pooled over images, and the regions of an image.
#include "bench/pooling.hpp"

#include <codec/metrics.hpp>
#include <smearpress/mat_bridge.hpp>

namespace smearpress::bench {

void ErrorPool::add(const std::optional<double>& mse, std::uint64_t n) {
  if (!mse || n == 0) return;
  sse += *mse * static_cast<double>(n);
  samples += n;
}

std::optional<double> ErrorPool::psnr() const {
  if (samples == 0) return std::nullopt;
  return codec::psnr_from_mse(sse / static_cast<double>(samples));
}

Regions regions_of(const cv::Mat1b& weights, int channels) {
  Regions r;
  r.selector = to_image(weights);
  const auto ch = static_cast<std::uint64_t>(channels);
  for (std::uint8_t w : r.selector.data) {
    r.roi_samples += w == 255 ? ch : 0;
    r.bg_samples += w == 0 ? ch : 0;
  }
  r.all_samples = r.selector.data.size() * ch;
  return r;
}

void Pools::add(const codec::Image& original, const codec::Image& decoded, const Regions& reg) {
  all.add(codec::mse(original, decoded), reg.all_samples);
  roi.add(codec::mse_where(original, decoded, reg.selector, 255), reg.roi_samples);
  bg.add(codec::mse_where(original, decoded, reg.selector, 0), reg.bg_samples);
}

}  // namespace smearpress::bench
