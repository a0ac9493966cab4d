// peer_util.cpp - the small checks and conversions the peer codec files share.
#include "bench/peer_util.hpp"

#include <limits>
#include <smearpress/mat_bridge.hpp>
#include <string>
#include <utility>

namespace smearpress::peers {

void require_8bit(const codec::Image& image, const char* codec) {
  if (image.empty() || (image.channels != 1 && image.channels != 3))
    throw PeerError(std::string(codec) + ": needs a non-empty 8-bit gray or colour image");
}

// B,G,R <-> R,G,B in place (the swap is its own inverse).
void swap_red_blue(std::uint8_t* p, std::size_t pixels) {
  for (std::size_t i = 0; i < pixels; ++i, p += 3) std::swap(p[0], p[2]);
}

codec::Image from_mat(const cv::Mat& m, const char* codec) {
  if (m.empty()) throw PeerError(std::string(codec) + ": cannot decode the data");
  if (m.depth() != CV_8U || (m.channels() != 1 && m.channels() != 3))
    throw PeerError(std::string(codec) + ": decoded an unexpected pixel type");
  return to_image(m);
}

void require_data(ByteSpan bytes, const char* codec) {
  if (bytes.empty()) throw PeerError(std::string(codec) + ": no data");
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw PeerError(std::string(codec) + ": data too large");
}

void check_channels(const codec::Image& image, int channels, const char* codec) {
  if (image.channels != channels)
    throw PeerError(std::string(codec) + ": decoded " + std::to_string(image.channels) +
                    " channels, expected " + std::to_string(channels));
}

}  // namespace smearpress::peers
