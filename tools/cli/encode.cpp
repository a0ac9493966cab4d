// encode.cpp - `smearpress encode`: one image into a .smz file.
#include "cli/command.hpp"

#include <smearpress/pipeline.hpp>

#include <codec/error.hpp>

#include <fmt/core.h>

#include <memory>

namespace smearpress::cli {

namespace {

struct EncodeArgs {
  std::string input, output, config;
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

int run_encode(const EncodeArgs& a) {
  const Settings settings = settings_from(a.config);
  refuse_overwriting_input(a.input, a.output);
  const LoadedImage in = load_image(a.input);
  print_notices(a.input, in.notices);
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
  cmd->add_option("input", a->input, "Input image (PNG, JPEG, TIFF, BMP, WebP, PNM)")->required();
  cmd->add_option("-o,--output", a->output, "Output .smz file (written atomically)")->required();
  cmd->add_option("--config", a->config, kConfigHelp);
  cmd->add_flag("-q,--quiet", a->quiet, "Print nothing on success");
  cmd->footer(kExitHelp);
  return {cmd, [a] { return run_encode(*a); }};
}

}  // namespace smearpress::cli
