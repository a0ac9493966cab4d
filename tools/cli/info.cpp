// info.cpp - `smearpress info`: a .smz file's header, parameters and sections, as text or JSON.
#include "cli/command.hpp"

#include "io/slide_files.hpp"
#include "reporting/smz_info.hpp"

#include <smearpress/slide.hpp>

#include <codec/codec.hpp>
#include <codec/tiled.hpp>
#include <codec/methods.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <iostream>
#include <memory>

namespace smearpress::cli {

namespace {

struct InfoArgs {
  std::string input;
  bool json = false;
};

std::size_t roip_bytes(const codec::FileInfo& info) {
  for (const auto& s : info.sections)
    if (s.tag == "ROIP") return s.payload_bytes;
  return 0;
}

bool dct_domain(const codec::FileInfo& info) { return codec::traits(info.header.roi_method).dct_domain; }

double raw_bytes(const codec::Header& h) { return static_cast<double>(h.width) * h.height * h.channels; }
double pixel_count(const codec::Header& h) { return static_cast<double>(h.width) * h.height; }

void print_json(const std::string& path, nlohmann::json j) {
  j["file"] = path;
  std::cout << j.dump(2) << "\n";
}

void print_background(const codec::FileInfo& info) {
  const auto& h = info.header;
  fmt::print("background  {}, {} DWT level{}, quant_step {}, {} LL bits\n", codec::to_string(h.background_method),
             h.levels, h.levels == 1 ? "" : "s", h.quant_step, info.ll_bits);
  if (codec::traits(h.background_method).wavelet_fields)
    fmt::print("            colour {}, chroma {} extra level{} step {}, detail_step {}, upsample {}\n",
               codec::to_string(h.colour), h.chroma_levels, h.chroma_levels == 1 ? "" : "s", h.chroma_step,
               h.detail_step, codec::to_string(h.upsample));
  if (codec::traits(h.background_method).pivot_fields)
    fmt::print("            bands {}, pivot {} in {} x {} blocks\n", codec::to_string(h.bands),
               codec::to_string(h.pivot), h.pivot_block, h.pivot_block);
}

void print_text(const std::string& path, const codec::FileInfo& info) {
  const auto& h = info.header;
  const double raw = raw_bytes(h);
  fmt::print("file        {} ({} bytes, .smz format version {})\n", path, info.file_bytes, info.version);
  fmt::print("image       {} x {}, {} channel{} ({}), 8-bit\n", h.width, h.height, h.channels,
             h.channels == 1 ? "" : "s", h.channels == 1 ? "gray" : "B,G,R");
  fmt::print("ratios      cr_file {:.3f} (raw bytes / file bytes), cr_seed {:.3f} (raw bits / LL bits)\n",
             ratio(raw, static_cast<double>(info.file_bytes)), ratio(raw * 8, static_cast<double>(info.ll_bits)));
  print_background(info);
  fmt::print("roi         {}, {} exact pixels ({:.2f}% of the image), mask {}, feather {} px\n",
             codec::to_string(h.roi_method), info.roi_pixels,
             100.0 * static_cast<double>(info.roi_pixels) / pixel_count(h), codec::to_string(h.mask_method),
             h.feather_px);
  if (dct_domain(info))
    fmt::print("            the source JPEG's own DCT coefficients: ROIP {} bytes, {:.3f}x the {} bytes the source's "
               "entropy coding spends on the same blocks\n",
               roip_bytes(info), ratio(static_cast<double>(roip_bytes(info)), static_cast<double>(info.roi_source_bytes)),
               info.roi_source_bytes);
  fmt::print("sections    tag   offset     bytes  crc32\n");
  for (const auto& s : info.sections)
    fmt::print("            {:4} {:>7} {:>9}  {:08x}\n", s.tag, s.offset, s.payload_bytes, s.crc);
}

void print_tiled(const std::string& path, const TiledInfo& t, bool json) {
  const auto& g = t.grid;
  const double pixels = static_cast<double>(g.width) * g.height;
  const double raw = pixels * g.channels;
  if (json) {
    print_json(path, tiled_info_json(t));
    return;
  }
  fmt::print("file        {} ({} bytes, tiled .smz, format version {})\n", path, t.file_bytes, codec::tiled::kVersion);
  fmt::print("image       {} x {}, {} channel{} ({}), 8-bit; cr_file {:.3f}\n", g.width, g.height, g.channels,
             g.channels == 1 ? "" : "s", g.channels == 1 ? "gray" : "B,G,R", ratio(raw, static_cast<double>(t.file_bytes)));
  fmt::print("tiles       {} x {} = {} tiles of {} x {} (background apron {} px); {} to {} bytes each\n", g.columns(),
             g.rows(), g.tile_count(), g.tile_width, g.tile_height, g.apron, t.smallest, t.largest);
  fmt::print("bytes       mask {}, roi {}, background {} (sums over the tiles)\n", t.mask_bytes, t.roi_bytes,
             t.background_bytes);
  fmt::print("roi         {} exact pixels ({:.2f}% of the image), {}, mask {}, feather {} px\n", t.roi_pixels,
             100.0 * static_cast<double>(t.roi_pixels) / pixels, codec::to_string(t.first.header.roi_method),
             codec::to_string(t.first.header.mask_method), t.first.header.feather_px);
  print_background(t.first);
}

int run_info(const InfoArgs& a) {
  if (is_tiled_file(a.input)) {
    try {
      print_tiled(a.input, inspect_tiled(FileSource(a.input)), a.json);
    } catch (const codec::Error& e) {
      throw InputError(a.input + ": invalid .smz file (" + codec::to_string(e.code()) + "): " + e.what());
    }
    return kExitOk;
  }
  const codec::FileInfo info = read_smz(a.input, [](std::span<const std::uint8_t> b) { return codec::inspect(b); });
  if (a.json)
    print_json(a.input, info_json(info));
  else
    print_text(a.input, info);
  return kExitOk;
}

}  // namespace

Command add_info(CLI::App& app) {
  auto a = std::make_shared<InfoArgs>();
  auto* cmd = app.add_subcommand("info", "Show a .smz file's header, parameters and sections");
  cmd->add_option("input", a->input, "Input .smz file")->required();
  cmd->add_flag("--json", a->json, "Print JSON instead of text");
  cmd->footer(kExitHelp);
  return {cmd, [a] { return run_info(*a); }};
}

}  // namespace smearpress::cli
