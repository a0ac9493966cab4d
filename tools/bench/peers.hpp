// peers.hpp - the codecs a lab would otherwise store blood-smear images with, encoding from and
// decoding to codec::Image in memory, so that `smearpress bench` can measure them on exactly the
// pixels smearpress gets. Everything runs on the calling thread (no libjxl parallel runner,
// OpenJPEG without a thread pool, libwebp without its worker thread).
//
// Colour images are B,G,R as everywhere in smearpress; each peer is given the channel order its
// format defines (R,G,B for WebP's importer, JPEG XL and JPEG 2000), so the files are correct
// for any other reader. Gray images stay gray where the format has gray (PNG, JPEG, JPEG XL,
// JPEG 2000); WebP has none, so a gray image is encoded as equal B,G,R and decoded back to gray.
//
// Two peers start from the source file instead of its pixels, and apply to JPEG sources only:
// "source-file" (the JPEG as it is) and "jxl-jpeg-transcode" (libjxl's lossless recompression of
// its DCT coefficients).
#pragma once

#include <codec/image.hpp>
#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace smearpress::peers {

/// A peer codec failed (encoder error, corrupt data, an unsupported size). what() is one line
/// naming the codec.
class PeerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using Bytes = std::vector<std::uint8_t>;
using ByteSpan = std::span<const std::uint8_t>;

/// PNG by OpenCV's cv::imencode. `level` -1: OpenCV's defaults (zlib level 1, RLE strategy, SUB
/// filter: tuned for speed, not size; the "png" peer); 0..9: that zlib level with libpng's
/// default strategy and adaptive filters ("png-9": the smallest PNG a user gets by asking).
Bytes png_encode(const codec::Image& image, int level = -1);
codec::Image png_decode(ByteSpan bytes);

/// Baseline JPEG by OpenCV (libjpeg-turbo), quality 1..100, OpenCV's defaults otherwise (4:2:0).
Bytes jpeg_encode(const codec::Image& image, int quality);
codec::Image jpeg_decode(ByteSpan bytes);

/// Lossless WebP (libwebp's advanced API: lossless = 1, the default quality 75 and method 4,
/// as `cwebp -lossless`). At most 16383 x 16383 pixels.
Bytes webp_lossless_encode(const codec::Image& image);
/// Decodes a WebP into `channels` (1 or 3) channels; 1 takes the green channel of a gray image
/// encoded by webp_lossless_encode.
codec::Image webp_decode(ByteSpan bytes, int channels);

/// Lossless JPEG XL (libjxl: distance 0, uses_original_profile, sRGB or gray, the given effort
/// 1..9), a bare codestream.
Bytes jxl_lossless_encode(const codec::Image& image, int effort);
/// Decodes a JPEG XL codestream to pixels (orientation as stored, as cv::IMREAD_UNCHANGED keeps a
/// JPEG's), also one made by jxl_transcode_jpeg.
codec::Image jxl_decode(ByteSpan bytes);

/// libjxl's lossless JPEG recompression (JxlEncoderAddJPEGFrame, with the reconstruction data:
/// JxlEncoderStoreJPEGMetadata), effort 1..9, a bare codestream. PeerError for data libjxl
/// cannot transcode.
Bytes jxl_transcode_jpeg(ByteSpan jpeg, int effort);
/// The JPEG file a jxl_transcode_jpeg codestream reconstructs (JxlDecoderSetJPEGBuffer).
Bytes jxl_reconstruct_jpeg(ByteSpan bytes);

/// The "source-file" peer's encoder: a copy of the file (PeerError when empty). Its decoder is
/// jpeg_decode, cv::imdecode with IMREAD_UNCHANGED as load_image reads the file.
Bytes source_file_encode(ByteSpan source);

/// JPEG 2000 in a .jp2 file (libopenjp2), one quality layer, one tile, up to 6 resolutions.
struct Jp2Params {
  bool reversible = true;  ///< true: 5/3 wavelet, lossless; false: 9/7 wavelet
  double ratio = 0;        ///< target compression ratio of the raw samples; 0 = lossless / all
};
Bytes jp2_encode(const codec::Image& image, const Jp2Params& params);
codec::Image jp2_decode(ByteSpan bytes);

/// One peer as `smearpress bench` runs it.
struct Peer {
  std::string name;  ///< as in bench's JSON: "png", "webp-lossless", ...
  bool lossless = false;  ///< must decode to the very pixels it was given
  /// Encodes the image, or its source file (the bytes the image was decoded from; empty when
  /// unknown). Pixel peers ignore the file.
  std::function<Bytes(const codec::Image&, ByteSpan source_file)> encode;
  /// Decodes into `channels` channels (those of the original).
  std::function<codec::Image(ByteSpan, int channels)> decode;
  /// Applies to JPEG source files only (it encodes the file, not the pixels).
  bool jpeg_only = false;
  /// False when encoding is no work (the file as it is): its encode time is not measured.
  bool timed_encode = true;
  /// When set: the source file the encoded bytes give back, checked against the file.
  std::function<Bytes(ByteSpan)> reconstruct_source;
};

/// The peers of `smearpress bench`, in table order: png, png-9, webp-lossless, jxl-lossless-e7,
/// jp2-lossless, jpeg-q90, and for JPEG sources source-file and jxl-jpeg-transcode.
std::vector<Peer> peer_codecs();

/// The versions of the libraries behind the peers, as (name, version), for run records.
std::vector<std::pair<std::string, std::string>> library_versions();

}  // namespace smearpress::peers
