// main.cpp - the smearpress command line: registers the subcommands (one file each, see
// command.hpp), parses, runs the chosen one and turns errors into exit statuses.
#include "cli/command.hpp"

#include "config/config.hpp"
#include "reporting/run_info.hpp"
#include "runners/parallel.hpp"

#include <codec/error.hpp>
#include <codec/format.hpp>

#include <CLI/CLI.hpp>
#include <opencv2/core/utils/logger.hpp>

#include <malloc.h>

#include <iostream>
#include <string>
#include <vector>

using namespace smearpress;
using namespace smearpress::cli;

namespace {

int run_guarded(const Command& command) {
  try {
    return command.run();
  } catch (const ConfigError& e) {
    std::cerr << "smearpress: config error: " << e.what() << "\n";
    return kExitUsage;
  } catch (const UsageError& e) {
    std::cerr << "smearpress: " << e.what() << "\n";
    return kExitUsage;
  } catch (const Interrupted& e) {
    std::cerr << "smearpress: " << e.what() << "\n";
    return kExitInterrupted;
  } catch (const codec::Error& e) {
    // .smz reading errors arrive as InputError naming the file; this is the encoder refusing.
    std::cerr << "smearpress: cannot encode (" << codec::to_string(e.code()) << "): " << e.what() << "\n";
    return kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << "smearpress: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Every image allocates and frees buffers of a few MB. glibc's defaults hand them back to the
  // kernel and fault them in again each time; keeping them in the heap made a PBC batch 2.5x
  // faster (system time 2.0 s -> 0.05 s for 120 images, docs/BENCHMARKS.md).
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_ERROR);

  CLI::App app{
      "smearpress: ROI-aware compression of stained blood-smear images.\n"
      "The white-cell nucleus (the ROI) is stored bit-exact, the background as a coarse\n"
      "wavelet band, all in one self-contained .smz file.\n"
      "Without --config every subcommand uses the recommended settings, exactly those of\n"
      "configs/default.json; the paper's method is --config configs/seed.json."};
  app.set_version_flag("--version", std::string("smearpress ") + smearpress_version() + " (.smz format version " +
                                        std::to_string(codec::kFormatVersion) + ")");
  app.footer(kExitHelp);
  app.require_subcommand(1);

  const std::vector<Command> commands = {add_encode(app), add_decode(app), add_info(app),
                                         add_detect(app), add_roi_eval(app), add_batch(app),
                                         add_merge(app),  add_sweep(app),   add_bench(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "smearpress: " << e.what() << " (see 'smearpress --help')\n";
    return kExitUsage;
  }
  for (const auto& command : commands)
    if (*command.app) return run_guarded(command);
  return kExitUsage;
}
