// peer_jxl_transcode.cpp - the "jxl-jpeg-transcode" peer: libjxl's lossless recompression of a
// JPEG file (its DCT coefficients re-entropy-coded, with the data to rebuild the file byte for
// byte), no parallel runner. Its pixels are decoded by jxl_decode (peer_jxl.cpp).
#include <jxl/decode.h>
#include <jxl/encode.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "bench/peer_jxl_util.hpp"
#include "bench/peer_util.hpp"
#include "bench/peers.hpp"

namespace smearpress::peers {

Bytes jxl_transcode_jpeg(ByteSpan jpeg, int effort) {
  require_data(jpeg, "jpeg xl transcode");
  if (effort < 1 || effort > 9) throw PeerError("jpeg xl transcode: effort must be 1..9");
  JxlEncoderPtr enc(JxlEncoderCreate(nullptr));
  if (!enc) throw PeerError("jpeg xl transcode: cannot create an encoder");
  // No JxlEncoderSetParallelRunner: everything runs on this thread.
  JxlEncoderFrameSettings* frame = nullptr;
  if (JxlEncoderStoreJPEGMetadata(enc.get(), JXL_TRUE) != JXL_ENC_SUCCESS ||
      !(frame = JxlEncoderFrameSettingsCreate(enc.get(), nullptr)) ||
      JxlEncoderFrameSettingsSetOption(frame, JXL_ENC_FRAME_SETTING_EFFORT, effort) !=
          JXL_ENC_SUCCESS)
    throw PeerError("jpeg xl transcode: cannot set up the encoder (error " +
                    std::to_string(JxlEncoderGetError(enc.get())) + ")");
  if (JxlEncoderAddJPEGFrame(frame, jpeg.data(), jpeg.size()) != JXL_ENC_SUCCESS)
    throw PeerError("jpeg xl transcode: libjxl cannot transcode this JPEG (error " +
                    std::to_string(JxlEncoderGetError(enc.get())) + ")");
  JxlEncoderCloseInput(enc.get());
  return jxl_encoder_output(enc.get(), jpeg.size());
}

Bytes jxl_reconstruct_jpeg(ByteSpan bytes) {
  require_data(bytes, "jpeg xl transcode");
  JxlDecoderPtr dec(JxlDecoderCreate(nullptr));
  if (!dec) throw PeerError("jpeg xl transcode: cannot create a decoder");
  if (JxlDecoderSubscribeEvents(dec.get(), JXL_DEC_JPEG_RECONSTRUCTION | JXL_DEC_FULL_IMAGE) !=
          JXL_DEC_SUCCESS ||
      JxlDecoderSetInput(dec.get(), bytes.data(), bytes.size()) != JXL_DEC_SUCCESS)
    throw PeerError("jpeg xl transcode: cannot set up the decoder");
  JxlDecoderCloseInput(dec.get());
  Bytes out(std::max<std::size_t>(4096, 2 * bytes.size()));
  bool have_buffer = false;
  for (;;) {
    const JxlDecoderStatus status = JxlDecoderProcessInput(dec.get());
    if (status == JXL_DEC_ERROR) throw PeerError("jpeg xl transcode: corrupt data");
    if (status == JXL_DEC_NEED_MORE_INPUT) throw PeerError("jpeg xl transcode: truncated data");
    if (status == JXL_DEC_SUCCESS) break;
    if (status == JXL_DEC_JPEG_RECONSTRUCTION) {
      if (JxlDecoderSetJPEGBuffer(dec.get(), out.data(), out.size()) != JXL_DEC_SUCCESS)
        throw PeerError("jpeg xl transcode: cannot set the JPEG buffer");
      have_buffer = true;
    } else if (status == JXL_DEC_JPEG_NEED_MORE_OUTPUT) {
      // The bytes written so far are those before the part the decoder did not use.
      const std::size_t used = out.size() - JxlDecoderReleaseJPEGBuffer(dec.get());
      out.resize(out.size() * 2);
      if (JxlDecoderSetJPEGBuffer(dec.get(), out.data() + used, out.size() - used) !=
          JXL_DEC_SUCCESS)
        throw PeerError("jpeg xl transcode: cannot set the JPEG buffer");
    } else if (status != JXL_DEC_FULL_IMAGE) {
      throw PeerError("jpeg xl transcode: unexpected decoder event");
    }
  }
  if (!have_buffer) throw PeerError("jpeg xl transcode: no JPEG reconstruction data");
  out.resize(out.size() - JxlDecoderReleaseJPEGBuffer(dec.get()));
  return out;
}

}  // namespace smearpress::peers
