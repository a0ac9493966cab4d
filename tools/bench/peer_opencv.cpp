// peer_opencv.cpp - the PNG and JPEG peers, through OpenCV's imencode / imdecode.
#include <opencv2/imgcodecs.hpp>
#include <smearpress/mat_bridge.hpp>
#include <string>
#include <vector>

#include "bench/peer_util.hpp"
#include "bench/peers.hpp"

namespace smearpress::peers {

Bytes png_encode(const codec::Image& image, int level) {
  require_8bit(image, "png");
  Bytes out;
  std::vector<int> params;
  if (level >= 0) params = {cv::IMWRITE_PNG_COMPRESSION, level};
  if (!cv::imencode(".png", as_mat(image), out, params)) throw PeerError("png: encoding failed");
  return out;
}

namespace {

// PNG and JPEG both decode through cv::imdecode.
codec::Image opencv_decode(ByteSpan bytes, const char* what) {
  require_data(bytes, what);
  const cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8UC1,
                    const_cast<std::uint8_t*>(bytes.data()));
  return from_mat(cv::imdecode(raw, cv::IMREAD_UNCHANGED), what);
}

}  // namespace

codec::Image png_decode(ByteSpan bytes) { return opencv_decode(bytes, "png"); }

Bytes jpeg_encode(const codec::Image& image, int quality) {
  require_8bit(image, "jpeg");
  if (quality < 1 || quality > 100) throw PeerError("jpeg: quality must be 1..100");
  Bytes out;
  if (!cv::imencode(".jpg", as_mat(image), out, {cv::IMWRITE_JPEG_QUALITY, quality}))
    throw PeerError("jpeg: encoding failed");
  return out;
}

codec::Image jpeg_decode(ByteSpan bytes) { return opencv_decode(bytes, "jpeg"); }

}  // namespace smearpress::peers
