#include <smearpress/pipeline.hpp>

#include <smearpress/mat_bridge.hpp>

#include "jpeg_source.hpp"

#include <codec/jpeg_render.hpp>

#include <codec/methods.hpp>
#include <codec/metrics.hpp>
#include <roi/blend.hpp>
#include <roi/weights.hpp>

#include <algorithm>
#include <cstring>

#include <opencv2/imgproc.hpp>

namespace smearpress {

const char* to_string(RoiDomain d) { return d == RoiDomain::kDct ? "dct" : "pixels"; }

namespace {

// The pixels where the blend weight will be 1 (their background is never seen), for a
// background coder that can skip them; empty otherwise. `box` is the mask's bounding box.
codec::Image hidden_for(const cv::Mat1b& mask, const cv::Rect& box,
                        const codec::EncodeParams& params) {
  if (!codec::traits(params.background_method).skips_hidden || box.empty()) return {};
  cv::Mat1b hidden;
  cv::compare(roi::compute_weights(mask, params.feather_px, box), 255, hidden, cv::CMP_EQ);
  return to_image(hidden);
}

// True when the coefficients render exactly `image`'s pixels wherever `mask` is set; `need` is
// needed_blocks(c, mask), `box` the mask's bounding box. Only the box is rendered and compared:
// rendered over a copy of the image's own pixels, whose pixels outside the mask stay equal.
bool renders_image(const codec::jpeg::Coefficients& c, const codec::jpeg::BlockSet& need,
                   const codec::Image& image, const codec::Image& mask, const cv::Rect& box) {
  if (box.empty()) return true;
  const int ch = image.channels;
  const std::size_t row_bytes = static_cast<std::size_t>(box.width) * ch;
  codec::Image out = codec::Image::uninitialized(box.width, box.height, ch);
  const auto source_row = [&](int y) {
    return image.row(box.y + y) + static_cast<std::size_t>(box.x) * ch;
  };
  for (int y = 0; y < box.height; ++y) std::memcpy(out.row(y), source_row(y), row_bytes);
  codec::jpeg::render_masked_box(c, mask, need, out, box.x, box.y);
  for (int y = 0; y < box.height; ++y)
    if (std::memcmp(out.row(y), source_row(y), row_bytes) != 0) return false;
  return true;
}

// The JPEG source's coefficients (`r`, as read from the file for `mask`), when its ROI can be
// kept in the DCT domain (`box`: the mask's bounding box); otherwise empty, with the reason added
// to `notices`.
std::optional<codec::jpeg::Coefficients> dct_source(const codec::Image& image, const codec::Image& mask,
                                                   const cv::Rect& box, JpegReadResult r,
                                                   std::vector<std::string>& notices) {
  if (!r.source) {
    notices.push_back("JPEG ROI stored as pixels: " + r.pixel_path_reason);
    return std::nullopt;
  }
  codec::jpeg::Coefficients c = std::move(r.source->coefficients);
  for (std::size_t ci = 0; ci < c.components.size(); ++ci)
    c.components[ci].source_bits = std::move(r.source->block_bits[ci]);
  // The decoder renders the coefficients; they must give the very pixels the image has (the
  // read has checked the size against the mask, which has the image's).
  const bool fits = (image.channels == 3) == (c.color == codec::jpeg::ColorSpace::ycbcr);
  if (!fits || !renders_image(c, r.source->blocks, image, mask, box)) {
    notices.push_back("JPEG ROI stored as pixels: this libjpeg decodes the file differently from the renderer");
    return std::nullopt;
  }
  return c;
}

// encode_masked with the mask also as a codec::Image (`mask_img`) and its bounding box.
codec::Encoded encode_masked(const codec::Image& image, const cv::Mat1b& mask, const codec::Image& mask_img,
                             const cv::Rect& box, const codec::EncodeParams& params,
                             const codec::jpeg::Coefficients* jpeg_source) {
  const codec::Image hidden = hidden_for(mask, box, params);
  return codec::encode(image, mask_img, params, hidden.empty() ? nullptr : &hidden, jpeg_source);
}

}  // namespace

bool is_jpeg(std::span<const std::uint8_t> file) {
  return file.size() >= 3 && file[0] == 0xFF && file[1] == 0xD8 && file[2] == 0xFF;
}

codec::Encoded encode_masked(const codec::Image& image, const cv::Mat1b& mask, const codec::EncodeParams& params,
                             const codec::jpeg::Coefficients* jpeg_source) {
  return encode_masked(image, mask, to_image(mask), cv::boundingRect(mask), params, jpeg_source);
}

Compressed compress(const codec::Image& image, const Settings& settings, std::span<const std::uint8_t> source_file) {
  Compressed out;
  out.detection = roi::detect(as_mat(image), settings.detect);
  codec::EncodeParams params = settings.codec;
  params.feather_px = settings.feather_px;
  const codec::Image mask = to_image(out.detection.mask);
  const cv::Rect box = cv::boundingRect(out.detection.mask);  // empty for an empty mask
  std::optional<codec::jpeg::Coefficients> jpeg;
  if (settings.jpeg_dct && is_jpeg(source_file)) {
    // Read even when the ROI is empty: a damaged JPEG is an error whatever its ROI.
    JpegReadResult r = read_jpeg_coefficients(source_file, &mask);
    if (!box.empty()) jpeg = dct_source(image, mask, box, std::move(r), out.notices);
  }
  if (jpeg) {
    params.roi_method = codec::RoiMethod::kJpegDct;
    out.roi_domain = RoiDomain::kDct;
  }
  out.encoded = encode_masked(image, out.detection.mask, mask, box, params, jpeg ? &*jpeg : nullptr);
  return out;
}

Reconstruction reconstruct(std::span<const std::uint8_t> bytes) {
  Reconstruction r;
  r.decoded = codec::decode(bytes);
  const cv::Mat1b mask = as_mat(r.decoded.mask);
  // The exact pixels' box is the mask's bounding box (empty for an empty mask): only it can
  // differ from the background.
  const cv::Rect box(r.decoded.exact_x, r.decoded.exact_y, r.decoded.exact.width, r.decoded.exact.height);
  r.weights = roi::compute_weights(mask, r.decoded.header.feather_px, box);
  r.image = std::move(r.decoded.background);  // (decoded.background is left empty)
  if (!r.decoded.exact.empty()) {
    cv::Mat out = as_mat(r.image)(box);
    roi::blend_into(as_mat(r.decoded.exact), out, r.weights(box));
  }
  return r;
}

Quality evaluate(const codec::Image& original, const Reconstruction& rec) {
  Quality q;
  q.mse = codec::mse(original, rec.image);
  q.psnr = codec::psnr_from_mse(q.mse);
  q.ssim = codec::ssim(original, rec.image);
  const codec::Image weights = to_image(rec.weights);
  if (auto m = codec::mse_where(original, rec.image, weights, 255)) {
    q.psnr_roi = codec::psnr_from_mse(*m);
    q.roi_exact = *m == 0.0;
  } else {
    q.roi_exact = true;  // no weight-1 pixel: nothing to violate
  }
  if (auto m = codec::mse_where(original, rec.image, weights, 0)) q.psnr_bg = codec::psnr_from_mse(*m);
  const auto& mask = rec.decoded.mask.data;
  q.roi_fraction = mask.empty() ? 0.0
                                : static_cast<double>(std::count_if(mask.begin(), mask.end(),
                                                                    [](std::uint8_t v) { return v != 0; })) /
                                      static_cast<double>(mask.size());
  return q;
}

}  // namespace smearpress
