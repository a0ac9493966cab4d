// codec/metrics.hpp - image quality metrics on 8-bit images.
#pragma once

#include <codec/image.hpp>

#include <cstddef>
#include <optional>

namespace codec {

/// Mean squared error over all samples. Images must have equal dimensions and channels.
double mse(const Image& a, const Image& b);

/// Mean squared error over the pixels whose `selector` value equals `value` (all channels of
/// those pixels). Returns nullopt when no pixel is selected. `selector` is 1 channel, same size.
std::optional<double> mse_where(const Image& a, const Image& b, const Image& selector,
                                std::uint8_t value);

/// PSNR in dB for 8-bit data: 10 log10(255^2 / mse). Identical data (mse == 0) gives +infinity;
/// callers print it as "inf".
double psnr_from_mse(double mse);

/// SSIM of Wang et al. (2004): 11x11 Gaussian window with sigma 1.5, K1 = 0.01, K2 = 0.03,
/// L = 255, population (not sample) covariances, the mean over the positions where the whole
/// window fits, computed per channel and averaged. Matches scikit-image's
/// structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
/// data_range=255, channel_axis=2). Returns nullopt when the image is smaller than 11x11.
std::optional<double> ssim(const Image& a, const Image& b);

}  // namespace codec
