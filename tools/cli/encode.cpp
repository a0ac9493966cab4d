// encode.cpp - `smearpress encode`: one image into a .smz file.
#include "cli/command.hpp"

#include <smearpress/mat_bridge.hpp>
#include <smearpress/pipeline.hpp>

#include "runners/parallel.hpp"
#include "runners/slide_run.hpp"

#include <codec/error.hpp>

#include <fmt/core.h>

#include <filesystem>
#include <iostream>
#include <memory>

namespace smearpress::cli {

namespace {

struct EncodeArgs {
  std::string input, output, config;
  int threads = 0;
  bool quiet = false;
};

void print_summary(const EncodeArgs& a, const LoadedImage& in, const Compressed& c) {
  const auto& s = c.encoded.stats;
  const double raw = static_cast<double>(in.image.byte_count());
  fmt::print("{}: {}x{}x{} -> {} ({} bytes: mask {}, roi {} ({}), background {}); {:.3f}x the source file, "
             "cr_file {:.2f}; ROI {:.2f}% of pixels\n",
             a.input, in.image.width, in.image.height, in.image.channels, a.output, s.file_bytes, s.mask_bytes,
             s.roi_bytes, to_string(c.roi_domain), s.background_bytes,
             ratio(static_cast<double>(s.file_bytes), static_cast<double>(in.file.size())),
             ratio(raw, static_cast<double>(s.file_bytes)),
             100.0 * static_cast<double>(s.roi_pixels) / static_cast<double>(in.image.pixel_count()));
}

void print_slide_summary(const EncodeArgs& a, const SlideRunResult& r) {
  const auto& s = r.encoded.stats;
  const auto& g = r.encoded.grid;
  const double pixels = static_cast<double>(r.width) * r.height;
  fmt::print("{}: {}x{}x{} ({}) -> {} ({} bytes in {} tiles of {}x{}: mask {}, roi {}, background {}); "
             "{:.3f}x the source file, cr_file {:.2f}; ROI {:.2f}% of pixels; {:.1f} MP/s\n",
             a.input, r.width, r.height, r.channels, r.source_description, a.output, s.file_bytes, g.tile_count(),
             g.tile_width, g.tile_height, s.mask_bytes, s.roi_bytes, s.background_bytes,
             ratio(static_cast<double>(s.file_bytes), static_cast<double>(r.source_bytes)),
             ratio(pixels * r.channels, static_cast<double>(s.file_bytes)),
             100.0 * static_cast<double>(s.roi_pixels) / pixels, pixels / 1e6 / r.seconds);
}

int encode_tiled(const EncodeArgs& a, RegionSource& source, const Settings& settings) {
  const SignalScope signals;
  SlideRunOptions opt;
  opt.threads = a.threads;
  if (!a.quiet) opt.progress = &std::cerr;
  SlideRunResult r;
  try {
    r = encode_slide_file(source, settings, a.output, opt);
  } catch (const codec::Error& e) {
    throw InputError(a.input + ": cannot encode (" + codec::to_string(e.code()) + "): " + e.what());
  }
  print_notices(a.input, r.encoded.notices);
  std::error_code ec;
  r.source_bytes = std::filesystem::file_size(a.input, ec);
  if (!a.quiet) print_slide_summary(a, r);
  return kExitOk;
}

int run_encode(const EncodeArgs& a) {
  const Settings settings = settings_from(a.config);
  refuse_overwriting_input(a.input, a.output);
  std::vector<std::string> notices;
  EncodeInput input = open_encode_input(a.input, settings, &notices);
  print_notices(a.input, notices);
  if (input.slide) return encode_tiled(a, *input.slide, settings);
  const LoadedImage& in = input.image;
  print_notices(a.input, in.notices);
  if (stored_tiled(in.image.width, in.image.height, settings, settings.jpeg_dct && is_jpeg(in.file))) {
    MatSource mat(as_mat(in.image));
    return encode_tiled(a, mat, settings);
  }
  Compressed c;
  try {
    c = compress(in.image, settings, in.file);
  } catch (const codec::Error& e) {
    // A JPEG source that libjpeg reports as damaged, or the encoder refusing: name the file.
    throw InputError(a.input + ": cannot encode (" + codec::to_string(e.code()) + "): " + e.what());
  }
  print_notices(a.input, c.notices);
  write_file_atomic(a.output, c.encoded.bytes);
  if (!a.quiet) print_summary(a, in, c);
  return kExitOk;
}

}  // namespace

Command add_encode(CLI::App& app) {
  auto a = std::make_shared<EncodeArgs>();
  auto* cmd = app.add_subcommand("encode", "Compress one image into a .smz file");
  cmd->add_option("input", a->input,
                  "Input image (PNG, JPEG, TIFF, BMP, WebP, PNM), or a slide: a tiled or striped TIFF / BigTIFF "
                  "of any size, or a format OpenSlide reads (SVS, NDPI, MRXS, ...)")
      ->required();
  cmd->add_option("-o,--output", a->output, "Output .smz file (written atomically)")->required();
  cmd->add_option("--config", a->config, kConfigHelp);
  cmd->add_option("--threads", a->threads,
                  "Threads for a tiled image (default 0: every core); the output does not depend on it")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("-q,--quiet", a->quiet, "Print nothing on success (no progress either)");
  cmd->footer(std::string(kTiledHelp) + "\n" + kExitHelp);
  return {cmd, [a] { return run_encode(*a); }};
}

}  // namespace smearpress::cli
