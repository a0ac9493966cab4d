// peer_jxl.cpp - the lossless JPEG XL peer (libjxl, no parallel runner), and the JPEG XL decoder
// both JPEG XL peers use.
#include <jxl/decode.h>
#include <jxl/encode.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "bench/peer_jxl_util.hpp"
#include "bench/peer_util.hpp"
#include "bench/peers.hpp"

namespace smearpress::peers {

Bytes jxl_encoder_output(JxlEncoder* enc, std::size_t initial) {
  Bytes out(std::max<std::size_t>(4096, initial));
  std::size_t used = 0;
  for (;;) {
    std::uint8_t* next = out.data() + used;
    std::size_t avail = out.size() - used;
    const JxlEncoderStatus status = JxlEncoderProcessOutput(enc, &next, &avail);
    used = static_cast<std::size_t>(next - out.data());
    if (status == JXL_ENC_SUCCESS) break;
    if (status != JXL_ENC_NEED_MORE_OUTPUT)
      throw PeerError("jpeg xl: encoding failed (error " +
                      std::to_string(JxlEncoderGetError(enc)) + ")");
    out.resize(out.size() * 2);
  }
  out.resize(used);
  return out;
}

Bytes jxl_lossless_encode(const codec::Image& image, int effort) {
  require_8bit(image, "jpeg xl");
  if (effort < 1 || effort > 9) throw PeerError("jpeg xl: effort must be 1..9");
  JxlEncoderPtr enc(JxlEncoderCreate(nullptr));
  if (!enc) throw PeerError("jpeg xl: cannot create an encoder");
  // No JxlEncoderSetParallelRunner: everything runs on this thread.
  JxlBasicInfo info;
  JxlEncoderInitBasicInfo(&info);
  info.xsize = static_cast<std::uint32_t>(image.width);
  info.ysize = static_cast<std::uint32_t>(image.height);
  info.bits_per_sample = 8;
  info.exponent_bits_per_sample = 0;
  info.num_color_channels = static_cast<std::uint32_t>(image.channels);
  info.num_extra_channels = 0;
  info.alpha_bits = 0;
  info.uses_original_profile = JXL_TRUE;  // required for lossless: no XYB
  JxlColorEncoding colour;
  JxlColorEncodingSetToSRGB(&colour, image.channels == 1 ? JXL_TRUE : JXL_FALSE);
  JxlEncoderFrameSettings* frame = nullptr;
  if (JxlEncoderSetBasicInfo(enc.get(), &info) != JXL_ENC_SUCCESS ||
      JxlEncoderSetColorEncoding(enc.get(), &colour) != JXL_ENC_SUCCESS ||
      !(frame = JxlEncoderFrameSettingsCreate(enc.get(), nullptr)) ||
      JxlEncoderSetFrameLossless(frame, JXL_TRUE) != JXL_ENC_SUCCESS ||
      JxlEncoderFrameSettingsSetOption(frame, JXL_ENC_FRAME_SETTING_EFFORT, effort) !=
          JXL_ENC_SUCCESS)
    throw PeerError("jpeg xl: cannot set up the encoder (error " +
                    std::to_string(JxlEncoderGetError(enc.get())) + ")");

  // libjxl takes R,G,B.
  std::vector<std::uint8_t> pixels(image.data.begin(), image.data.end());
  if (image.channels == 3) swap_red_blue(pixels.data(), image.pixel_count());
  const JxlPixelFormat format{static_cast<std::uint32_t>(image.channels), JXL_TYPE_UINT8,
                              JXL_NATIVE_ENDIAN, 0};
  if (JxlEncoderAddImageFrame(frame, &format, pixels.data(), pixels.size()) != JXL_ENC_SUCCESS)
    throw PeerError("jpeg xl: cannot add the image (error " +
                    std::to_string(JxlEncoderGetError(enc.get())) + ")");
  JxlEncoderCloseInput(enc.get());
  return jxl_encoder_output(enc.get(), image.byte_count() / 2);
}

codec::Image jxl_decode(ByteSpan bytes) {
  require_data(bytes, "jpeg xl");
  JxlDecoderPtr dec(JxlDecoderCreate(nullptr));
  if (!dec) throw PeerError("jpeg xl: cannot create a decoder");
  // The orientation as stored: cv::IMREAD_UNCHANGED does not apply a JPEG's either.
  if (JxlDecoderSetKeepOrientation(dec.get(), JXL_TRUE) != JXL_DEC_SUCCESS ||
      JxlDecoderSubscribeEvents(dec.get(), JXL_DEC_BASIC_INFO | JXL_DEC_FULL_IMAGE) !=
          JXL_DEC_SUCCESS ||
      JxlDecoderSetInput(dec.get(), bytes.data(), bytes.size()) != JXL_DEC_SUCCESS)
    throw PeerError("jpeg xl: cannot set up the decoder");
  JxlDecoderCloseInput(dec.get());
  codec::Image out;
  JxlPixelFormat format{3, JXL_TYPE_UINT8, JXL_NATIVE_ENDIAN, 0};
  bool have_image = false;
  for (;;) {
    const JxlDecoderStatus status = JxlDecoderProcessInput(dec.get());
    if (status == JXL_DEC_ERROR) throw PeerError("jpeg xl: corrupt data");
    if (status == JXL_DEC_NEED_MORE_INPUT) throw PeerError("jpeg xl: truncated data");
    if (status == JXL_DEC_SUCCESS) break;
    if (status == JXL_DEC_BASIC_INFO) {
      JxlBasicInfo info;
      if (JxlDecoderGetBasicInfo(dec.get(), &info) != JXL_DEC_SUCCESS)
        throw PeerError("jpeg xl: no basic info");
      if (info.num_color_channels != 1 && info.num_color_channels != 3)
        throw PeerError("jpeg xl: unsupported number of colour channels");
      if (info.xsize > static_cast<std::uint32_t>(std::numeric_limits<int>::max() / 4) ||
          info.ysize > static_cast<std::uint32_t>(std::numeric_limits<int>::max() / 4) ||
          static_cast<std::uint64_t>(info.xsize) * info.ysize > (std::uint64_t{1} << 31))
        throw PeerError("jpeg xl: image too large");
      format.num_channels = info.num_color_channels;
      out = codec::Image(static_cast<int>(info.xsize), static_cast<int>(info.ysize),
                         static_cast<int>(info.num_color_channels));
    } else if (status == JXL_DEC_NEED_IMAGE_OUT_BUFFER) {
      std::size_t size = 0;
      if (out.empty() ||
          JxlDecoderImageOutBufferSize(dec.get(), &format, &size) != JXL_DEC_SUCCESS ||
          size != out.data.size() ||
          JxlDecoderSetImageOutBuffer(dec.get(), &format, out.data.data(), out.data.size()) !=
              JXL_DEC_SUCCESS)
        throw PeerError("jpeg xl: unexpected image layout");
    } else if (status == JXL_DEC_FULL_IMAGE) {
      have_image = true;
    }
  }
  if (!have_image) throw PeerError("jpeg xl: no image in the data");
  if (out.channels == 3) swap_red_blue(out.data.data(), out.pixel_count());
  return out;
}

}  // namespace smearpress::peers
