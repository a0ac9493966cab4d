#include <roi/detect.hpp>

#include "detectors.hpp"

#include <stdexcept>
#include <string>

namespace roi {
namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument(what);
}

}  // namespace

void validate(const DetectParams& p) {
  require(p.blur_ksize >= 1 && p.blur_ksize <= 99 && p.blur_ksize % 2 == 1,
          "blur_ksize must be odd and in 1..99");
  require(p.min_area_frac >= 0 && p.min_area_frac <= 1, "min_area_frac must be in 0..1");
  require(p.max_area_frac > 0 && p.max_area_frac <= 1, "max_area_frac must be in (0, 1]");
  require(p.min_area_frac <= p.max_area_frac, "min_area_frac must not exceed max_area_frac");
  require(p.min_circularity >= 0 && p.min_circularity <= 1, "min_circularity must be in 0..1");
  require(p.dilate_px >= 0 && p.dilate_px <= 500, "dilate_px must be in 0..500");
  require(p.min_stain > 0 && p.min_stain <= 3, "min_stain must be in (0, 3]");
  require(p.nucleus_min_rbc > 0 && p.nucleus_min_rbc <= 20, "nucleus_min_rbc must be in (0, 20]");
  require(p.platelet_min_rbc > 0 && p.platelet_min_rbc <= p.nucleus_min_rbc,
          "platelet_min_rbc must be in (0, nucleus_min_rbc]");
  require(p.margin_rbc >= 0 && p.margin_rbc <= 5, "margin_rbc must be in 0..5");
  require(p.downsample == 1 || p.downsample == 2 || p.downsample == 4, "downsample must be 1, 2 or 4");
  require(!p.platelets || p.method == Method::kStain, "platelets needs the stain method");
}

Detection detect(const cv::Mat& image, const DetectParams& params) {
  validate(params);
  if (image.empty() || image.depth() != CV_8U || (image.channels() != 1 && image.channels() != 3))
    throw std::invalid_argument("detect: need an 8-bit gray or BGR image");
  switch (params.method) {
    case Method::kStain: return detect_stain(image, params);
    case Method::kSaturation: return detect_saturation(image, params);
    case Method::kNone:
    case Method::kAll: break;
  }
  Detection d;
  d.mask = cv::Mat1b(image.size(), params.method == Method::kAll ? 255 : 0);
  d.feature = d.mask.clone();
  d.binary = d.mask.clone();
  return d;
}

}  // namespace roi
