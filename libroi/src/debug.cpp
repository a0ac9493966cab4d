#include <roi/detect.hpp>

#include <opencv2/imgproc.hpp>

#include <cstdio>

namespace roi {
namespace {

cv::Mat bgr(const cv::Mat& m) {
  if (m.channels() == 3) return m.clone();
  cv::Mat out;
  cv::cvtColor(m, out, cv::COLOR_GRAY2BGR);
  return out;
}

cv::Mat full_size(const cv::Mat& m, cv::Size size) {
  if (m.size() == size) return m;
  cv::Mat out;
  cv::resize(m, out, size, 0, 0, cv::INTER_NEAREST);
  return out;
}

cv::Scalar colour_of(const Candidate& c) {
  if (c.selected) return {40, 200, 40};                        // green: in the ROI
  if (c.kind == Kind::kPlatelet) return {0, 200, 230};        // yellow: platelet, left out
  if (c.kind == Kind::kNucleus) return {230, 160, 0};         // blue: passed, not chosen
  return {40, 40, 220};                                        // red: rejected
}

void label(cv::Mat& img, const std::string& text, cv::Point at, const cv::Scalar& colour) {
  cv::putText(img, text, at + cv::Point(1, 1), cv::FONT_HERSHEY_SIMPLEX, 0.4, cv::Scalar(255, 255, 255), 2, cv::LINE_AA);
  cv::putText(img, text, at, cv::FONT_HERSHEY_SIMPLEX, 0.4, colour, 1, cv::LINE_AA);
}

}  // namespace

std::vector<std::pair<std::string, cv::Mat>> debug_views(const cv::Mat& image, const Detection& d) {
  std::vector<std::pair<std::string, cv::Mat>> views;
  const cv::Size size = image.size();
  views.emplace_back("feature", full_size(d.feature, size));
  views.emplace_back("threshold", full_size(d.binary, size));
  if (!d.red_cells.empty()) views.emplace_back("red_cells", full_size(d.red_cells, size));

  cv::Mat objects = bgr(image);
  const bool stain = !d.red_cells.empty();
  if (!stain) {
    // Saturation method: the contours of the thresholded map, in candidate order.
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(d.binary.clone(), contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    for (std::size_t i = 0; i < contours.size() && i < d.candidates.size(); ++i)
      cv::drawContours(objects, contours, static_cast<int>(i), colour_of(d.candidates[i]), 1);
  }
  for (const auto& c : d.candidates) {
    if (c.area < 20) continue;  // specks would only clutter the picture
    char text[96];
    if (stain)
      std::snprintf(text, sizeof text, "%s %.2f RBC", c.kind == Kind::kNucleus ? "nucleus" : c.kind == Kind::kPlatelet ? "platelet" : "small", c.rbc_areas);
    else
      std::snprintf(text, sizeof text, "A %.0f C %.2f", c.area, c.circularity);
    if (stain) cv::rectangle(objects, c.box, colour_of(c), 1);
    label(objects, text, cv::Point(c.box.x, std::max(10, c.box.y - 3)), colour_of(c));
  }
  char head[128];
  if (stain)
    std::snprintf(head, sizeof head, "stain threshold %.3f OD, red-cell radius %.1f px", d.threshold, d.rbc_radius);
  else
    std::snprintf(head, sizeof head, "Otsu threshold %.0f", d.threshold);
  label(objects, head, cv::Point(4, 14), cv::Scalar(0, 0, 0));
  views.emplace_back("objects", objects);

  cv::Mat roi = bgr(image);
  std::vector<std::vector<cv::Point>> outline;
  cv::findContours(d.mask.clone(), outline, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
  cv::drawContours(roi, outline, -1, cv::Scalar(0, 230, 255), 2);
  views.emplace_back("roi", roi);
  return views;
}

}  // namespace roi
