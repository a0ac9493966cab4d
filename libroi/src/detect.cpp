#include <roi/detect.hpp>

#include "detectors.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <string>

namespace roi {
namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument(what);
}

}  // namespace

namespace {

// "NAME must be in 0..1" or "... in (0, 3]".
void require_in(double x, const Bounds& b, const char* name) {
  if (b.contains(x)) return;
  const auto text = [](double v) {
    std::string t = std::to_string(v);
    t.erase(t.find_last_not_of('0') + 1);
    if (t.back() == '.') t.pop_back();
    return t;
  };
  throw std::invalid_argument(std::string(name) + " must be in " +
                              (b.open_lo ? "(" + text(b.lo) + ", " + text(b.hi) + "]" : text(b.lo) + ".." + text(b.hi)));
}

}  // namespace

void validate(const DetectParams& p) {
  require_in(p.blur_ksize, bounds::kBlurKsize, "blur_ksize");
  require(p.blur_ksize % 2 == 1, "blur_ksize must be odd");
  require_in(p.min_area_frac, bounds::kMinAreaFrac, "min_area_frac");
  require_in(p.max_area_frac, bounds::kMaxAreaFrac, "max_area_frac");
  require(p.min_area_frac <= p.max_area_frac, "min_area_frac must not exceed max_area_frac");
  require_in(p.min_circularity, bounds::kMinCircularity, "min_circularity");
  require_in(p.dilate_px, bounds::kDilatePx, "dilate_px");
  require_in(p.min_stain, bounds::kMinStain, "min_stain");
  require_in(p.nucleus_min_rbc, bounds::kNucleusMinRbc, "nucleus_min_rbc");
  require_in(p.platelet_min_rbc, bounds::kPlateletMinRbc, "platelet_min_rbc");
  require(p.platelet_min_rbc <= p.nucleus_min_rbc, "platelet_min_rbc must not exceed nucleus_min_rbc");
  require_in(p.margin_rbc, bounds::kMarginRbc, "margin_rbc");
  require(std::find(std::begin(bounds::kDownsample), std::end(bounds::kDownsample), p.downsample) !=
              std::end(bounds::kDownsample),
          "downsample must be 1, 2 or 4");
  require(!p.platelets || p.method == Method::kStain, "platelets needs the stain method");
  require_in(p.rbc_radius, bounds::kRbcRadius, "rbc_radius");
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
