// config.hpp - JSON configuration files <-> RunConfig. Strict: an unknown key, a wrong type or a
// value out of range is an error naming the key's dotted path and what is allowed.
#pragma once

#include "config/run_config.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smearpress {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses a config document; `source` names it in error messages (usually the file path).
/// Keys left out keep the defaults. A "sweep" object maps dotted pipeline keys (roi.*, codec.*)
/// to non-empty arrays of values, each validated like the key itself.
RunConfig parse_config(std::string_view text, const std::string& source);

/// Reads and parses a config file.
RunConfig load_config(const std::filesystem::path& path);

/// Sets one key by its dotted path (e.g. "codec.quant_step"), validating it like a config file.
void set_config_key(RunConfig& config, const std::string& dotted_path, const nlohmann::json& value,
                    const std::string& source);

/// Every settable dotted key, in documentation order.
std::vector<std::string> config_keys();

/// The effective configuration as a document with every key (without "sweep").
nlohmann::json to_json(const RunConfig& config);

/// One point of a sweep grid: (key, value) for each axis, in axis order.
using SweepPoint = std::vector<std::pair<std::string, nlohmann::json>>;

/// The cartesian product of the axes, the last axis varying fastest. A config without a sweep
/// gives one empty point.
std::vector<SweepPoint> sweep_grid(const RunConfig& config);

/// `base` with a sweep point applied (validated, including cross-key consistency).
RunConfig apply_point(const RunConfig& base, const SweepPoint& point, const std::string& source);

/// The text of a swept value for CSV cells and labels (strings unquoted).
std::string value_text(const nlohmann::json& v);

}  // namespace smearpress
