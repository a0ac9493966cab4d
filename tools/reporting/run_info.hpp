// run_info.hpp - how a run was made (run.json), and the version this build reports.
#pragma once

#include "config/run_config.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace smearpress {

/// This build's version (CMake's PROJECT_VERSION), e.g. "0.9.0".
const char* smearpress_version();

/// The current UTC time as 2026-01-31T12:00:00Z.
std::string now_iso8601();

/// The fields every run.json starts with: smearpress and .smz format versions, the kind of run
/// ("batch", "sweep", "bench"), the config's name and the whole config, and the input folder.
nlohmann::json run_info_head(const std::string& kind, const RunConfig& config,
                                     const std::filesystem::path& input);

}  // namespace smearpress
