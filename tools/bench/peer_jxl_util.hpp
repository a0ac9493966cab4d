// peer_jxl_util.hpp - what the two JPEG XL peers share (internal): owning handles and the
// encoder's output loop.
#pragma once

#include <jxl/decode.h>
#include <jxl/encode.h>

#include <cstddef>
#include <memory>

#include "bench/peers.hpp"

namespace smearpress::peers {

struct JxlEncoderDeleter {
  void operator()(JxlEncoder* e) const { JxlEncoderDestroy(e); }
};
struct JxlDecoderDeleter {
  void operator()(JxlDecoder* d) const { JxlDecoderDestroy(d); }
};
using JxlEncoderPtr = std::unique_ptr<JxlEncoder, JxlEncoderDeleter>;
using JxlDecoderPtr = std::unique_ptr<JxlDecoder, JxlDecoderDeleter>;

/// Runs a set-up encoder whose input is closed to the end and returns its output, starting with
/// a buffer of `initial` bytes. PeerError ("jpeg xl: encoding failed (error N)") on failure.
Bytes jxl_encoder_output(JxlEncoder* enc, std::size_t initial);

}  // namespace smearpress::peers
