#include "reporting/panel.hpp"

#include "io/image_io.hpp"

#include <smearpress/mat_bridge.hpp>

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace smearpress {
namespace {

constexpr int kGap = 8;
constexpr int kTitleH = 24;
constexpr int kCaptionH = 28;
constexpr int kScaleW = 56;
const cv::Scalar kWhite(255, 255, 255);
const cv::Scalar kInk(40, 40, 40);

cv::Mat to_bgr(const cv::Mat& m) {
  if (m.channels() == 3) return m.clone();
  cv::Mat out;
  cv::cvtColor(m, out, cv::COLOR_GRAY2BGR);
  return out;
}

void text(cv::Mat& img, const std::string& s, cv::Point at, double scale = 0.45) {
  cv::putText(img, s, at, cv::FONT_HERSHEY_SIMPLEX, scale, kInk, 1, cv::LINE_AA);
}

// The original with the blend weight as a green tint and the mask outline in yellow.
cv::Mat overlay(const cv::Mat& original, const cv::Mat1b& mask, const cv::Mat1b& weights) {
  cv::Mat out = to_bgr(original);
  const cv::Vec3b green(60, 200, 60);
  for (int y = 0; y < out.rows; ++y)
    for (int x = 0; x < out.cols; ++x) {
      const double a = 0.45 * weights(y, x) / 255.0;
      auto& p = out.at<cv::Vec3b>(y, x);
      for (int c = 0; c < 3; ++c) p[c] = cv::saturate_cast<std::uint8_t>((1 - a) * p[c] + a * green[c]);
    }
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(mask.clone(), contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
  cv::drawContours(out, contours, -1, cv::Scalar(0, 230, 255), 1, cv::LINE_8);
  return out;
}

// |original - decoded|, max over channels, mapped through a colour map (0 .. kPanelDiffScale).
cv::Mat heatmap(const cv::Mat& original, const cv::Mat& decoded) {
  cv::Mat diff;
  cv::absdiff(original, decoded, diff);
  cv::Mat1b m;
  if (diff.channels() == 3) {
    std::vector<cv::Mat> ch;
    cv::split(diff, ch);
    m = cv::max(cv::max(ch[0], ch[1]), ch[2]);
  } else {
    m = diff;
  }
  cv::Mat1b scaled;
  m.convertTo(scaled, CV_8U, 255.0 / kPanelDiffScale);
  cv::Mat out;
  cv::applyColorMap(scaled, out, cv::COLORMAP_INFERNO);
  return out;
}

// A vertical colour bar with its scale, `height` tall.
cv::Mat scale_bar(int height) {
  cv::Mat out(height, kScaleW, CV_8UC3, kWhite);
  const int bar_top = 8, bar_bottom = height - 8, bar_w = 14;
  cv::Mat1b ramp(std::max(1, bar_bottom - bar_top), bar_w);
  for (int y = 0; y < ramp.rows; ++y)
    ramp.row(y).setTo(cv::saturate_cast<std::uint8_t>(255.0 * (ramp.rows - 1 - y) / std::max(1, ramp.rows - 1)));
  cv::Mat colour;
  cv::applyColorMap(ramp, colour, cv::COLORMAP_INFERNO);
  colour.copyTo(out(cv::Rect(4, bar_top, bar_w, ramp.rows)));
  text(out, ">=" + std::to_string(kPanelDiffScale), cv::Point(20, bar_top + 10), 0.38);
  text(out, std::to_string(kPanelDiffScale / 2), cv::Point(20, (bar_top + bar_bottom) / 2 + 4), 0.38);
  text(out, "0", cv::Point(20, bar_bottom), 0.38);
  return out;
}

}  // namespace

cv::Mat make_panel(const codec::Image& original_img, const Reconstruction& rec, const std::string& caption) {
  const cv::Mat original = as_mat(original_img);
  const cv::Mat decoded = as_mat(rec.image);
  const cv::Mat1b mask = as_mat(rec.decoded.mask);
  const int w = original.cols, h = original.rows;
  const cv::Mat tiles[4] = {to_bgr(original), overlay(original, mask, rec.weights), to_bgr(decoded),
                            heatmap(original, decoded)};
  const char* titles[4] = {"original", "ROI: outline = mask, green = weight", "decoded",
                           "|difference|, max over channels"};
  const int width = 4 * w + 5 * kGap + kScaleW;
  const int height = kTitleH + h + kCaptionH + kGap;
  cv::Mat panel(height, width, CV_8UC3, kWhite);
  for (int i = 0; i < 4; ++i) {
    const int x = kGap + i * (w + kGap);
    tiles[i].copyTo(panel(cv::Rect(x, kTitleH, w, h)));
    text(panel, titles[i], cv::Point(x, kTitleH - 8));
  }
  scale_bar(h).copyTo(panel(cv::Rect(kGap + 4 * (w + kGap), kTitleH, kScaleW, h)));
  text(panel, caption, cv::Point(kGap, kTitleH + h + kCaptionH - 9), 0.5);
  return panel;
}

cv::Mat make_thumbnail(const cv::Mat& panel, int width) {
  if (panel.cols <= width) return panel.clone();
  cv::Mat out;
  const int height = std::max(1, panel.rows * width / panel.cols);
  cv::resize(panel, out, cv::Size(width, height), 0, 0, cv::INTER_AREA);
  return out;
}

}  // namespace smearpress
