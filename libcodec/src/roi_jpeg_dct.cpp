// roi_jpeg_dct.cpp - the kJpegDct ROI coder (roi_jpeg_dct.hpp).
#include "roi_jpeg_dct.hpp"

#include "dct_coder.hpp"
#include "jpeg_layout.hpp"
#include "jpeg_render.hpp"

#include <codec/error.hpp>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

namespace codec {

namespace {

// The source's bytes for the kept blocks, from the per-block bit counts the reader left in the
// components (0 when it left none).
std::uint64_t source_bytes_of(const jpeg::Coefficients& c, const jpeg::BlockSet& kept) {
  std::uint64_t bits = 0;
  for (std::size_t ci = 0; ci < c.components.size(); ++ci) {
    const auto& sb = c.components[ci].source_bits;
    if (sb.size() != kept[ci].size()) return 0;
    for (std::size_t b = 0; b < sb.size(); ++b) bits += kept[ci][b] ? sb[b] : 0;
  }
  return (bits + 7) / 8;
}

std::uint64_t write_jpeg_dct(ByteWriter& out, const Image& image, const Image&, const MaskRuns& runs,
                             const Image&, const jpeg::Coefficients* source) {
  if (!source) throw Error(ErrorCode::kInvalidArgument, "ROI method jpeg-dct needs the source JPEG's coefficients");
  const bool colour_fits = (image.channels == 1 && source->color == jpeg::ColorSpace::gray) ||
                           (image.channels == 3 && source->color == jpeg::ColorSpace::ycbcr);
  if (source->width != image.width || source->height != image.height || !colour_fits)
    throw Error(ErrorCode::kInvalidArgument, "the JPEG coefficients do not match the image's size or colour");
  jpeg::check_layout(*source);  // the runs are the mask's, checked against the image by encode()
  const jpeg::BlockSet kept = jpeg::needed_blocks(*source, runs);
  const std::uint64_t source_bytes = source_bytes_of(*source, kept);
  jpeg::write_layout(out, *source);
  out.varint(static_cast<std::uint32_t>(std::min<std::uint64_t>(source_bytes, std::numeric_limits<std::uint32_t>::max())));
  out.bytes(dct::encode_coefficients(*source, kept));
  return source_bytes;
}

// The kept blocks are decoded into their bounding rectangles only (decode_kept_coefficients), and
// rendered from there over the mask's runs.
ExactPixels read_jpeg_dct(ByteReader& in, const Image& mask, const MaskRuns& runs, const Image& background) {
  const jpeg::Coefficients c = jpeg::read_shape(in, mask.width, mask.height, background.channels);
  const jpeg::BlockSet kept = jpeg::needed_blocks(c, runs);
  (void)in.varint();  // source_bytes: for inspect only
  const auto stream = in.bytes(in.remaining());
  jpeg::KeptCoefficients blocks;
  try {
    dct::decode_kept_coefficients(stream, c, kept, blocks);
  } catch (const Error& e) {
    // The coefficient stream's errors name no section; this one does.
    throw Error(e.code() == ErrorCode::kInvalidArgument ? ErrorCode::kCorrupt : e.code(), in.what() + ": " + e.what());
  }
  ExactPixels ex;
  ex.box = runs.box;
  const int ch = background.channels;
  ex.pixels = Image::uninitialized(ex.box.width(), ex.box.height(), ch);  // every row copied below
  for (int y = ex.box.y0; y < ex.box.y1; ++y)
    std::copy_n(background.row(y) + static_cast<std::size_t>(ex.box.x0) * ch,
                static_cast<std::size_t>(ex.box.width()) * ch, ex.pixels.row(y - ex.box.y0));
  std::vector<jpeg::BlockView> views;
  for (const auto& part : blocks.parts) views.push_back(part.view());
  jpeg::render_runs_box(c, views.data(), runs, kept, ex.pixels, ex.box.x0, ex.box.y0);
  return ex;
}

std::uint64_t jpeg_dct_source_bytes(ByteReader& in, int width, int height, int channels) {
  (void)jpeg::read_layout(in, width, height, channels);
  return in.varint();
}

}  // namespace

extern const RoiOps kJpegDctOps = {write_jpeg_dct, read_jpeg_dct, jpeg_dct_source_bytes};

}  // namespace codec
