// decode.cpp - `smearpress decode`: a .smz file back into a lossless image (and its weights).
#include "cli/command.hpp"

#include <smearpress/mat_bridge.hpp>
#include <smearpress/pipeline.hpp>

#include <memory>

namespace smearpress::cli {

namespace {

struct DecodeArgs {
  std::string input, output, weights_out;
};

int run_decode(const DecodeArgs& a) {
  refuse_overwriting_input(a.input, a.output);
  // Check the output names before the work, so a typo costs nothing.
  check_lossless_name(a.output);
  if (!a.weights_out.empty()) {
    refuse_overwriting_input(a.input, a.weights_out);
    check_lossless_name(a.weights_out);
  }
  const Reconstruction r = read_smz(a.input, [](std::span<const std::uint8_t> b) { return reconstruct(b); });
  const auto image_bytes = encode_lossless(as_mat(r.image), a.output);
  std::vector<std::uint8_t> weight_bytes;
  if (!a.weights_out.empty()) weight_bytes = encode_lossless(r.weights, a.weights_out);
  write_file_atomic(a.output, image_bytes);
  if (!a.weights_out.empty()) write_file_atomic(a.weights_out, weight_bytes);
  return kExitOk;
}

}  // namespace

Command add_decode(CLI::App& app) {
  auto a = std::make_shared<DecodeArgs>();
  auto* cmd = app.add_subcommand("decode", "Decode a .smz file into a lossless image");
  cmd->add_option("input", a->input, "Input .smz file")->required();
  cmd->add_option("-o,--output", a->output, "Output image: .png, .tif, .bmp or .ppm/.pgm")->required();
  cmd->add_option("--weights-out", a->weights_out,
                  "Also write the 8-bit blend weights: 255 = exact ROI pixel, 0 = background");
  cmd->footer(kExitHelp);
  return {cmd, [a] { return run_decode(*a); }};
}

}  // namespace smearpress::cli
