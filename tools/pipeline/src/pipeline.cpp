#include <smearpress/pipeline.hpp>

#include <smearpress/mat_bridge.hpp>

#include <codec/methods.hpp>
#include <codec/metrics.hpp>
#include <roi/blend.hpp>
#include <roi/weights.hpp>

#include <algorithm>

namespace smearpress {

codec::Encoded encode_masked(const codec::Image& image, const cv::Mat1b& mask, const codec::EncodeParams& params) {
  const codec::Image mask_img = to_image(mask);
  if (!codec::traits(params.background_method).skips_hidden || cv::countNonZero(mask) == 0)
    return codec::encode(image, mask_img, params);
  // Where the blend weight will be 1 the background is never seen: let the coder skip it.
  cv::Mat1b hidden;
  cv::compare(roi::compute_weights(mask, params.feather_px), 255, hidden, cv::CMP_EQ);
  const codec::Image hidden_img = to_image(hidden);
  return codec::encode(image, mask_img, params, &hidden_img);
}

Compressed compress(const codec::Image& image, const Settings& settings) {
  Compressed out;
  out.detection = roi::detect(as_mat(image), settings.detect);
  codec::EncodeParams params = settings.codec;
  params.feather_px = settings.feather_px;
  out.encoded = encode_masked(image, out.detection.mask, params);
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
