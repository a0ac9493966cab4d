// peers.cpp - the bench's set of peers (peer_codecs) and the versions of their libraries; the
// codecs themselves are in peer_opencv.cpp, peer_webp.cpp, peer_jxl.cpp and peer_jpeg2000.cpp.
#include "bench/peers.hpp"

#include <jxl/encode.h>
#include <openjpeg.h>
#include <webp/encode.h>

#include <functional>
#include <opencv2/core/version.hpp>
#include <string>
#include <utility>
#include <vector>

#include "bench/peer_util.hpp"

namespace smearpress::peers {

namespace {

// A peer's decoder that must give back the original's channels.
template <class Decode>
std::function<codec::Image(ByteSpan, int)> checked(Decode decode, const char* codec) {
  return [decode, codec](ByteSpan b, int ch) {
    codec::Image i = decode(b);
    check_channels(i, ch, codec);
    return i;
  };
}

}  // namespace

// One row per peer: its name, whether it must decode bit-exactly, its encoder and decoder.
std::vector<Peer> peer_codecs() {
  return {
      {"png", true, [](const codec::Image& i) { return png_encode(i); },
       checked(png_decode, "png")},
      {"png-9", true, [](const codec::Image& i) { return png_encode(i, 9); },
       checked(png_decode, "png")},
      {"webp-lossless", true, webp_lossless_encode, webp_decode},
      {"jxl-lossless-e7", true, [](const codec::Image& i) { return jxl_lossless_encode(i, 7); },
       checked(jxl_decode, "jpeg xl")},
      {"jp2-lossless", true, [](const codec::Image& i) { return jp2_encode(i, Jp2Params{}); },
       checked(jp2_decode, "jpeg 2000")},
      {"jpeg-q90", false, [](const codec::Image& i) { return jpeg_encode(i, 90); },
       checked(jpeg_decode, "jpeg")},
  };
}

std::vector<std::pair<std::string, std::string>> library_versions() {
  const std::uint32_t jxl = JxlEncoderVersion();
  const int webp = WebPGetEncoderVersion();
  return {{"libjxl", std::to_string(jxl / 1000000) + "." + std::to_string(jxl / 1000 % 1000) + "." +
                         std::to_string(jxl % 1000)},
          {"libwebp", std::to_string(webp >> 16) + "." + std::to_string((webp >> 8) & 255) + "." +
                          std::to_string(webp & 255)},
          {"openjpeg", opj_version()},
          {"opencv", CV_VERSION}};
}

}  // namespace smearpress::peers
