// run_config.hpp - a whole run as plain structs: the pipeline's Settings plus what only the tool
// layer uses (dumps, sweeps). JSON lives in config.cpp.
#pragma once

#include <smearpress/settings.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace smearpress {

/// Which visual comparison panels a batch writes.
enum class PanelMode { kAll, kNone, kWorst };

struct DumpOptions {
  PanelMode panels = PanelMode::kWorst;  ///< dumps.panels: "all", "none" or "worst"
  int count = 16;                        ///< dumps.count: how many with "worst" (lowest PSNR)
};

/// One swept key: its dotted path and the values to try, in order.
struct SweepAxis {
  std::string key;
  std::vector<nlohmann::json> values;
};

/// A whole config file.
struct RunConfig {
  std::string name = "default";  ///< free text, for reports
  Settings settings;
  DumpOptions dumps;
  std::vector<SweepAxis> sweep;  ///< empty unless the file has a "sweep" object
  /// The dotted keys the file (or a sweep point) set; the others keep the built-in defaults.
  std::vector<std::string> explicit_keys;
};

}  // namespace smearpress
