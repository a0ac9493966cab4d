// test_util.hpp - small deterministic generators shared by the tests.
#pragma once

#include <codec/codec.hpp>
#include <codec/crc32.hpp>
#include <codec/image.hpp>

#include <cstring>
#include <span>
#include <vector>

#include <cstdint>
#include <random>

namespace test {

/// Smooth gradients plus seeded noise: compressible but not trivial.
inline codec::Image make_image(int w, int h, int channels, std::uint32_t seed) {
  codec::Image img(w, h, channels);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> noise(-12, 12);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < channels; ++c) {
        int v = 60 + (x * 3 + y * 2 + c * 40) % 150 + noise(rng);
        img.row(y)[x * channels + c] = static_cast<std::uint8_t>(v < 0 ? 0 : (v > 255 ? 255 : v));
      }
  return img;
}

/// A filled ellipse (255) centred in a w x h mask, radii as fractions of the size.
inline codec::Image make_disc_mask(int w, int h, double rx_frac = 0.3, double ry_frac = 0.3) {
  codec::Image m(w, h, 1);
  const double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
  const double rx = std::max(0.5, w * rx_frac), ry = std::max(0.5, h * ry_frac);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const double dx = (x - cx) / rx, dy = (y - cy) / ry;
      m.row(y)[x] = dx * dx + dy * dy <= 1.0 ? 255 : 0;
    }
  return m;
}

/// Random speckle mask with the given density, seeded.
inline codec::Image make_random_mask(int w, int h, double density, std::uint32_t seed) {
  codec::Image m(w, h, 1);
  std::mt19937 rng(seed);
  std::bernoulli_distribution on(density);
  for (auto& v : m.data) v = on(rng) ? 255 : 0;
  return m;
}

/// The default config's codec (wavelet-rans YCoCg background, row-delta mask) with `roi` for the
/// exact pixels.
inline codec::EncodeParams v2_params(codec::RoiMethod roi = codec::RoiMethod::kContextRans) {
  codec::EncodeParams p;
  p.background_method = codec::BackgroundMethod::kWaveletRans;
  p.colour = codec::BackgroundColour::kYCoCg;
  p.levels = 2;
  p.quant_step = 100;
  p.chroma_levels = 1;
  p.chroma_step = 240;
  p.upsample = codec::Upsample::kSmooth;
  p.mask_method = codec::MaskMethod::kRowDelta;
  p.roi_method = roi;
  p.feather_px = 3;
  return p;
}

/// Rewrites the CRC of the section at `section_offset` (its tag) after a deliberate edit, so that
/// the edit reaches the section's parser.
inline void fix_crc(std::vector<std::uint8_t>& file, std::size_t section_offset) {
  std::uint32_t len;
  std::memcpy(&len, &file[section_offset + 4], 4);
  std::span<const std::uint8_t> tag(&file[section_offset], 4);
  std::span<const std::uint8_t> payload(&file[section_offset + 8], len);
  const std::uint32_t crc = codec::crc32(payload, codec::crc32(tag));
  for (int i = 0; i < 4; ++i) file[section_offset + 8 + len + i] = static_cast<std::uint8_t>(crc >> (8 * i));
}

}  // namespace test
