// peer_jpeg2000.cpp - the JPEG 2000 peer (libopenjp2, .jp2 files in memory, no thread pool).
#include <openjpeg.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "bench/peer_util.hpp"
#include "bench/peers.hpp"

namespace smearpress::peers {

namespace {

// ---- JPEG 2000 in-memory streams ------------------------------------------------------------

struct WriteBuffer {
  Bytes bytes;
  std::size_t pos = 0;
};

OPJ_SIZE_T write_fn(void* buffer, OPJ_SIZE_T n, void* user) {
  auto* w = static_cast<WriteBuffer*>(user);
  if (w->pos + n > w->bytes.size()) w->bytes.resize(w->pos + n);
  std::memcpy(w->bytes.data() + w->pos, buffer, n);
  w->pos += n;
  return n;
}

OPJ_OFF_T write_skip_fn(OPJ_OFF_T n, void* user) {
  auto* w = static_cast<WriteBuffer*>(user);
  if (n < 0 && static_cast<std::size_t>(-n) > w->pos) return -1;
  w->pos = static_cast<std::size_t>(static_cast<OPJ_OFF_T>(w->pos) + n);
  if (w->pos > w->bytes.size()) w->bytes.resize(w->pos);
  return n;
}

OPJ_BOOL write_seek_fn(OPJ_OFF_T to, void* user) {
  auto* w = static_cast<WriteBuffer*>(user);
  if (to < 0) return OPJ_FALSE;
  w->pos = static_cast<std::size_t>(to);
  if (w->pos > w->bytes.size()) w->bytes.resize(w->pos);
  return OPJ_TRUE;
}

struct ReadBuffer {
  ByteSpan bytes;
  std::size_t pos = 0;
};

OPJ_SIZE_T read_fn(void* buffer, OPJ_SIZE_T n, void* user) {
  auto* r = static_cast<ReadBuffer*>(user);
  if (r->pos >= r->bytes.size()) return static_cast<OPJ_SIZE_T>(-1);
  const std::size_t k = std::min<std::size_t>(n, r->bytes.size() - r->pos);
  std::memcpy(buffer, r->bytes.data() + r->pos, k);
  r->pos += k;
  return k;
}

OPJ_OFF_T read_skip_fn(OPJ_OFF_T n, void* user) {
  auto* r = static_cast<ReadBuffer*>(user);
  const OPJ_OFF_T pos = static_cast<OPJ_OFF_T>(r->pos),
                  size = static_cast<OPJ_OFF_T>(r->bytes.size());
  if (pos + n < 0) return -1;
  const OPJ_OFF_T to = std::min(pos + n, size);
  r->pos = static_cast<std::size_t>(to);
  return to - pos;
}

OPJ_BOOL read_seek_fn(OPJ_OFF_T to, void* user) {
  auto* r = static_cast<ReadBuffer*>(user);
  if (to < 0 || to > static_cast<OPJ_OFF_T>(r->bytes.size())) return OPJ_FALSE;
  r->pos = static_cast<std::size_t>(to);
  return OPJ_TRUE;
}

void collect_message(const char* msg, void* user) {
  auto* s = static_cast<std::string*>(user);
  if (!s->empty()) return;  // the first error says the most
  *s = msg;
  while (!s->empty() && (s->back() == '\n' || s->back() == '\r' || s->back() == ' ')) s->pop_back();
}
void ignore_message(const char*, void*) {}

struct CodecDeleter {
  void operator()(opj_codec_t* c) const { opj_destroy_codec(c); }
};
struct StreamDeleter {
  void operator()(opj_stream_t* s) const { opj_stream_destroy(s); }
};
struct ImageDeleter {
  void operator()(opj_image_t* i) const { opj_image_destroy(i); }
};
using CodecPtr = std::unique_ptr<opj_codec_t, CodecDeleter>;
using StreamPtr = std::unique_ptr<opj_stream_t, StreamDeleter>;
using ImagePtr = std::unique_ptr<opj_image_t, ImageDeleter>;

constexpr OPJ_SIZE_T kJp2StreamChunk = 1 << 20;  // OpenJPEG's own default

// Errors, warnings and info of one codec: errors into `error`, the rest dropped (the defaults
// would print to stdout/stderr).
void set_handlers(opj_codec_t* codec, std::string* error) {
  opj_set_error_handler(codec, collect_message, error);
  opj_set_warning_handler(codec, ignore_message, nullptr);
  opj_set_info_handler(codec, ignore_message, nullptr);
}

[[noreturn]] void jp2_fail(const char* what, const std::string& error) {
  throw PeerError(std::string("jpeg 2000: ") + what + (error.empty() ? "" : ": " + error));
}

}  // namespace

Bytes jp2_encode(const codec::Image& image, const Jp2Params& params) {
  require_8bit(image, "jpeg 2000");
  if (params.ratio < 0) throw PeerError("jpeg 2000: the compression ratio must be >= 0");
  const int ch = image.channels;
  opj_image_cmptparm_t comp[3];
  std::memset(comp, 0, sizeof comp);
  for (int c = 0; c < ch; ++c) {
    comp[c].dx = comp[c].dy = 1;
    comp[c].w = static_cast<OPJ_UINT32>(image.width);
    comp[c].h = static_cast<OPJ_UINT32>(image.height);
    comp[c].prec = 8;
    comp[c].sgnd = 0;
  }
  ImagePtr img(opj_image_create(static_cast<OPJ_UINT32>(ch), comp,
                                ch == 3 ? OPJ_CLRSPC_SRGB : OPJ_CLRSPC_GRAY));
  if (!img) throw PeerError("jpeg 2000: cannot allocate the image");
  img->x0 = img->y0 = 0;
  img->x1 = static_cast<OPJ_UINT32>(image.width);
  img->y1 = static_cast<OPJ_UINT32>(image.height);
  // Components in R,G,B order, as a .jp2 declared sRGB means.
  for (int c = 0; c < ch; ++c) {
    const int src = ch == 3 ? 2 - c : 0;
    OPJ_INT32* dst = img->comps[c].data;
    for (std::size_t i = 0; i < image.pixel_count(); ++i) dst[i] = image.data[i * ch + src];
  }

  opj_cparameters_t p;
  opj_set_default_encoder_parameters(&p);
  p.tcp_numlayers = 1;
  p.tcp_rates[0] = static_cast<float>(params.ratio);  // 0: keep everything
  p.cp_disto_alloc = 1;
  p.irreversible = params.reversible ? 0 : 1;
  p.tcp_mct = static_cast<char>(ch == 3 ? 1 : 0);
  // Every resolution level halves the smallest side; OpenJPEG wants at least one sample left.
  int levels = 1;
  while (levels < p.numresolution && (std::min(image.width, image.height) >> levels) > 0) ++levels;
  p.numresolution = levels;

  CodecPtr codec(opj_create_compress(OPJ_CODEC_JP2));
  if (!codec) throw PeerError("jpeg 2000: cannot create an encoder");
  std::string error;
  set_handlers(codec.get(), &error);
  if (!opj_setup_encoder(codec.get(), &p, img.get())) jp2_fail("cannot set up the encoder", error);
  if (!opj_codec_set_threads(codec.get(), 0)) jp2_fail("cannot run on one thread", error);
  WriteBuffer out;
  out.bytes.reserve(image.byte_count() / 2);
  StreamPtr stream(opj_stream_create(kJp2StreamChunk, OPJ_FALSE));
  if (!stream) throw PeerError("jpeg 2000: cannot create a stream");
  opj_stream_set_user_data(stream.get(), &out, nullptr);
  opj_stream_set_write_function(stream.get(), write_fn);
  opj_stream_set_skip_function(stream.get(), write_skip_fn);
  opj_stream_set_seek_function(stream.get(), write_seek_fn);
  if (!opj_start_compress(codec.get(), img.get(), stream.get()) ||
      !opj_encode(codec.get(), stream.get()) || !opj_end_compress(codec.get(), stream.get()))
    jp2_fail("encoding failed", error);
  stream.reset();  // flushes
  return std::move(out.bytes);
}

codec::Image jp2_decode(ByteSpan bytes) {
  require_data(bytes, "jpeg 2000");
  CodecPtr codec(opj_create_decompress(OPJ_CODEC_JP2));
  if (!codec) throw PeerError("jpeg 2000: cannot create a decoder");
  std::string error;
  set_handlers(codec.get(), &error);
  opj_dparameters_t p;
  opj_set_default_decoder_parameters(&p);
  if (!opj_setup_decoder(codec.get(), &p)) jp2_fail("cannot set up the decoder", error);
  if (!opj_codec_set_threads(codec.get(), 0)) jp2_fail("cannot run on one thread", error);
  ReadBuffer in{bytes, 0};
  StreamPtr stream(opj_stream_create(kJp2StreamChunk, OPJ_TRUE));
  if (!stream) throw PeerError("jpeg 2000: cannot create a stream");
  opj_stream_set_user_data(stream.get(), &in, nullptr);
  opj_stream_set_user_data_length(stream.get(), bytes.size());
  opj_stream_set_read_function(stream.get(), read_fn);
  opj_stream_set_skip_function(stream.get(), read_skip_fn);
  opj_stream_set_seek_function(stream.get(), read_seek_fn);
  opj_image_t* raw = nullptr;
  if (!opj_read_header(stream.get(), codec.get(), &raw)) {
    opj_image_destroy(raw);
    jp2_fail("cannot read the header", error);
  }
  ImagePtr img(raw);
  if (!opj_decode(codec.get(), stream.get(), img.get()) ||
      !opj_end_decompress(codec.get(), stream.get()))
    jp2_fail("decoding failed", error);
  const OPJ_UINT32 ch = img->numcomps;
  if (ch != 1 && ch != 3) throw PeerError("jpeg 2000: unsupported number of components");
  const OPJ_UINT32 w = img->comps[0].w, h = img->comps[0].h;
  if (w == 0 || h == 0 || w > (1u << 16) || h > (1u << 16))
    throw PeerError("jpeg 2000: unsupported image size");
  for (OPJ_UINT32 c = 0; c < ch; ++c) {
    const auto& k = img->comps[c];
    if (k.w != w || k.h != h || k.dx != 1 || k.dy != 1 || k.prec != 8 || k.sgnd || !k.data)
      throw PeerError("jpeg 2000: unsupported component layout (subsampled, signed or not 8-bit)");
  }
  codec::Image out(static_cast<int>(w), static_cast<int>(h), static_cast<int>(ch));
  for (OPJ_UINT32 c = 0; c < ch; ++c) {
    const int dst = ch == 3 ? 2 - static_cast<int>(c) : 0;
    const OPJ_INT32* src = img->comps[c].data;
    for (std::size_t i = 0; i < out.pixel_count(); ++i)
      out.data[i * ch + dst] = static_cast<std::uint8_t>(std::clamp<OPJ_INT32>(src[i], 0, 255));
  }
  return out;
}

}  // namespace smearpress::peers
