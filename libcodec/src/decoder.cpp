// decoder.cpp - container -> header -> mask -> background -> exact ROI pixels.
#include "background.hpp"
#include "background_pivot.hpp"
#include "background_wavelet.hpp"
#include "byte_io.hpp"
#include "container.hpp"
#include "huffman_coder.hpp"
#include "mask_coder.hpp"
#include "roi_pixels.hpp"

#include <codec/codec.hpp>
#include <codec/error.hpp>

namespace codec {
namespace {

// The whole payload must be consumed: leftover bytes mean the section is not what it claims.
void expect_end(const ByteReader& in) {
  if (in.remaining() != 0)
    throw Error(ErrorCode::kCorrupt, in.what() + ": " + std::to_string(in.remaining()) + " unused bytes at the end");
}

}  // namespace

Decoded decode(std::span<const std::uint8_t> bytes) {
  const auto sections = read_container(bytes);
  Decoded d;
  d.header = read_header(sections[0].payload);
  const int w = static_cast<int>(d.header.width), h = static_cast<int>(d.header.height);

  ByteReader mask_in(sections[1].payload, "section MASK");
  MaskRuns runs;
  d.mask = read_mask(mask_in, d.header.mask_method, w, h, runs);
  expect_end(mask_in);

  ByteReader bg_in(sections[3].payload, "section BKGD");
  if (d.header.background_method == BackgroundMethod::kWaveletRans) {
    d.background = synthesize_wavelet_background(read_wavelet_background(bg_in, d.header), d.header);
  } else if (d.header.background_method == BackgroundMethod::kHaarPivotHuffman) {
    read_pivot_parameters(bg_in, d.header);
    std::uint64_t ll_bits = 0;
    d.background = synthesize_pivot_background(read_pivot_background(bg_in, d.header, ll_bits), d.header);
  } else {
    std::uint64_t ll_bits = 0;
    d.background = synthesize_background(read_background(bg_in, d.header, ll_bits), d.header);
  }
  expect_end(bg_in);

  ByteReader roi_in(sections[2].payload, "section ROIP");
  ExactPixels ex = read_roi_pixels(roi_in, d.header.roi_method, d.mask, runs, d.background);
  expect_end(roi_in);
  d.exact = std::move(ex.pixels);
  d.exact_x = ex.box.x0;
  d.exact_y = ex.box.y0;
  return d;
}

FileInfo inspect(std::span<const std::uint8_t> bytes) {
  const auto sections = read_container(bytes);
  FileInfo info;
  info.version = kFormatVersion;
  info.header = read_header(sections[0].payload);
  info.file_bytes = bytes.size();
  for (const auto& s : sections) info.sections.push_back({s.tag, s.offset, s.payload.size(), s.crc});
  ByteReader roi_in(sections[2].payload, "section ROIP");
  info.roi_pixels = roi_in.varint();
  if (info.header.background_method == BackgroundMethod::kWaveletRans) {
    info.ll_bits = static_cast<std::uint64_t>(sections[3].payload.size()) * 8;
  } else {
    ByteReader bg_in(sections[3].payload, "section BKGD");
    if (info.header.background_method == BackgroundMethod::kHaarPivotHuffman) read_pivot_parameters(bg_in, info.header);
    for (int c = 0; c < info.header.channels; ++c) info.ll_bits += huffman::skip_block(bg_in);
    expect_end(bg_in);
  }
  return info;
}

}  // namespace codec
