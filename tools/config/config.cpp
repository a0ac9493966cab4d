// config.cpp - JSON config documents <-> RunConfig: walking the document, consistency rules,
// sweeps (config.hpp). The keys themselves are in keys.cpp.
#include "config/config.hpp"

#include "config/keys.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>

namespace smearpress {
namespace {

using nlohmann::json;
using namespace config_detail;

// Top-level keys that carry no setting (and "sweep", which parse_config handles).
bool is_comment_key(const std::string& path) { return path == "description"; }

// The names allowed directly under `prefix` ("" = the top level), comma-separated.
std::string allowed_under(const std::string& prefix) {
  std::vector<std::string> names;
  for (const auto& k : specs()) {
    std::string rest;
    if (prefix.empty())
      rest = k.path;
    else if (k.path.rfind(prefix + ".", 0) == 0)
      rest = k.path.substr(prefix.size() + 1);
    else
      continue;
    rest = rest.substr(0, rest.find('.'));
    if (std::find(names.begin(), names.end(), rest) == names.end()) names.push_back(rest);
  }
  if (prefix.empty()) {
    names.push_back("sweep");
    names.push_back("description");
  }
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

bool is_section(const std::string& path) {
  for (const auto& k : specs())
    if (k.path.rfind(path + ".", 0) == 0) return true;
  return false;
}

void walk(RunConfig& c, const json& obj, const std::string& prefix, const std::string& source) {
  for (const auto& [key, value] : obj.items()) {
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (prefix.empty() && (is_comment_key(path) || path == "sweep")) continue;
    if (is_section(path)) {
      if (!value.is_object())
        throw ConfigError(source + ": " + path + ": expected an object with keys " +
                          allowed_under(path) + ", got " + describe(value));
      walk(c, value, path, source);
      continue;
    }
    set_config_key(c, path, value, source);
    c.explicit_keys.push_back(path);
  }
}

bool is_explicit(const RunConfig& c, const std::string& key) {
  return std::find(c.explicit_keys.begin(), c.explicit_keys.end(), key) != c.explicit_keys.end();
}

// The built-in defaults are wavelet-rans's. A config that picks a background without the wavelet
// fields gets their neutral values for the keys it leaves out, so {"codec": {"background":
// "haar-ll-huffman"}} means the paper's background; keys the config sets itself are checked as set.
// Likewise the four bands of "bands": "all" take one level unless codec.levels is set.
void neutralise_unset_keys(RunConfig& c) {
  auto& k = c.settings.codec;
  if (k.bands == codec::Bands::kAll && !is_explicit(c, "codec.levels")) k.levels = 1;
  if (codec::traits(k.background_method).wavelet_fields) return;
  if (!is_explicit(c, "codec.colour")) k.colour = codec::BackgroundColour::kChannels;
  if (!is_explicit(c, "codec.chroma_levels")) k.chroma_levels = 0;
  if (!is_explicit(c, "codec.chroma_step")) k.chroma_step = 0;
  if (!is_explicit(c, "codec.detail_step")) k.detail_step = 0;
  if (!is_explicit(c, "codec.upsample")) k.upsample = codec::Upsample::kHaar;
}

void check_consistency(const RunConfig& c, const std::string& source) {
  const auto& d = c.settings.detect;
  if (d.min_area_frac > d.max_area_frac)
    throw ConfigError(source + ": roi.min_area_frac: " + num(d.min_area_frac) +
                      " exceeds roi.max_area_frac " + num(d.max_area_frac));
  if (d.platelet_min_rbc > d.nucleus_min_rbc)
    throw ConfigError(source + ": roi.platelet_min_rbc: " + num(d.platelet_min_rbc) +
                      " exceeds roi.nucleus_min_rbc " + num(d.nucleus_min_rbc));
  const auto& k = c.settings.codec;
  const codec::BackgroundTraits& bg = codec::traits(k.background_method);
  if (!bg.wavelet_fields && (k.colour != codec::BackgroundColour::kChannels || k.chroma_levels || k.chroma_step ||
                     k.detail_step || k.upsample != codec::Upsample::kHaar))
    throw ConfigError(source + ": codec.background: \"" + codec::to_string(k.background_method) +
                      "\" takes no codec.colour, chroma_levels, chroma_step, detail_step or upsample; use \"" +
                      background_with(&codec::BackgroundTraits::wavelet_fields) + "\"");
  if (!bg.pivot_fields &&
      (k.bands != codec::Bands::kLL || k.pivot_block != 1 || k.pivot != codec::PivotRule::kUpperLeft))
    throw ConfigError(source + ": codec.bands, codec.pivot_block and codec.pivot need codec.background \"" +
                      background_with(&codec::BackgroundTraits::pivot_fields) + "\"");
  if (k.bands == codec::Bands::kAll && k.levels != 1)
    throw ConfigError(source + ": codec.levels: codec.bands \"all\" (the paper's base method) needs codec.levels 1");
  if (k.colour == codec::BackgroundColour::kYCoCg && k.chroma_step < 1)
    throw ConfigError(source + ": codec.chroma_step: needs a value in 1..65535 with codec.colour \"ycocg\"");
  if (k.levels + k.chroma_levels > 8)
    throw ConfigError(source + ": codec.chroma_levels: codec.levels + codec.chroma_levels must be at most 8");
  if (k.upsample == codec::Upsample::kSmooth && k.detail_step)
    throw ConfigError(source + ": codec.upsample: \"smooth\" needs codec.detail_step 0 (no detail bands)");
  if (d.platelets && d.method != roi::Method::kStain)
    throw ConfigError(source + ": roi.platelets: true needs roi.method \"stain\" (the saturation method has no "
                      "notion of platelets)");
}

std::vector<SweepAxis> parse_sweep(const json& sweep, const RunConfig& base, const std::string& source) {
  if (!sweep.is_object())
    throw ConfigError(source + ": sweep: expected an object mapping dotted keys to arrays of values, got " +
                      describe(sweep));
  std::vector<SweepAxis> axes;
  for (const auto& [key, values] : sweep.items()) {
    const KeySpec* spec = find_spec(key);
    if (!spec) {
      std::string allowed;
      for (const auto& k : specs())
        if (k.sweepable) allowed += (allowed.empty() ? "" : ", ") + k.path;
      throw ConfigError(source + ": sweep: unknown key '" + key + "' (allowed: " + allowed + ")");
    }
    if (!spec->sweepable)
      throw ConfigError(source + ": sweep: key '" + key + "' cannot be swept (only roi.* and codec.*)");
    if (!values.is_array() || values.empty())
      throw ConfigError(source + ": sweep." + key + ": expected a non-empty array of values, got " +
                        describe(values));
    SweepAxis axis{key, {}};
    for (std::size_t i = 0; i < values.size(); ++i) {
      RunConfig scratch = base;
      set_config_key(scratch, key, values[i], source + ": sweep." + key + "[" + std::to_string(i) + "]");
      axis.values.push_back(values[i]);
    }
    axes.push_back(std::move(axis));
  }
  return axes;
}

std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t byte) {
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

}  // namespace

void set_config_key(RunConfig& config, const std::string& dotted_path, const json& value,
                    const std::string& source) {
  if (const KeySpec* k = find_spec(dotted_path)) {
    try {
      k->set(config, value);
    } catch (const BadValue& b) {
      throw ConfigError(source + ": " + dotted_path + ": expected " + b.expected + ", got " +
                        describe(value));
    }
    return;
  }
  const auto dot = dotted_path.rfind('.');
  const std::string parent = dot == std::string::npos ? "" : dotted_path.substr(0, dot);
  if (!parent.empty() && !is_section(parent))
    throw ConfigError(source + ": unknown key '" + dotted_path + "'");
  throw ConfigError(source + ": unknown key '" + dotted_path + "' (allowed" +
                    (parent.empty() ? std::string(" at the top level") : " in '" + parent + "'") +
                    ": " + allowed_under(parent) + ")");
}

RunConfig parse_config(std::string_view text, const std::string& source) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    auto [line, col] = line_column(text, e.byte == 0 ? 0 : e.byte - 1);
    std::string msg = e.what();
    // nlohmann's message reads "[json.exception.parse_error.101] parse error at line 4, column
    // 3: syntax error while parsing ..."; keep the part after the last ": ".
    if (auto p = msg.rfind(": "); p != std::string::npos) msg = msg.substr(p + 2);
    throw ConfigError(source + ":" + std::to_string(line) + ":" + std::to_string(col) +
                      ": invalid JSON: " + msg);
  }
  if (!doc.is_object())
    throw ConfigError(source + ": expected a JSON object at the top level, got " + describe(doc));
  RunConfig c;
  walk(c, doc, "", source);
  neutralise_unset_keys(c);
  check_consistency(c, source);
  if (doc.contains("sweep")) {
    c.sweep = parse_sweep(doc["sweep"], c, source);
    for (const auto& point : sweep_grid(c)) apply_point(c, point, source);  // cross-key checks
  }
  return c;
}

RunConfig load_config(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path.string() + ": cannot open config file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_config(ss.str(), path.string());
}

std::vector<std::string> config_keys() {
  std::vector<std::string> out;
  for (const auto& k : specs()) out.push_back(k.path);
  return out;
}

json to_json(const RunConfig& config) {
  json out = json::object();
  for (const auto& k : specs()) {
    json* node = &out;
    std::string path = k.path;
    for (auto dot = path.find('.'); dot != std::string::npos; dot = path.find('.')) {
      node = &(*node)[path.substr(0, dot)];
      path = path.substr(dot + 1);
    }
    (*node)[path] = k.get(config);
  }
  return out;
}

std::vector<SweepPoint> sweep_grid(const RunConfig& config) {
  std::vector<SweepPoint> grid(1);
  for (const auto& axis : config.sweep) {
    std::vector<SweepPoint> next;
    for (const auto& point : grid)
      for (const auto& v : axis.values) {
        SweepPoint p = point;
        p.emplace_back(axis.key, v);
        next.push_back(std::move(p));
      }
    grid = std::move(next);
  }
  return grid;
}

RunConfig apply_point(const RunConfig& base, const SweepPoint& point, const std::string& source) {
  RunConfig c = base;
  for (const auto& [key, value] : point) {
    set_config_key(c, key, value, source + ": sweep");
    c.explicit_keys.push_back(key);
  }
  neutralise_unset_keys(c);
  std::string where = source + ": sweep point";
  for (const auto& [key, value] : point) where += " " + key + "=" + value_text(value);
  check_consistency(c, where);
  return c;
}

std::string value_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

}  // namespace smearpress

