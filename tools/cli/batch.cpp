// batch.cpp - `smearpress batch`: compress, decode and measure every image under a folder.
#include "cli/command.hpp"

#include "config/config.hpp"
#include "runners/batch.hpp"

#include <iostream>
#include <memory>

namespace smearpress::cli {

namespace {

struct BatchArgs {
  std::string config, input, output, shard;
  int jobs = 0;
  bool no_smz = false, no_dumps = false, resume = false;
};

BatchOptions batch_options(const BatchArgs& a) {
  BatchOptions opt;
  if (!a.config.empty()) opt.config = load_config(a.config);
  if (!opt.config.sweep.empty())
    std::cerr << "smearpress: notice: " << a.config << " has a \"sweep\"; batch ignores it (see 'smearpress sweep')\n";
  opt.input = a.input;
  opt.output = a.output;
  opt.jobs = a.jobs;
  opt.write_smz = !a.no_smz;
  opt.dumps = !a.no_dumps;
  opt.resume = a.resume;
  if (!a.shard.empty()) {
    try {
      opt.shard = parse_shard(a.shard);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
  }
  return opt;
}

int run_batch_command(const BatchArgs& a) {
  const BatchOptions opt = batch_options(a);
  const BatchOutcome out = run_batch(opt, std::cerr);
  if (out.interrupted) return kExitInterrupted;
  std::cerr << "batch: " << out.total - out.failed << " ok, " << out.failed << " failed; see "
            << (opt.output / "report.html").string() << ", results.csv and summary.csv\n";
  return out.failed ? kExitSomeFailed : kExitOk;
}

}  // namespace

Command add_batch(CLI::App& app) {
  auto a = std::make_shared<BatchArgs>();
  auto* cmd = app.add_subcommand(
      "batch",
      "Compress, decode and measure every image under a folder.\n"
      "The class of an image is the name of its parent folder. Writes into OUTPUT:\n"
      "  results.csv      one row per file (status ok or error, with the reason)\n"
      "  summary.csv/.md  per class and ALL: count, failed, mean of every numeric column\n"
      "  report.html      tables, plots, comparison panels (open it in a browser; works offline)\n"
      "  smz/             the .smz files, mirroring the input tree\n"
      "  panels/          comparison panels, as the config's \"dumps\" says\n"
      "  progress.journal finished images, for --resume; run.json: how the run was made\n"
      "A file that fails gets an error row and the batch goes on.");
  add_folder_run_options(cmd, a->config, kConfigHelp, false, a->input, a->output, a->jobs);
  cmd->add_flag("--resume", a->resume,
                "Keep the results of images already finished in OUTPUT (same config, file unchanged)");
  cmd->add_option("--shard", a->shard,
                  "Process only shard K of N (1-based, e.g. 3/8): a deterministic 1/N of the files by a hash "
                  "of their path; combine the shards' outputs with 'smearpress merge'");
  cmd->add_flag("--no-smz", a->no_smz, "Do not keep the .smz files");
  cmd->add_flag("--no-dumps", a->no_dumps, "Write no comparison panels or thumbnails");
  cmd->footer(kExitHelp);
  return {cmd, [a] { return run_batch_command(*a); }};
}

}  // namespace smearpress::cli
