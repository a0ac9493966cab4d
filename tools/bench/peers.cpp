#include "bench/peers.hpp"

#include <jxl/decode.h>
#include <jxl/encode.h>
#include <openjpeg.h>
#include <webp/decode.h>
#include <webp/encode.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <opencv2/core/version.hpp>
#include <opencv2/imgcodecs.hpp>
#include <smearpress/mat_bridge.hpp>

#include "io/image_io.hpp"

namespace smearpress::peers {

namespace {

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

// ---- JPEG XL --------------------------------------------------------------------------------

struct JxlEncoderDeleter {
  void operator()(JxlEncoder* e) const { JxlEncoderDestroy(e); }
};
struct JxlDecoderDeleter {
  void operator()(JxlDecoder* d) const { JxlDecoderDestroy(d); }
};

}  // namespace

// ---- PNG and JPEG (OpenCV) ------------------------------------------------------------------

Bytes png_encode(const codec::Image& image, int level) {
  require_8bit(image, "png");
  Bytes out;
  std::vector<int> params;
  if (level >= 0) params = {cv::IMWRITE_PNG_COMPRESSION, level};
  if (!cv::imencode(".png", as_mat(image), out, params))
    throw PeerError("png: encoding failed");
  return out;
}

namespace {

// PNG and JPEG both decode through cv::imdecode.
codec::Image opencv_decode(ByteSpan bytes, const char* what) {
  require_data(bytes, what);
  const cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<std::uint8_t*>(bytes.data()));
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

// ---- WebP -----------------------------------------------------------------------------------

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

// ---- JPEG XL --------------------------------------------------------------------------------

Bytes jxl_lossless_encode(const codec::Image& image, int effort) {
  require_8bit(image, "jpeg xl");
  if (effort < 1 || effort > 9) throw PeerError("jpeg xl: effort must be 1..9");
  std::unique_ptr<JxlEncoder, JxlEncoderDeleter> enc(JxlEncoderCreate(nullptr));
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

  Bytes out(std::max<std::size_t>(4096, image.byte_count() / 2));
  std::size_t used = 0;
  for (;;) {
    std::uint8_t* next = out.data() + used;
    std::size_t avail = out.size() - used;
    const JxlEncoderStatus status = JxlEncoderProcessOutput(enc.get(), &next, &avail);
    used = static_cast<std::size_t>(next - out.data());
    if (status == JXL_ENC_SUCCESS) break;
    if (status != JXL_ENC_NEED_MORE_OUTPUT)
      throw PeerError("jpeg xl: encoding failed (error " +
                      std::to_string(JxlEncoderGetError(enc.get())) + ")");
    out.resize(out.size() * 2);
  }
  out.resize(used);
  return out;
}

codec::Image jxl_decode(ByteSpan bytes) {
  require_data(bytes, "jpeg xl");
  std::unique_ptr<JxlDecoder, JxlDecoderDeleter> dec(JxlDecoderCreate(nullptr));
  if (!dec) throw PeerError("jpeg xl: cannot create a decoder");
  if (JxlDecoderSubscribeEvents(dec.get(), JXL_DEC_BASIC_INFO | JXL_DEC_FULL_IMAGE) !=
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

// ---- JPEG 2000 ------------------------------------------------------------------------------

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

// ---- the bench's set ------------------------------------------------------------------------

std::vector<Peer> peer_codecs() {
  std::vector<Peer> peers;
  const auto png_checked = [](ByteSpan b, int ch) {
    codec::Image i = png_decode(b);
    check_channels(i, ch, "png");
    return i;
  };
  peers.push_back({"png", true, [](const codec::Image& i) { return png_encode(i); }, png_checked});
  peers.push_back({"png-9", true, [](const codec::Image& i) { return png_encode(i, 9); }, png_checked});
  peers.push_back({"webp-lossless", true, webp_lossless_encode, webp_decode});
  peers.push_back({"jxl-lossless-e7", true,
                   [](const codec::Image& i) { return jxl_lossless_encode(i, 7); },
                   [](ByteSpan b, int ch) {
                     codec::Image i = jxl_decode(b);
                     check_channels(i, ch, "jpeg xl");
                     return i;
                   }});
  peers.push_back({"jp2-lossless", true,
                   [](const codec::Image& i) { return jp2_encode(i, Jp2Params{}); },
                   [](ByteSpan b, int ch) {
                     codec::Image i = jp2_decode(b);
                     check_channels(i, ch, "jpeg 2000");
                     return i;
                   }});
  peers.push_back({"jpeg-q90", false, [](const codec::Image& i) { return jpeg_encode(i, 90); },
                   [](ByteSpan b, int ch) {
                     codec::Image i = jpeg_decode(b);
                     check_channels(i, ch, "jpeg");
                     return i;
                   }});
  return peers;
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
