// encoder.cpp - wires the stages together: background -> mask -> ROI pixels -> container.
#include "background.hpp"
#include "byte_io.hpp"
#include "container.hpp"
#include "mask_coder.hpp"
#include "roi_pixels.hpp"

#include <codec/codec.hpp>
#include <codec/error.hpp>

#include <string>

namespace codec {
namespace {

void check_range(const char* name, int v, int lo, int hi) {
  if (v < lo || v > hi)
    throw Error(ErrorCode::kInvalidArgument, std::string(name) + " = " + std::to_string(v) +
                                                 " is outside " + std::to_string(lo) + ".." +
                                                 std::to_string(hi));
}

Header make_header(const Image& image, const EncodeParams& p) {
  Header h;
  h.width = static_cast<std::uint32_t>(image.width);
  h.height = static_cast<std::uint32_t>(image.height);
  h.channels = static_cast<std::uint8_t>(image.channels);
  h.background_method = p.background_method;
  h.levels = static_cast<std::uint8_t>(p.levels);
  h.mask_method = p.mask_method;
  h.roi_method = p.roi_method;
  h.feather_px = static_cast<std::uint8_t>(p.feather_px);
  h.quant_step = static_cast<std::uint16_t>(p.quant_step);
  return h;
}

}  // namespace

void validate(const EncodeParams& p) {
  check_range("quant_step", p.quant_step, 1, kMaxQuantStep);
  check_range("levels", p.levels, 1, kMaxLevels);
  check_range("feather_px", p.feather_px, 0, kMaxFeather);
}

Encoded encode(const Image& image, const Image& mask, const EncodeParams& params) {
  validate(params);
  if (image.channels != 1 && image.channels != 3)
    throw Error(ErrorCode::kInvalidArgument,
                "image has " + std::to_string(image.channels) + " channels (need 1 or 3)");
  if (image.width < 1 || image.height < 1 || image.data.size() != image.byte_count())
    throw Error(ErrorCode::kInvalidArgument, "empty or inconsistent image");
  if (static_cast<std::uint32_t>(image.width) > kMaxDimension ||
      static_cast<std::uint32_t>(image.height) > kMaxDimension || image.pixel_count() > kMaxPixels)
    throw Error(ErrorCode::kLimitExceeded,
                "image of " + std::to_string(image.width) + "x" + std::to_string(image.height) +
                    " is above the format's limits (" + std::to_string(kMaxDimension) +
                    " per side, " + std::to_string(kMaxPixels) + " pixels)");
  if (mask.width != image.width || mask.height != image.height || mask.channels != 1 ||
      mask.data.size() != mask.byte_count())
    throw Error(ErrorCode::kInvalidArgument, "mask must be 1 channel with the image's size");

  const Header header = make_header(image, params);
  const BackgroundBands bands = analyse_background(image, params.levels, params.quant_step);
  const Image background = synthesize_background(bands, header);

  std::vector<std::uint8_t> payloads[kSectionCount];
  payloads[0] = write_header(header);
  ByteWriter mask_out, roi_out, bg_out;
  write_mask(mask_out, mask);
  Encoded enc;
  enc.stats.roi_pixels = write_roi_pixels(roi_out, image, mask, background);
  enc.stats.ll_bits = write_background(bg_out, bands);
  payloads[1] = mask_out.take();
  payloads[2] = roi_out.take();
  payloads[3] = bg_out.take();
  enc.stats.mask_bytes = payloads[1].size();
  enc.stats.roi_bytes = payloads[2].size();
  enc.stats.background_bytes = payloads[3].size();
  enc.bytes = write_container(payloads);
  enc.stats.file_bytes = enc.bytes.size();
  return enc;
}

}  // namespace codec
