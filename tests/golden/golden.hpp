// golden.hpp - the golden corpus' manifest (tests/data/golden/MANIFEST.txt): what a line holds,
// how a .smz file's line is computed, and how the manifest is read. Shared by the generator
// (make_golden.cpp) and the test (tests/tools/golden_test.cpp), so both hash the same bytes.
#pragma once

#include "../sha256.hpp"

#include <smearpress/pipeline.hpp>

#include <codec/codec.hpp>
#include <codec/format.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace golden {

inline constexpr const char* kManifestName = "MANIFEST.txt";

/// The manifest's header; every line starts with '#'.
inline constexpr const char* kManifestHeader =
    "# smearpress golden corpus: .smz files of format versions 2 and 3 and the SHA-256 of what they decode to.\n"
    "# One line per file, fields separated by single spaces:\n"
    "#   file image_sha256 mask_sha256 parameters...\n"
    "# image_sha256: SHA-256 (lower-case hex) of the final image a user gets, the `image` of\n"
    "#   smearpress::reconstruct(bytes) (decoded background with the exact ROI blended in):\n"
    "#   width * height * channels bytes, row-major from the top row, channels interleaved\n"
    "#   (B,G,R for colour, one byte for gray), nothing else (no size, no padding).\n"
    "# mask_sha256: SHA-256 of the `mask` of codec::decode(bytes): width * height bytes, row-major,\n"
    "#   255 where exact pixels are stored, 0 elsewhere.\n"
    "# parameters: the decoded header in words (key=value); the test checks them against the file.\n"
    "# Regenerate only for an intended format change, keeping the old files: see README.md.\n";

/// One manifest line.
struct Entry {
  std::string file;
  std::string image_sha256;
  std::string mask_sha256;
  std::string parameters;
};

/// The header of a decoded file in words, e.g. "size=64x48x3 background=haar-ll-huffman ...".
inline std::string describe(const codec::Header& h, std::size_t roi_pixels) {
  std::ostringstream s;
  s << "size=" << h.width << 'x' << h.height << 'x' << int{h.channels}
    << " background=" << codec::to_string(h.background_method) << " levels=" << int{h.levels}
    << " step=" << h.quant_step;
  if (h.background_method == codec::BackgroundMethod::kWaveletRans) {
    s << " colour=" << codec::to_string(h.colour);
    if (h.colour == codec::BackgroundColour::kYCoCg)
      s << " chroma_levels=" << int{h.chroma_levels} << " chroma_step=" << h.chroma_step;
    s << " detail_step=" << h.detail_step << " upsample=" << codec::to_string(h.upsample);
  }
  if (h.background_method == codec::BackgroundMethod::kHaarPivotHuffman)
    s << " bands=" << codec::to_string(h.bands) << " pivot_block=" << int{h.pivot_block}
      << " pivot=" << codec::to_string(h.pivot);
  s << " mask=" << codec::to_string(h.mask_method) << " roi=" << codec::to_string(h.roi_method)
    << " feather=" << int{h.feather_px} << " roi_pixels=" << roi_pixels;
  return s.str();
}

/// Decodes a .smz file both ways (smearpress::reconstruct and codec::decode) and returns its
/// manifest line. Throws codec::Error on a bad file, std::runtime_error when the two decodes
/// disagree on the mask.
inline Entry make_entry(const std::string& file, std::span<const std::uint8_t> bytes) {
  const smearpress::Reconstruction rec = smearpress::reconstruct(bytes);
  const codec::Decoded dec = codec::decode(bytes);
  if (!std::equal(dec.mask.data.begin(), dec.mask.data.end(), rec.decoded.mask.data.begin(),
                  rec.decoded.mask.data.end()))
    throw std::runtime_error(file + ": codec::decode and smearpress::reconstruct disagree on the mask");
  const auto roi_pixels = static_cast<std::size_t>(std::count_if(
      dec.mask.data.begin(), dec.mask.data.end(), [](std::uint8_t v) { return v != 0; }));
  Entry e;
  e.file = file;
  e.image_sha256 = test::sha256_hex(std::span(rec.image.data.data(), rec.image.data.size()));
  e.mask_sha256 = test::sha256_hex(std::span(dec.mask.data.data(), dec.mask.data.size()));
  e.parameters = describe(dec.header, roi_pixels);
  return e;
}

inline std::string format_line(const Entry& e) {
  return e.file + ' ' + e.image_sha256 + ' ' + e.mask_sha256 + ' ' + e.parameters;
}

/// Parses a manifest: '#' lines and blank lines are skipped. Throws std::runtime_error naming
/// the line number of a malformed line or a duplicate file.
inline std::vector<Entry> parse_manifest(const std::string& text) {
  std::vector<Entry> entries;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    Entry e;
    fields >> e.file >> e.image_sha256 >> e.mask_sha256;
    std::getline(fields >> std::ws, e.parameters);
    const bool hashes_ok = e.image_sha256.size() == 64 && e.mask_sha256.size() == 64;
    if (e.file.empty() || !hashes_ok || e.parameters.empty())
      throw std::runtime_error("manifest line " + std::to_string(number) + " is malformed");
    for (const Entry& other : entries)
      if (other.file == e.file)
        throw std::runtime_error("manifest line " + std::to_string(number) + " repeats " + e.file);
    entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace golden
