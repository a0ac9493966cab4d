#include "container.hpp"

#include "byte_io.hpp"
#include "registry.hpp"
#include <codec/crc32.hpp>

#include <codec/error.hpp>
#include <codec/tiled.hpp>

#include <algorithm>
#include <cstdio>
#include <string>

namespace codec {
namespace {

constexpr std::size_t kHeadBytes = 24;

std::uint32_t section_crc(std::span<const std::uint8_t> tag, std::span<const std::uint8_t> payload) {
  return crc32(payload, crc32(tag));
}

std::string hex32(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

std::string printable_tag(std::span<const std::uint8_t> t) {
  std::string s;
  for (auto c : t) s += (c >= 0x20 && c < 0x7F) ? static_cast<char>(c) : '?';
  return s;
}

}  // namespace

std::vector<std::uint8_t> write_container(std::span<const std::vector<std::uint8_t>> payloads,
                                          std::uint16_t version) {
  ByteWriter out;
  out.bytes(kSignature);
  out.u16(version);
  for (std::size_t i = 0; i < kSectionCount; ++i) {
    const auto& payload = payloads[i];
    if (payload.size() > kMaxSectionBytes)
      throw Error(ErrorCode::kLimitExceeded,
                  std::string("section ") + kSectionOrder[i] + " exceeds the maximum size");
    std::span<const std::uint8_t> tag(reinterpret_cast<const std::uint8_t*>(kSectionOrder[i]), 4);
    out.bytes(tag);
    out.u32(static_cast<std::uint32_t>(payload.size()));
    out.bytes(payload);
    out.u32(section_crc(tag, payload));
  }
  return out.take();
}

std::vector<Section> read_container(std::span<const std::uint8_t> bytes, std::uint16_t& version) {
  ByteReader in(bytes, "file");
  if (bytes.size() < sizeof kSignature ||
      !std::equal(std::begin(kSignature), std::end(kSignature), bytes.begin())) {
    if (bytes.size() < sizeof kSignature &&
        std::equal(bytes.begin(), bytes.end(), std::begin(kSignature)))
      throw Error(ErrorCode::kTruncated, "file: truncated inside the signature");
    throw Error(ErrorCode::kCorrupt, "not an .smz file (bad signature)");
  }
  in.bytes(sizeof kSignature);
  version = in.u16();
  if (version == tiled::kVersion)
    throw Error(ErrorCode::kUnsupported, "a tiled file (format version 4): decode it as a slide, by tiles or regions");
  if (version < kMinFormatVersion || version > kFormatVersion)
    throw Error(ErrorCode::kUnsupported, "format version " + std::to_string(version) +
                                             " is not supported (this build reads versions " +
                                             std::to_string(kMinFormatVersion) + " to " +
                                             std::to_string(kFormatVersion) + ")");
  std::vector<Section> sections;
  for (const char* expected : kSectionOrder) {
    if (in.remaining() == 0)
      throw Error(ErrorCode::kTruncated, std::string("file ends before section ") + expected);
    Section s;
    s.offset = in.position();
    ByteReader framing(bytes.subspan(in.position()), std::string("section ") + expected);
    auto tag = framing.bytes(4);
    s.tag = printable_tag(tag);
    if (s.tag != expected)
      throw Error(ErrorCode::kCorrupt,
                  "expected section " + std::string(expected) + ", found '" + s.tag + "'");
    const std::uint32_t length = framing.u32();
    if (length > kMaxSectionBytes)
      throw Error(ErrorCode::kLimitExceeded, "section " + s.tag + ": length above the limit");
    s.payload = framing.bytes(length);
    s.crc = framing.u32();
    const std::uint32_t computed = section_crc(tag, s.payload);
    if (computed != s.crc)
      throw Error(ErrorCode::kCorrupt, "section " + s.tag + ": CRC mismatch (stored " +
                                           hex32(s.crc) + ", computed " + hex32(computed) + ")");
    in.bytes(framing.position());
    sections.push_back(s);
  }
  if (in.remaining() != 0)
    throw Error(ErrorCode::kCorrupt,
                std::to_string(in.remaining()) + " unexpected bytes after the last section");
  return sections;
}

std::vector<std::uint8_t> write_header(const Header& h) {
  ByteWriter out;
  out.u32(h.width);
  out.u32(h.height);
  out.u8(h.channels);
  out.u8(static_cast<std::uint8_t>(h.background_method));
  out.u8(h.levels);
  out.u8(h.chroma_levels);
  out.u8(static_cast<std::uint8_t>(h.colour));
  out.u8(static_cast<std::uint8_t>(h.upsample));
  out.u16(h.quant_step);
  out.u16(h.chroma_step);
  out.u16(h.detail_step);
  out.u8(static_cast<std::uint8_t>(h.mask_method));
  out.u8(static_cast<std::uint8_t>(h.roi_method));
  out.u8(h.feather_px);
  out.u8(0);
  return out.take();
}

std::string check_header(const Header& h) {
  auto range = [](const char* what, long v, long lo, long hi) -> std::string {
    if (v >= lo && v <= hi) return {};
    return std::string(what) + " " + std::to_string(v) + " outside " + std::to_string(lo) + ".." + std::to_string(hi);
  };
  const bool ycocg = h.colour == BackgroundColour::kYCoCg;
  for (const std::string& e :
       {range("DWT levels", h.levels, 1, kMaxLevels), range("quantizer step", h.quant_step, 1, kMaxQuantStep),
        range("feather", h.feather_px, 0, kMaxFeather)})
    if (!e.empty()) return e;
  if (h.channels != 1 && h.channels != 3) return "channel count " + std::to_string(h.channels) + " (must be 1 or 3)";
  const BackgroundCoder* bg = find_background_coder(static_cast<std::uint8_t>(h.background_method));
  if (!bg) return "unknown background method " + std::to_string(static_cast<int>(h.background_method));
  if (!bg->traits.wavelet_fields && (ycocg || h.upsample != Upsample::kHaar || h.detail_step || h.chroma_levels || h.chroma_step))
    return "the Haar + Huffman backgrounds take no colour, upsampling, chroma or detail parameters";
  if (ycocg && h.channels != 3) return "YCoCg background needs 3 channels";
  if (ycocg) {
    if (h.chroma_step < 1) return "chroma step 0";
    if (h.levels + h.chroma_levels > kMaxLevels)
      return "levels + chroma levels " + std::to_string(h.levels + h.chroma_levels) + " above " + std::to_string(kMaxLevels);
  } else if (h.chroma_levels || h.chroma_step) {
    return "chroma parameters without a YCoCg background";
  }
  if (h.upsample == Upsample::kSmooth && h.detail_step) return "smooth upsampling with detail bands";
  return {};
}

Header read_header(std::span<const std::uint8_t> payload) {
  if (payload.size() != kHeadBytes)
    throw Error(ErrorCode::kCorrupt, "section HEAD: " + std::to_string(payload.size()) + " bytes, expected " +
                                         std::to_string(kHeadBytes));
  ByteReader in(payload, "section HEAD");
  Header h;
  h.width = in.u32();
  h.height = in.u32();
  h.channels = in.u8();
  const std::uint8_t bg = in.u8();
  h.levels = in.u8();
  h.chroma_levels = in.u8();
  const std::uint8_t colour = in.u8();
  const std::uint8_t upsample = in.u8();
  h.quant_step = in.u16();
  h.chroma_step = in.u16();
  h.detail_step = in.u16();
  const std::uint8_t mask = in.u8();
  const std::uint8_t roi = in.u8();
  h.feather_px = in.u8();
  const std::uint8_t reserved = in.u8();

  auto fail = [](ErrorCode code, const std::string& msg) { throw Error(code, "section HEAD: " + msg); };
  if (h.width < 1 || h.width > kMaxDimension || h.height < 1 || h.height > kMaxDimension)
    fail(ErrorCode::kLimitExceeded, "image size " + std::to_string(h.width) + "x" + std::to_string(h.height) +
                                        " outside 1.." + std::to_string(kMaxDimension));
  if (std::uint64_t{h.width} * h.height > kMaxPixels)
    fail(ErrorCode::kLimitExceeded, "image of " + std::to_string(std::uint64_t{h.width} * h.height) +
                                        " pixels above the limit of " + std::to_string(kMaxPixels));
  if (!find_background_coder(bg)) fail(ErrorCode::kUnsupported, "unknown background method " + std::to_string(bg));
  if (colour > 1) fail(ErrorCode::kUnsupported, "unknown background colour mode " + std::to_string(colour));
  if (upsample > 1) fail(ErrorCode::kUnsupported, "unknown upsampling " + std::to_string(upsample));
  if (!find_mask_coder(mask)) fail(ErrorCode::kUnsupported, "unknown mask method " + std::to_string(mask));
  if (!find_roi_coder(roi)) fail(ErrorCode::kUnsupported, "unknown ROI pixel method " + std::to_string(roi));
  if (reserved != 0) fail(ErrorCode::kCorrupt, "reserved byte is not 0");
  h.background_method = static_cast<BackgroundMethod>(bg);
  h.colour = static_cast<BackgroundColour>(colour);
  h.upsample = static_cast<Upsample>(upsample);
  h.mask_method = static_cast<MaskMethod>(mask);
  h.roi_method = static_cast<RoiMethod>(roi);
  if (const std::string e = check_header(h); !e.empty()) fail(ErrorCode::kCorrupt, e);
  return h;
}

void check_version_features(const Header& h, std::uint16_t version) {
  const bool needs_3 = traits(h.roi_method).dct_domain;
  if (version < 3 && needs_3)
    throw Error(ErrorCode::kCorrupt, std::string("section HEAD: ROI method ") + to_string(h.roi_method) +
                                         " in a version " + std::to_string(version) + " file (it needs version 3)");
  // Writers write the lowest version a file needs (format.hpp), so a higher one is damage.
  if (version >= 3 && !needs_3)
    throw Error(ErrorCode::kCorrupt, "file: version " + std::to_string(version) +
                                         " for a file that uses no version-3 feature (it must be version 2)");
}

}  // namespace codec
