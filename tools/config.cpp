#include "config.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <fstream>
#include <sstream>

namespace smearpress {
namespace {

using nlohmann::json;

// A value failed its check; the caller adds the source and key path.
struct BadValue {
  std::string expected;
};

std::string describe(const json& v) {
  std::string s = v.dump();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s + " (" + v.type_name() + ")";
}

struct KeySpec {
  std::string path;      // dotted
  std::string expected;  // human description of the allowed values
  std::function<void(Settings&, const json&)> set;
  std::function<json(const Settings&)> get;
};

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Each key is defined by an accessor `[](auto& s) -> auto& { return s.field; }` that serves
// both for setting (Settings&) and reading (const Settings&).
template <class Get>
KeySpec integer(std::string path, int lo, int hi, Get member, bool odd = false) {
  std::string expected = std::string(odd ? "an odd integer" : "an integer") + " in " +
                         std::to_string(lo) + ".." + std::to_string(hi);
  return {std::move(path), expected,
          [=](Settings& s, const json& v) {
            if (!v.is_number_integer()) throw BadValue{expected};
            const auto x = v.get<long long>();
            if (x < lo || x > hi || (odd && x % 2 == 0)) throw BadValue{expected};
            member(s) = static_cast<int>(x);
          },
          [=](const Settings& s) { return json(member(s)); }};
}

template <class Get>
KeySpec number(std::string path, double lo, double hi, Get member, bool open_lo = false) {
  std::string expected =
      "a number in " + std::string(open_lo ? "(" : "[") + num(lo) + ", " + num(hi) + "]";
  return {std::move(path), expected,
          [=](Settings& s, const json& v) {
            if (!v.is_number()) throw BadValue{expected};
            const double x = v.get<double>();
            if (!(x >= lo && x <= hi) || (open_lo && x == lo)) throw BadValue{expected};
            member(s) = x;
          },
          [=](const Settings& s) { return json(member(s)); }};
}

template <class Get>
KeySpec text(std::string path, Get member) {
  return {std::move(path), "a string",
          [=](Settings& s, const json& v) {
            if (!v.is_string()) throw BadValue{"a string"};
            member(s) = v.get<std::string>();
          },
          [=](const Settings& s) { return json(member(s)); }};
}

const std::vector<KeySpec>& specs() {
  static const std::vector<KeySpec> k = {
      text("name", [](auto& s) -> auto& { return s.name; }),
      integer("roi.blur_ksize", 1, 99, [](auto& s) -> auto& { return s.detect.blur_ksize; }, true),
      number("roi.min_area_frac", 0.0, 1.0, [](auto& s) -> auto& { return s.detect.min_area_frac; }),
      number("roi.max_area_frac", 0.0, 1.0, [](auto& s) -> auto& { return s.detect.max_area_frac; }, true),
      number("roi.min_circularity", 0.0, 1.0, [](auto& s) -> auto& { return s.detect.min_circularity; }),
      integer("roi.dilate_px", 0, 500, [](auto& s) -> auto& { return s.detect.dilate_px; }),
      integer("roi.feather_px", 0, 255, [](auto& s) -> auto& { return s.feather_px; }),
      integer("codec.quant_step", 1, 65535, [](auto& s) -> auto& { return s.codec.quant_step; }),
      integer("codec.levels", 1, 8, [](auto& s) -> auto& { return s.codec.levels; }),
  };
  return k;
}

// Keys that may appear but carry no setting.
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
  if (prefix.empty()) names.push_back("description");
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

bool is_section(const std::string& path) {
  for (const auto& k : specs())
    if (k.path.rfind(path + ".", 0) == 0) return true;
  return false;
}

void walk(Settings& s, const json& obj, const std::string& prefix, const std::string& source) {
  for (const auto& [key, value] : obj.items()) {
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (prefix.empty() && is_comment_key(path)) continue;
    if (is_section(path)) {
      if (!value.is_object())
        throw ConfigError(source + ": " + path + ": expected an object with keys " +
                          allowed_under(path) + ", got " + describe(value));
      walk(s, value, path, source);
      continue;
    }
    set_config_key(s, path, value, source);
  }
}

void check_consistency(const Settings& s, const std::string& source) {
  if (s.detect.min_area_frac > s.detect.max_area_frac)
    throw ConfigError(source + ": roi.min_area_frac: " + std::to_string(s.detect.min_area_frac) +
                      " exceeds roi.max_area_frac " + std::to_string(s.detect.max_area_frac));
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

void set_config_key(Settings& settings, const std::string& dotted_path, const json& value,
                    const std::string& source) {
  for (const auto& k : specs()) {
    if (k.path != dotted_path) continue;
    try {
      k.set(settings, value);
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

Settings parse_config(std::string_view text, const std::string& source) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    auto [line, col] = line_column(text, e.byte == 0 ? 0 : e.byte - 1);
    std::string msg = e.what();
    // nlohmann's message starts with "[json.exception.parse_error.101] parse error at line ...";
    // keep only the part after the last ": ".
    if (auto p = msg.rfind(": "); p != std::string::npos) msg = msg.substr(p + 2);
    throw ConfigError(source + ":" + std::to_string(line) + ":" + std::to_string(col) +
                      ": invalid JSON: " + msg);
  }
  if (!doc.is_object())
    throw ConfigError(source + ": expected a JSON object at the top level, got " + describe(doc));
  Settings s;
  walk(s, doc, "", source);
  check_consistency(s, source);
  return s;
}

Settings load_config(const std::filesystem::path& path) {
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

json to_json(const Settings& settings) {
  json out = json::object();
  for (const auto& k : specs()) {
    json* node = &out;
    std::string path = k.path;
    for (auto dot = path.find('.'); dot != std::string::npos; dot = path.find('.')) {
      node = &(*node)[path.substr(0, dot)];
      path = path.substr(dot + 1);
    }
    (*node)[path] = k.get(settings);
  }
  return out;
}

}  // namespace smearpress
