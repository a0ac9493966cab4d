// merge.cpp - `smearpress merge`: the output folders of `batch --shard K/N` runs combined.
#include "cli/command.hpp"

#include "runners/batch.hpp"

#include <iostream>
#include <memory>

namespace smearpress::cli {

namespace {

struct MergeArgs {
  std::vector<std::string> inputs;
  std::string output;
};

int run_merge_command(const MergeArgs& a) {
  const std::vector<std::filesystem::path> dirs(a.inputs.begin(), a.inputs.end());
  merge_batches(dirs, a.output, std::cerr);
  return kExitOk;
}

}  // namespace

Command add_merge(CLI::App& app) {
  auto a = std::make_shared<MergeArgs>();
  auto* cmd = app.add_subcommand("merge",
                                 "Combine the output folders of 'batch --shard K/N' runs into one: results.csv "
                                 "and summary.csv as an unsharded run would write them, plus summary.md, "
                                 "report.html and the worst panels.");
  cmd->add_option("shards", a->inputs, "Output folders of the shard runs (all N of them)")->required();
  cmd->add_option("--output", a->output, "Folder for the combined outputs")->required();
  cmd->footer(kExitHelp);
  return {cmd, [a] { return run_merge_command(*a); }};
}

}  // namespace smearpress::cli
