// peers.cpp - the bench's set of peers (peer_codecs) and the versions of their libraries; the
// codecs themselves are in peer_opencv.cpp, peer_webp.cpp, peer_jxl.cpp, peer_jpeg2000.cpp,
// peer_source_file.cpp and peer_jxl_transcode.cpp.
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

// A peer that encodes the pixels (and ignores the source file).
template <class Encode>
Peer pixel_peer(std::string name, bool lossless, Encode encode,
                std::function<codec::Image(ByteSpan, int)> decode) {
  Peer p;
  p.name = std::move(name);
  p.lossless = lossless;
  p.encode = [encode](const codec::Image& i, ByteSpan) { return encode(i); };
  p.decode = std::move(decode);
  return p;
}

// A peer of JPEG files: it encodes the file itself; whether that is timed, how the file is rebuilt.
Peer jpeg_file_peer(std::string name, bool lossless, std::function<Bytes(ByteSpan)> encode,
                    std::function<codec::Image(ByteSpan, int)> decode, bool timed_encode,
                    std::function<Bytes(ByteSpan)> reconstruct_source) {
  Peer p;
  p.name = std::move(name);
  p.lossless = lossless;
  p.encode = [encode](const codec::Image&, ByteSpan file) { return encode(file); };
  p.decode = std::move(decode);
  p.jpeg_only = true;
  p.timed_encode = timed_encode;
  p.reconstruct_source = std::move(reconstruct_source);
  return p;
}

}  // namespace

// One row per peer: its name, whether it must decode bit-exactly, its encoder and decoder; for a
// peer of JPEG files also whether its encode is timed and how it rebuilds the file.
std::vector<Peer> peer_codecs() {
  return {
      pixel_peer("png", true, [](const codec::Image& i) { return png_encode(i); },
                 checked(png_decode, "png")),
      pixel_peer("png-9", true, [](const codec::Image& i) { return png_encode(i, 9); },
                 checked(png_decode, "png")),
      pixel_peer("webp-lossless", true, webp_lossless_encode, webp_decode),
      pixel_peer("jxl-lossless-e7", true,
                 [](const codec::Image& i) { return jxl_lossless_encode(i, 7); },
                 checked(jxl_decode, "jpeg xl")),
      pixel_peer("jp2-lossless", true, [](const codec::Image& i) { return jp2_encode(i, {}); },
                 checked(jp2_decode, "jpeg 2000")),
      pixel_peer("jpeg-q90", false, [](const codec::Image& i) { return jpeg_encode(i, 90); },
                 checked(jpeg_decode, "jpeg")),
      // The JPEG itself (nothing to encode), decoded as load_image decodes it: the input pixels.
      jpeg_file_peer("source-file", true, source_file_encode, checked(jpeg_decode, "source-file"),
                     false, {}),
      // libjxl decodes the coefficients with its own IDCT and upsampling: close to, not equal
      // to, libjpeg-turbo's pixels (docs/BENCHMARKS.md); the file it rebuilds is exact.
      jpeg_file_peer("jxl-jpeg-transcode", false,
                     [](ByteSpan f) { return jxl_transcode_jpeg(f, 7); },
                     checked(jxl_decode, "jpeg xl transcode"), true, jxl_reconstruct_jpeg),
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
