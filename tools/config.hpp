// config.hpp - JSON configuration files <-> Settings. Strict: an unknown key, a wrong type or a
// value out of range is an error naming the key's dotted path and what is allowed.
#pragma once

#include "settings.hpp"

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace smearpress {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses a config document; `source` names it in error messages (usually the file path).
/// Keys left out keep the defaults of Settings.
Settings parse_config(std::string_view text, const std::string& source);

/// Reads and parses a config file.
Settings load_config(const std::filesystem::path& path);

/// Sets one key by its dotted path (e.g. "codec.quant_step"), validating it like a config file.
void set_config_key(Settings& settings, const std::string& dotted_path, const nlohmann::json& value,
                    const std::string& source);

/// Every settable dotted key, in documentation order.
std::vector<std::string> config_keys();

/// The effective settings as a config document (every key present).
nlohmann::json to_json(const Settings& settings);

}  // namespace smearpress
