// detect.cpp - `smearpress detect`: an image's ROI mask, and optionally the detector's steps.
#include "cli/command.hpp"

#include "runners/roi_eval.hpp"

#include <smearpress/mat_bridge.hpp>

#include <fmt/core.h>

#include <memory>

namespace smearpress::cli {

namespace {

struct DetectArgs {
  std::string input, output, config, debug;
};

void print_detection(const DetectArgs& a, const Settings& settings, const roi::Detection& d) {
  const double frac = static_cast<double>(cv::countNonZero(d.mask)) / static_cast<double>(d.mask.total());
  std::size_t nuclei = 0, platelets = 0, selected = 0;
  for (const auto& c : d.candidates) {
    nuclei += c.kind == roi::Kind::kNucleus ? 1 : 0;
    platelets += c.kind == roi::Kind::kPlatelet ? 1 : 0;
    selected += c.selected ? 1 : 0;
  }
  if (settings.detect.method == roi::Method::kStain)
    fmt::print("{}: stain threshold {:.3f} OD, red-cell radius {:.1f} px; {} nuclei, {} platelets; {} region{} "
               "in the ROI, {:.2f}% of pixels -> {}\n",
               a.input, d.threshold, d.rbc_radius, nuclei, platelets, selected, selected == 1 ? "" : "s", 100 * frac,
               a.output);
  else
    fmt::print("{}: Otsu threshold {:.0f}, {} contours ({} pass the filters); {} region{} in the ROI, {:.2f}% of "
               "pixels -> {}\n",
               a.input, d.threshold, d.candidates.size(), nuclei, selected, selected == 1 ? "" : "s", 100 * frac,
               a.output);
}

int run_detect(const DetectArgs& a) {
  const Settings settings = settings_from(a.config);
  refuse_overwriting_input(a.input, a.output);
  check_lossless_name(a.output);
  const LoadedImage in = load_image(a.input);
  print_notices(a.input, in.notices);
  const cv::Mat img = as_mat(in.image);
  const roi::Detection d = roi::detect(img, settings.detect);
  write_file_atomic(a.output, encode_lossless(d.mask, a.output));
  if (!a.debug.empty()) write_debug_views(a.debug, std::filesystem::path(a.input).stem().string(), img, settings);
  print_detection(a, settings, d);
  return kExitOk;
}

}  // namespace

Command add_detect(CLI::App& app) {
  auto a = std::make_shared<DetectArgs>();
  auto* cmd = app.add_subcommand("detect", "Write the ROI mask of an image (255 = ROI)");
  cmd->add_option("input", a->input, "Input image")->required();
  cmd->add_option("-o,--output", a->output, "Output mask: .png, .tif, .bmp or .pgm")->required();
  cmd->add_option("--config", a->config, kConfigHelp);
  cmd->add_option("--debug", a->debug,
                  "Also write the detector's steps into this folder as <name>_<step>.png: feature (saturation or "
                  "stain map), threshold, red_cells, objects (each with its area and circularity, or size in "
                  "red cells and kind), roi");
  cmd->footer(kExitHelp);
  return {cmd, [a] { return run_detect(*a); }};
}

}  // namespace smearpress::cli
