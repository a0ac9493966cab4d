// The paper's detector: Otsu on the blurred HSV saturation, contours by area and circularity.
#include "detectors.hpp"
#include "morphology.hpp"

#include <opencv2/imgproc.hpp>

namespace roi {
namespace {

// The channel in which nuclei stand out: HSV saturation for colour, darkness for gray.
cv::Mat1b feature_channel(const cv::Mat& image) {
  cv::Mat1b out;
  if (image.channels() == 1) {
    cv::subtract(cv::Scalar(255), image, out);
    return out;
  }
  cv::Mat hsv;
  cv::cvtColor(image, hsv, cv::COLOR_BGR2HSV);
  cv::extractChannel(hsv, out, 1);
  return out;
}

}  // namespace

Detection detect_saturation(const cv::Mat& image, const DetectParams& params) {
  Detection d;
  d.feature = feature_channel(image);
  if (params.blur_ksize > 1)
    cv::GaussianBlur(d.feature, d.feature, cv::Size(params.blur_ksize, params.blur_ksize), 0);
  d.threshold = cv::threshold(d.feature, d.binary, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);

  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(d.binary, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  const double image_area = static_cast<double>(image.total());
  int best = -1;
  double best_score = -1;
  for (std::size_t i = 0; i < contours.size(); ++i) {
    Candidate c;
    c.area = cv::contourArea(contours[i]);
    c.perimeter = cv::arcLength(contours[i], true);
    c.circularity = c.perimeter > 0 ? 4 * CV_PI * c.area / (c.perimeter * c.perimeter) : 0;
    c.box = cv::boundingRect(contours[i]);
    const bool ok = c.area >= params.min_area_frac * image_area && c.area <= params.max_area_frac * image_area &&
                    c.circularity >= params.min_circularity;
    c.kind = ok ? Kind::kNucleus : Kind::kRejected;
    // "The most circular and prominent region": area weighted by circularity.
    if (ok && c.area * c.circularity > best_score) {
      best_score = c.area * c.circularity;
      best = static_cast<int>(i);
    }
    c.selected = ok && params.select == Select::kAll;
    d.candidates.push_back(c);
  }
  if (params.select == Select::kBest && best >= 0) d.candidates[static_cast<std::size_t>(best)].selected = true;

  d.mask = cv::Mat1b::zeros(image.size());
  for (std::size_t i = 0; i < contours.size(); ++i)
    if (d.candidates[i].selected) cv::drawContours(d.mask, contours, static_cast<int>(i), cv::Scalar(255), cv::FILLED);
  if (params.dilate_px > 0 && cv::countNonZero(d.mask) > 0)
    cv::dilate(d.mask, d.mask, morph::disc(params.dilate_px));
  return d;
}

}  // namespace roi
