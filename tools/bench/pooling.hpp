// pooling.hpp - quality pooled over images: summed squared errors, and the regions (smearpress's
// blend weights) the ROI and background PSNRs cover. Internal to the bench.
#pragma once

#include <codec/image.hpp>
#include <cstdint>
#include <opencv2/core/mat.hpp>
#include <optional>

namespace smearpress::bench {

// Squared errors summed over images, turned into one PSNR at the end.
struct ErrorPool {
  double sse = 0;
  std::uint64_t samples = 0;
  /// Adds an image's mean squared error over `n` samples; nothing for an empty mse or n = 0.
  void add(const std::optional<double>& mse, std::uint64_t n);
  /// The pooled PSNR in dB (+infinity when identical); empty without samples.
  std::optional<double> psnr() const;
};

// Which pixels of an image the region PSNRs cover: smearpress's weights for that image.
struct Regions {
  codec::Image selector;  // the weights, 0..255
  std::uint64_t roi_samples = 0, bg_samples = 0, all_samples = 0;
};

/// The regions of an image of `channels` channels from smearpress's blend weights.
Regions regions_of(const cv::Mat1b& weights, int channels);

/// One codec's pools: all pixels, the ROI (weight 1) and the background (weight 0).
struct Pools {
  ErrorPool all, roi, bg;
  void add(const codec::Image& original, const codec::Image& decoded, const Regions& reg);
};

}  // namespace smearpress::bench
