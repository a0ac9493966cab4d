// peer_webp.cpp - the lossless WebP peer (libwebp's advanced API).
#include <webp/decode.h>
#include <webp/encode.h>

#include <string>
#include <vector>

#include "bench/peer_util.hpp"
#include "bench/peers.hpp"

namespace smearpress::peers {

Bytes webp_lossless_encode(const codec::Image& image) {
  require_8bit(image, "webp");
  if (image.width > WEBP_MAX_DIMENSION || image.height > WEBP_MAX_DIMENSION)
    throw PeerError("webp: images are limited to " + std::to_string(WEBP_MAX_DIMENSION) +
                    " pixels a side");
  WebPConfig config;
  if (!WebPConfigInit(&config)) throw PeerError("webp: library version mismatch");
  config.lossless = 1;  // quality 75 and method 4 stay the defaults, as cwebp -lossless
  if (!WebPValidateConfig(&config)) throw PeerError("webp: invalid configuration");

  // WebP has no gray: give it equal B, G, R.
  const std::uint8_t* bgr = image.data.data();
  std::vector<std::uint8_t> expanded;
  if (image.channels == 1) {
    expanded.resize(image.pixel_count() * 3);
    for (std::size_t i = 0; i < image.pixel_count(); ++i)
      expanded[3 * i] = expanded[3 * i + 1] = expanded[3 * i + 2] = image.data[i];
    bgr = expanded.data();
  }
  WebPPicture pic;
  if (!WebPPictureInit(&pic)) throw PeerError("webp: library version mismatch");
  pic.use_argb = 1;
  pic.width = image.width;
  pic.height = image.height;
  WebPMemoryWriter writer;
  WebPMemoryWriterInit(&writer);
  pic.writer = WebPMemoryWrite;
  pic.custom_ptr = &writer;
  const bool ok = WebPPictureImportBGR(&pic, bgr, image.width * 3) && WebPEncode(&config, &pic);
  const int error = pic.error_code;
  WebPPictureFree(&pic);
  Bytes out;
  if (ok) out.assign(writer.mem, writer.mem + writer.size);
  WebPMemoryWriterClear(&writer);
  if (!ok) throw PeerError("webp: encoding failed (error " + std::to_string(error) + ")");
  return out;
}

codec::Image webp_decode(ByteSpan bytes, int channels) {
  if (channels != 1 && channels != 3) throw PeerError("webp: can decode into 1 or 3 channels only");
  require_data(bytes, "webp");
  WebPDecoderConfig config;
  if (!WebPInitDecoderConfig(&config)) throw PeerError("webp: library version mismatch");
  if (WebPGetFeatures(bytes.data(), bytes.size(), &config.input) != VP8_STATUS_OK)
    throw PeerError("webp: not a WebP bitstream");
  codec::Image bgr(config.input.width, config.input.height, 3);
  config.output.colorspace = MODE_BGR;
  config.output.is_external_memory = 1;
  config.output.u.RGBA.rgba = bgr.data.data();
  config.output.u.RGBA.stride = bgr.width * 3;
  config.output.u.RGBA.size = bgr.data.size();
  const VP8StatusCode status = WebPDecode(bytes.data(), bytes.size(), &config);
  WebPFreeDecBuffer(&config.output);
  if (status != VP8_STATUS_OK)
    throw PeerError("webp: decoding failed (status " + std::to_string(status) + ")");
  if (channels == 3) return bgr;
  codec::Image gray(bgr.width, bgr.height, 1);
  for (std::size_t i = 0; i < gray.data.size(); ++i) gray.data[i] = bgr.data[3 * i + 1];
  return gray;
}

}  // namespace smearpress::peers
