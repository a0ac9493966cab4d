// keys.hpp - the table of config keys (keys.cpp): each dotted key with its check, setter and
// getter. Internal to the config parser (config.cpp).
#pragma once

#include "config/run_config.hpp"

#include <codec/methods.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace smearpress::config_detail {

using nlohmann::json;

// A value failed its check; the caller adds the source and key path.
struct BadValue {
  std::string expected;
};

/// A value as an error message shows it: its JSON (shortened) and its type.
std::string describe(const json& v);
/// A number as an error message shows it (shortest form).
std::string num(double v);

struct KeySpec {
  std::string path;      // dotted
  std::string expected;  // human description of the allowed values
  bool sweepable;        // a pipeline parameter (roi.*, codec.*)
  std::function<void(RunConfig&, const json&)> set;
  std::function<json(const RunConfig&)> get;
};

// Each key is defined by an accessor `[](auto& c) -> auto& { return c.field; }` that serves both
// for setting (RunConfig&) and reading (const RunConfig&).
/// Every key, in documentation order.
const std::vector<KeySpec>& specs();
/// The key with this dotted path, or nullptr.
const KeySpec* find_spec(const std::string& path);
/// The name of the first background method that has `trait` (codec/methods.hpp).
std::string background_with(bool codec::BackgroundTraits::*trait);

}  // namespace smearpress::config_detail
