// sweep.hpp - every combination of a config's "sweep" over a folder of images.
#pragma once

#include "config/run_config.hpp"

#include <filesystem>
#include <iosfwd>

namespace smearpress {

struct SweepOptions {
  std::filesystem::path input;
  std::filesystem::path output;
  RunConfig config;  ///< with a non-empty sweep
  int jobs = 0;      ///< 0 = all cores
};

struct SweepOutcome {
  std::size_t images = 0;
  std::size_t combinations = 0;
  std::size_t failed_rows = 0;
  bool interrupted = false;  ///< stopped by SIGINT/SIGTERM; nothing written
};

/// Writes OUTPUT/sweep.csv (one row per image and combination: combination, the swept keys, then
/// the results.csv columns), OUTPUT/sweep_summary.csv (means per combination and class, then
/// per combination over all images), report.html and run.json. Each image is read once and
/// measured with every combination.
SweepOutcome run_sweep(const SweepOptions& options, std::ostream& log);

}  // namespace smearpress
