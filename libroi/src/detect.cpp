#include <roi/detect.hpp>

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

namespace roi {
namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument(what);
}

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

void validate(const DetectParams& p) {
  require(p.blur_ksize >= 1 && p.blur_ksize <= 99 && p.blur_ksize % 2 == 1,
          "blur_ksize must be odd and in 1..99");
  require(p.min_area_frac >= 0 && p.min_area_frac <= 1, "min_area_frac must be in 0..1");
  require(p.max_area_frac > 0 && p.max_area_frac <= 1, "max_area_frac must be in (0, 1]");
  require(p.min_area_frac <= p.max_area_frac, "min_area_frac must not exceed max_area_frac");
  require(p.min_circularity >= 0 && p.min_circularity <= 1, "min_circularity must be in 0..1");
  require(p.dilate_px >= 0 && p.dilate_px <= 500, "dilate_px must be in 0..500");
}

Detection detect(const cv::Mat& image, const DetectParams& params) {
  validate(params);
  if (image.empty() || image.depth() != CV_8U || (image.channels() != 1 && image.channels() != 3))
    throw std::invalid_argument("detect: need an 8-bit gray or BGR image");

  Detection d;
  d.feature = feature_channel(image);
  if (params.blur_ksize > 1)
    cv::GaussianBlur(d.feature, d.feature, cv::Size(params.blur_ksize, params.blur_ksize), 0);
  cv::Mat1b binary;
  d.threshold = cv::threshold(d.feature, binary, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);

  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(binary, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  const double image_area = static_cast<double>(image.total());
  double best_score = -1;
  for (std::size_t i = 0; i < contours.size(); ++i) {
    Candidate c;
    c.area = cv::contourArea(contours[i]);
    c.perimeter = cv::arcLength(contours[i], true);
    c.circularity = c.perimeter > 0 ? 4 * CV_PI * c.area / (c.perimeter * c.perimeter) : 0;
    c.box = cv::boundingRect(contours[i]);
    c.accepted = c.area >= params.min_area_frac * image_area &&
                 c.area <= params.max_area_frac * image_area &&
                 c.circularity >= params.min_circularity;
    // "The most circular and prominent region": area weighted by circularity.
    if (c.accepted && c.area * c.circularity > best_score) {
      best_score = c.area * c.circularity;
      d.chosen = static_cast<int>(i);
    }
    d.candidates.push_back(c);
  }

  d.mask = cv::Mat1b::zeros(image.size());
  if (d.chosen >= 0) {
    cv::drawContours(d.mask, contours, d.chosen, cv::Scalar(255), cv::FILLED);
    if (params.dilate_px > 0) {
      const int k = 2 * params.dilate_px + 1;
      cv::dilate(d.mask, d.mask, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(k, k)));
    }
  }
  return d;
}

}  // namespace roi
