// decoder.cpp - container -> header -> mask -> background -> exact ROI pixels.
#include "byte_io.hpp"
#include "container.hpp"
#include "mask_coder.hpp"
#include "registry.hpp"
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
  std::uint16_t version = 0;
  const auto sections = read_container(bytes, version);
  Decoded d;
  d.header = read_header(sections[0].payload);
  check_version_features(d.header, version);
  const int w = static_cast<int>(d.header.width), h = static_cast<int>(d.header.height);

  ByteReader mask_in(sections[1].payload, "section MASK");
  MaskRuns runs;
  d.mask = read_mask(mask_in, d.header.mask_method, w, h, runs);
  expect_end(mask_in);

  ByteReader bg_in(sections[3].payload, "section BKGD");
  d.background = coder(d.header.background_method).ops->decode(bg_in, d.header);
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
  FileInfo info;
  const auto sections = read_container(bytes, info.version);
  info.header = read_header(sections[0].payload);
  check_version_features(info.header, info.version);
  info.file_bytes = bytes.size();
  for (const auto& s : sections) info.sections.push_back({s.tag, s.offset, s.payload.size(), s.crc});
  ByteReader roi_in(sections[2].payload, "section ROIP");
  info.roi_pixels = roi_in.varint();
  const RoiOps& roi = *coder(info.header.roi_method).ops;
  if (info.roi_pixels > 0 && roi.source_bytes)
    info.roi_source_bytes = roi.source_bytes(roi_in, static_cast<int>(info.header.width),
                                             static_cast<int>(info.header.height), info.header.channels);
  ByteReader bg_in(sections[3].payload, "section BKGD");
  info.ll_bits = coder(info.header.background_method).ops->bits(bg_in, info.header);
  expect_end(bg_in);
  return info;
}

}  // namespace codec
