#include <smearpress/mat_bridge.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace smearpress {

cv::Mat as_mat(const codec::Image& image) {
  return cv::Mat(image.height, image.width, CV_8UC(image.channels),
                 const_cast<std::uint8_t*>(image.data.data()));
}

codec::Image to_image(const cv::Mat& mat) {
  auto img = codec::Image::uninitialized(mat.cols, mat.rows, mat.channels());
  const std::size_t row_bytes = static_cast<std::size_t>(mat.cols) * mat.channels();
  for (int y = 0; y < mat.rows; ++y) std::memcpy(img.row(y), mat.ptr(y), row_bytes);
  return img;
}

}  // namespace smearpress
