// encoder.cpp - wires the stages together: background -> mask -> ROI pixels -> container.
#include "byte_io.hpp"
#include "container.hpp"
#include "mask_coder.hpp"
#include "registry.hpp"
#include "roi_pixels.hpp"

#include <codec/codec.hpp>
#include <codec/error.hpp>

#include <algorithm>
#include <string>

namespace codec {
namespace {

void check_range(const char* name, int v, int lo, int hi) {
  if (v < lo || v > hi)
    throw Error(ErrorCode::kInvalidArgument,
                std::string(name) + " = " + std::to_string(v) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
}

Header make_header(const Image& image, const EncodeParams& p) {
  Header h;
  h.width = static_cast<std::uint32_t>(image.width);
  h.height = static_cast<std::uint32_t>(image.height);
  h.channels = static_cast<std::uint8_t>(image.channels);
  h.background_method = p.background_method;
  h.levels = static_cast<std::uint8_t>(p.levels);
  h.quant_step = static_cast<std::uint16_t>(p.quant_step);
  h.mask_method = p.mask_method;
  h.roi_method = p.roi_method;
  h.feather_px = static_cast<std::uint8_t>(p.feather_px);
  const BackgroundTraits& t = traits(p.background_method);
  if (t.wavelet_fields) {
    // A gray image has no chroma: its background is one plane whatever the colour setting.
    const bool ycocg = p.colour == BackgroundColour::kYCoCg && image.channels == 3;
    h.colour = ycocg ? BackgroundColour::kYCoCg : BackgroundColour::kChannels;
    h.chroma_levels = static_cast<std::uint8_t>(ycocg ? p.chroma_levels : 0);
    h.chroma_step = static_cast<std::uint16_t>(ycocg ? p.chroma_step : 0);
    h.detail_step = static_cast<std::uint16_t>(p.detail_step);
    h.upsample = p.upsample;
  }
  if (t.pivot_fields) {
    h.bands = p.bands;
    h.pivot_block = static_cast<std::uint8_t>(p.pivot_block);
    h.pivot = p.pivot;
  }
  return h;
}

}  // namespace

void validate(const EncodeParams& p) {
  check_range("quant_step", p.quant_step, 1, kMaxQuantStep);
  check_range("levels", p.levels, 1, kMaxLevels);
  check_range("feather_px", p.feather_px, 0, kMaxFeather);
  const BackgroundCoder* bg = find_background_coder(static_cast<std::uint8_t>(p.background_method));
  if (!bg)
    throw Error(ErrorCode::kInvalidArgument,
                "background_method " + std::to_string(static_cast<int>(p.background_method)) + " is unknown");
  if (!find_mask_coder(static_cast<std::uint8_t>(p.mask_method)))
    throw Error(ErrorCode::kInvalidArgument, "mask_method " + std::to_string(static_cast<int>(p.mask_method)) + " is unknown");
  if (!find_roi_coder(static_cast<std::uint8_t>(p.roi_method)))
    throw Error(ErrorCode::kInvalidArgument, "roi_method " + std::to_string(static_cast<int>(p.roi_method)) + " is unknown");
  if (bg->traits.pivot_fields) {
    check_range("pivot_block", p.pivot_block, 1, kMaxPivotBlock);
    if (p.bands == Bands::kAll) check_range("levels (all four bands)", p.levels, 1, 1);
  }
  if (!bg->traits.wavelet_fields) return;
  check_range("detail_step", p.detail_step, 0, kMaxQuantStep);
  if (p.colour == BackgroundColour::kYCoCg) {
    check_range("chroma_step", p.chroma_step, 1, kMaxQuantStep);
    check_range("levels + chroma_levels", p.levels + p.chroma_levels, 1, kMaxLevels);
    check_range("chroma_levels", p.chroma_levels, 0, kMaxLevels);
  }
  if (p.upsample == Upsample::kSmooth && p.detail_step != 0)
    throw Error(ErrorCode::kInvalidArgument, "smooth upsampling needs detail_step 0 (no detail bands)");
}

Encoded encode(const Image& image, const Image& mask, const EncodeParams& params, const Image* hidden,
               const jpeg::Coefficients* jpeg_source) {
  validate(params);
  const bool dct_domain = coder(params.roi_method).traits.dct_domain;
  if (dct_domain && !jpeg_source)
    throw Error(ErrorCode::kInvalidArgument, std::string("ROI method ") + to_string(params.roi_method) +
                                                 " needs the source JPEG's coefficients");
  if (image.channels != 1 && image.channels != 3)
    throw Error(ErrorCode::kInvalidArgument, "image has " + std::to_string(image.channels) + " channels (need 1 or 3)");
  if (image.width < 1 || image.height < 1 || image.data.size() != image.byte_count())
    throw Error(ErrorCode::kInvalidArgument, "empty or inconsistent image");
  if (static_cast<std::uint32_t>(image.width) > kMaxDimension || static_cast<std::uint32_t>(image.height) > kMaxDimension ||
      image.pixel_count() > kMaxPixels)
    throw Error(ErrorCode::kLimitExceeded, "image of " + std::to_string(image.width) + "x" + std::to_string(image.height) +
                                               " is above the format's limits (" + std::to_string(kMaxDimension) +
                                               " per side, " + std::to_string(kMaxPixels) + " pixels)");
  auto same_size_mask = [&](const Image& m) {
    return m.width == image.width && m.height == image.height && m.channels == 1 && m.data.size() == m.byte_count();
  };
  if (!same_size_mask(mask)) throw Error(ErrorCode::kInvalidArgument, "mask must be 1 channel with the image's size");
  if (hidden && !same_size_mask(*hidden))
    throw Error(ErrorCode::kInvalidArgument, "hidden mask must be 1 channel with the image's size");

  const Header header = make_header(image, params);
  const MaskRuns runs = mask_runs(mask);
  Encoded enc;
  ByteWriter mask_out, roi_out, bg_out;
  Image background;
  // Every pixel ROI coder reads the background only around the mask (registry.hpp); a DCT-domain
  // one never reads it.
  Box needed = dct_domain ? Box{} : runs.box;
  if (!needed.empty())
    needed = Box{std::max(0, needed.x0 - 1), std::max(0, needed.y0 - 1), std::min(image.width, needed.x1 + 1), needed.y1};
  const BackgroundCoder& bg = coder(header.background_method);
  enc.stats.ll_bits =
      bg.ops->encode(bg_out, image, header, bg.traits.skips_hidden ? hidden : nullptr, needed, background);
  write_mask(mask_out, header.mask_method, mask, runs);
  enc.stats.roi_pixels = runs.count;
  enc.stats.roi_source_bytes =
      write_roi_pixels(roi_out, header.roi_method, image, mask, runs, background, dct_domain ? jpeg_source : nullptr);

  std::vector<std::uint8_t> payloads[kSectionCount];
  payloads[0] = write_header(header);
  payloads[1] = mask_out.take();
  payloads[2] = roi_out.take();
  payloads[3] = bg_out.take();
  enc.stats.mask_bytes = payloads[1].size();
  enc.stats.roi_bytes = payloads[2].size();
  enc.stats.background_bytes = payloads[3].size();
  enc.bytes = write_container(payloads, dct_domain ? kFormatVersion : kMinFormatVersion);
  enc.stats.file_bytes = enc.bytes.size();
  return enc;
}

}  // namespace codec
