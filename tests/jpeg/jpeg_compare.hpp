// jpeg_compare.hpp - the reference every JPEG test compares with: cv::imdecode of the same bytes
// (OpenCV 4.6 + the system libjpeg-turbo), read the way the pipeline reads (IMREAD_UNCHANGED) and
// as IMREAD_COLOR.
#pragma once

#include <codec/image.hpp>

#include <opencv2/imgcodecs.hpp>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace test {

inline cv::Mat imdecode(const std::vector<std::uint8_t>& bytes, int flags) {
  return cv::imdecode(cv::Mat(1, static_cast<int>(bytes.size()), CV_8U,
                              const_cast<std::uint8_t*>(bytes.data())),
                      flags);
}

/// "" when `img` equals `ref` sample for sample (a 1-channel img against a 3-channel ref is
/// compared with each channel), else a description of the first difference and the count.
inline std::string diff(const codec::Image& img, const cv::Mat& ref, const codec::Image* mask = nullptr) {
  if (ref.cols != img.width || ref.rows != img.height || ref.depth() != CV_8U)
    return "size " + std::to_string(img.width) + "x" + std::to_string(img.height) + " vs " +
           std::to_string(ref.cols) + "x" + std::to_string(ref.rows);
  const int rc = ref.channels();
  if (rc != img.channels && img.channels != 1) return "channel count";
  long count = 0;
  std::ostringstream first;
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x) {
      if (mask != nullptr && mask->row(y)[x] == 0) continue;
      for (int c = 0; c < rc; ++c) {
        const int a = img.row(y)[x * img.channels + (img.channels == 1 ? 0 : c)];
        const int b = ref.ptr<std::uint8_t>(y)[x * rc + c];
        if (a == b) continue;
        if (count++ == 0) first << "at (" << x << ", " << y << ") channel " << c << ": " << a << " vs " << b;
      }
    }
  if (count == 0) return {};
  return std::to_string(count) + " samples differ, first " + first.str();
}

}  // namespace test
