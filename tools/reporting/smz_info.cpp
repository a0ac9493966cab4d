#include "reporting/smz_info.hpp"

#include <codec/error.hpp>
#include <codec/methods.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <climits>
#include <string>

namespace smearpress {

namespace {

double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

std::size_t roip_bytes(const codec::FileInfo& info) {
  for (const auto& s : info.sections)
    if (s.tag == "ROIP") return s.payload_bytes;
  return 0;
}

// The fields of every `info --json`, single-image or tiled.
nlohmann::json image_json(std::uint64_t file_bytes, int version, std::uint32_t width, std::uint32_t height,
                          int channels, std::uint64_t roi_pixels) {
  const double pixels = static_cast<double>(width) * height, raw = pixels * channels;
  nlohmann::json j;
  j["file_bytes"] = file_bytes;
  j["format_version"] = version;
  j["width"] = width;
  j["height"] = height;
  j["channels"] = channels;
  j["bit_depth"] = 8;
  j["raw_bytes"] = static_cast<std::uint64_t>(raw);
  j["cr_file"] = ratio(raw, static_cast<double>(file_bytes));
  j["roi_pixels"] = roi_pixels;
  j["roi_fraction"] = static_cast<double>(roi_pixels) / pixels;
  return j;
}

}  // namespace

nlohmann::json parameters_json(const codec::Header& h) {
  nlohmann::json p = {{"background_method", codec::to_string(h.background_method)},
                      {"levels", h.levels},
                      {"quant_step", h.quant_step},
                      {"mask_method", codec::to_string(h.mask_method)},
                      {"roi_method", codec::to_string(h.roi_method)},
                      {"feather_px", h.feather_px}};
  if (codec::traits(h.background_method).wavelet_fields)
    p.update({{"colour", codec::to_string(h.colour)},
              {"chroma_levels", h.chroma_levels},
              {"chroma_step", h.chroma_step},
              {"detail_step", h.detail_step},
              {"upsample", codec::to_string(h.upsample)}});
  if (codec::traits(h.background_method).pivot_fields)
    p.update({{"bands", codec::to_string(h.bands)}, {"pivot_block", h.pivot_block}, {"pivot", codec::to_string(h.pivot)}});
  return p;
}

nlohmann::json info_json(const codec::FileInfo& info) {
  const auto& h = info.header;
  const double raw = static_cast<double>(h.width) * h.height * h.channels;
  const bool dct = codec::traits(h.roi_method).dct_domain;
  nlohmann::json j = image_json(info.file_bytes, info.version, h.width, h.height, h.channels, info.roi_pixels);
  j["cr_seed"] = ratio(raw * 8, static_cast<double>(info.ll_bits));
  j["ll_bits"] = info.ll_bits;
  j["roi_domain"] = dct ? "dct" : "pixels";
  j["roi_bytes"] = roip_bytes(info);
  if (dct) j["roi_source_bytes"] = info.roi_source_bytes;
  j["parameters"] = parameters_json(h);
  j["sections"] = nlohmann::json::array();
  for (const auto& s : info.sections)
    j["sections"].push_back({{"tag", s.tag}, {"offset", s.offset}, {"payload_bytes", s.payload_bytes},
                             {"crc32", fmt::format("{:08x}", s.crc)}});
  return j;
}

TiledInfo inspect_tiled(const ByteSource& file) {
  const TiledReader reader(file);
  TiledInfo t;
  t.grid = reader.grid();
  t.file_bytes = file.size();
  t.smallest = UINT32_MAX;
  for (std::uint32_t i = 0; i < t.grid.tile_count(); ++i) {
    const auto bytes = reader.tile_bytes(i);
    codec::FileInfo info;
    try {
      info = codec::inspect(bytes);
    } catch (const codec::Error& e) {
      throw codec::Error(e.code(), "tile " + std::to_string(i) + ": " + e.what());
    }
    if (i == 0) t.first = info;
    if (i != 0) t.first.ll_bits += info.ll_bits;  // printed as the whole file's
    t.roi_pixels += info.roi_pixels;
    for (const auto& s : info.sections) {
      if (s.tag == "MASK") t.mask_bytes += s.payload_bytes;
      if (s.tag == "ROIP") t.roi_bytes += s.payload_bytes;
      if (s.tag == "BKGD") t.background_bytes += s.payload_bytes;
    }
    t.smallest = std::min<std::uint32_t>(t.smallest, static_cast<std::uint32_t>(bytes.size()));
    t.largest = std::max<std::uint32_t>(t.largest, static_cast<std::uint32_t>(bytes.size()));
  }
  return t;
}

nlohmann::json tiled_info_json(const TiledInfo& t) {
  const auto& g = t.grid;
  nlohmann::json j = image_json(t.file_bytes, codec::tiled::kVersion, g.width, g.height, g.channels, t.roi_pixels);
  j["roi_domain"] = "pixels";
  j["tiles"] = {{"tile_width", g.tile_width}, {"tile_height", g.tile_height}, {"columns", g.columns()},
                {"rows", g.rows()}, {"count", g.tile_count()}, {"apron", g.apron},
                {"smallest_bytes", t.smallest}, {"largest_bytes", t.largest}, {"mask_bytes", t.mask_bytes},
                {"roi_bytes", t.roi_bytes}, {"background_bytes", t.background_bytes}};
  j["parameters"] = parameters_json(t.first.header);
  return j;
}

}  // namespace smearpress
