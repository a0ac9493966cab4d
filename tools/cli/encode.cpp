// encode.cpp - `smearpress encode`: one image into a .smz file.
#include "cli/command.hpp"

#include <smearpress/pipeline.hpp>

#include <fmt/core.h>

#include <memory>

namespace smearpress::cli {

namespace {

struct EncodeArgs {
  std::string input, output, config;
  bool quiet = false;
};

void print_summary(const EncodeArgs& a, const codec::Image& image, const codec::EncodeStats& s) {
  const double raw = static_cast<double>(image.byte_count());
  fmt::print("{}: {}x{}x{} -> {} ({} bytes: mask {}, roi {}, background {}); cr_file {:.2f}, "
             "cr_seed {:.2f}; ROI {:.2f}% of pixels\n",
             a.input, image.width, image.height, image.channels, a.output, s.file_bytes, s.mask_bytes,
             s.roi_bytes, s.background_bytes, ratio(raw, static_cast<double>(s.file_bytes)),
             ratio(raw * 8, static_cast<double>(s.ll_bits)),
             100.0 * static_cast<double>(s.roi_pixels) / static_cast<double>(image.pixel_count()));
}

int run_encode(const EncodeArgs& a) {
  const Settings settings = settings_from(a.config);
  refuse_overwriting_input(a.input, a.output);
  const LoadedImage in = load_image(a.input);
  print_notices(a.input, in.notices);
  const Compressed c = compress(in.image, settings);
  write_file_atomic(a.output, c.encoded.bytes);
  if (!a.quiet) print_summary(a, in.image, c.encoded.stats);
  return kExitOk;
}

}  // namespace

Command add_encode(CLI::App& app) {
  auto a = std::make_shared<EncodeArgs>();
  auto* cmd = app.add_subcommand("encode", "Compress one image into a .smz file");
  cmd->add_option("input", a->input, "Input image (PNG, JPEG, TIFF, BMP, WebP, PNM)")->required();
  cmd->add_option("-o,--output", a->output, "Output .smz file (written atomically)")->required();
  cmd->add_option("--config", a->config, kConfigHelp);
  cmd->add_flag("-q,--quiet", a->quiet, "Print nothing on success");
  cmd->footer(kExitHelp);
  return {cmd, [a] { return run_encode(*a); }};
}

}  // namespace smearpress::cli
