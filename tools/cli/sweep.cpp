// sweep.cpp - `smearpress sweep`: every combination of a config's "sweep" over a folder.
#include "cli/command.hpp"

#include "config/config.hpp"
#include "runners/sweep.hpp"

#include <iostream>
#include <memory>

namespace smearpress::cli {

namespace {

struct SweepArgs {
  std::string config, input, output;
  int jobs = 0;
};

int run_sweep_command(const SweepArgs& a) {
  SweepOptions opt;
  opt.config = load_config(a.config);
  if (opt.config.sweep.empty())
    throw UsageError(a.config + ": no \"sweep\" object; add one, e.g. {\"sweep\": {\"codec.quant_step\": [30, 60, 90]}}");
  opt.input = a.input;
  opt.output = a.output;
  opt.jobs = a.jobs;
  const SweepOutcome out = run_sweep(opt, std::cerr);
  if (out.interrupted) return kExitInterrupted;
  std::cerr << "sweep: " << out.images << " images x " << out.combinations << " combinations, " << out.failed_rows
            << " failed rows; see " << (opt.output / "report.html").string() << ", sweep.csv and sweep_summary.csv\n";
  return out.failed_rows ? kExitSomeFailed : kExitOk;
}

}  // namespace

Command add_sweep(CLI::App& app) {
  auto a = std::make_shared<SweepArgs>();
  auto* cmd = app.add_subcommand(
      "sweep",
      "Run every combination of the config's \"sweep\" over a folder, e.g.\n"
      "  {\"sweep\": {\"codec.quant_step\": [30, 60, 90], \"roi.dilate_px\": [5, 15]}}\n"
      "Writes OUTPUT/sweep.csv (one row per image and combination), OUTPUT/sweep_summary.csv\n"
      "(means per combination and class) and OUTPUT/report.html (CR against PSNR per combination).");
  add_folder_run_options(cmd, a->config, "JSON config with a \"sweep\" object", true, a->input, a->output, a->jobs);
  cmd->footer(kExitHelp);
  return {cmd, [a] { return run_sweep_command(*a); }};
}

}  // namespace smearpress::cli
