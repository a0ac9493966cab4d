// roi_eval.cpp - `smearpress roi-eval`: the ROI detector scored against Pascal-VOC boxes.
#include "cli/command.hpp"

#include "config/config.hpp"
#include "runners/roi_eval.hpp"

#include <iostream>
#include <memory>

namespace smearpress::cli {

namespace {

struct RoiEvalArgs {
  std::string images, annotations, config, label = "WBC", debug;
  bool json = false;
};

int run_roi_eval_command(const RoiEvalArgs& a) {
  RoiEvalOptions opt;
  if (!a.config.empty()) opt.config = load_config(a.config);
  opt.images = a.images;
  opt.annotations = a.annotations;
  opt.label = a.label;
  opt.json = a.json;
  opt.debug_dir = a.debug;
  return run_roi_eval(opt, std::cout, std::cerr) ? kExitSomeFailed : kExitOk;
}

}  // namespace

Command add_roi_eval(CLI::App& app) {
  auto a = std::make_shared<RoiEvalArgs>();
  auto* cmd = app.add_subcommand(
      "roi-eval",
      "Score the ROI detector against Pascal-VOC annotations (one <name>.xml per image <name>.*):\n"
      "  recall    = share of boxes of which the ROI mask covers at least 30% of the box area\n"
      "  precision = share of ROI mask pixels inside some box grown by 10% of its width and height\n"
      "Prints a line per image and the totals over all images.");
  cmd->add_option("--images", a->images, "Folder of images (searched recursively)")->required();
  cmd->add_option("--annotations", a->annotations, "Folder of Pascal-VOC .xml files")->required();
  cmd->add_option("--config", a->config, kConfigHelp);
  cmd->add_option("--label", a->label, "Object name to score against (default WBC)");
  cmd->add_flag("--json", a->json, "Print JSON instead of a table");
  cmd->add_option("--debug", a->debug, "Write the detector's steps for every image into this folder");
  cmd->footer(kExitHelp);
  return {cmd, [a] { return run_roi_eval_command(*a); }};
}

}  // namespace smearpress::cli
