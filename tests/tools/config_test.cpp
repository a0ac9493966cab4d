#include "../catch.hpp"

#include "config/config.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

using smearpress::ConfigError;
using smearpress::parse_config;

namespace {

// The message of the ConfigError that parsing `text` throws.
std::string error_of(const std::string& text) {
  try {
    parse_config(text, "test.json");
  } catch (const ConfigError& e) {
    return e.what();
  }
  FAIL("no error for: " << text);
  return {};
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("the shipped configs parse field by field", "[config]") {
  const auto seed = smearpress::load_config(SMEARPRESS_SOURCE_DIR "/configs/seed.json");
  REQUIRE(seed.name == "seed");
  REQUIRE(seed.settings.detect.blur_ksize == 5);
  REQUIRE(seed.settings.detect.min_area_frac == Approx(0.002));
  REQUIRE(seed.settings.detect.max_area_frac == Approx(0.9));
  REQUIRE(seed.settings.detect.min_circularity == Approx(0.1));
  REQUIRE(seed.settings.detect.dilate_px == 15);
  REQUIRE(seed.settings.feather_px == 8);
  REQUIRE(seed.settings.codec.quant_step == 60);
  REQUIRE(seed.settings.codec.levels == 1);
  REQUIRE(seed.settings.detect.method == roi::Method::kSaturation);
  REQUIRE(seed.settings.detect.select == roi::Select::kBest);
  const auto def = smearpress::load_config(SMEARPRESS_SOURCE_DIR "/configs/default.json");
  REQUIRE(def.name == "default");
  REQUIRE(def.settings.detect.method == roi::Method::kStain);
  REQUIRE(def.settings.detect.select == roi::Select::kAll);
  REQUIRE_FALSE(def.settings.detect.platelets);
  const auto base = smearpress::load_config(SMEARPRESS_SOURCE_DIR "/configs/base-paper.json");
  REQUIRE(base.settings.detect.method == roi::Method::kNone);
  REQUIRE(base.settings.codec.background_method == codec::BackgroundMethod::kHaarPivotHuffman);
  REQUIRE(base.settings.codec.bands == codec::Bands::kAll);
  REQUIRE(base.settings.codec.quant_step == 1);
  REQUIRE(base.settings.codec.pivot_block == 3);
  REQUIRE(base.settings.codec.pivot == codec::PivotRule::kUpperLeft);
}

TEST_CASE("pivot keys belong to haar-pivot-huffman, all four bands to one level", "[config]") {
  const auto error_of = [](const char* text) {
    try {
      parse_config(text, "p.json");
    } catch (const smearpress::ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(contains(error_of(R"({"codec": {"pivot_block": 3}})"), "need codec.background \"haar-pivot-huffman\""));
  CHECK(contains(error_of(R"({"codec": {"background": "haar-pivot-huffman", "bands": "all", "levels": 2}})"),
                 "codec.levels"));
  CHECK(contains(error_of(R"({"codec": {"background": "haar-pivot-huffman", "pivot": "mode"}})"),
                 "codec.pivot: expected one of \"upper-left\", \"mean\", \"median\""));
  CHECK(contains(error_of(R"({"codec": {"background": "haar-pivot-huffman", "pivot_block": 65}})"),
                 "codec.pivot_block: expected an integer in 1..64"));
  CHECK(error_of(R"({"codec": {"background": "haar-pivot-huffman", "bands": "all", "pivot": "median"}})") ==
        "accepted");
}

TEST_CASE("the built-in defaults are configs/default.json", "[config]") {
  const auto def = smearpress::load_config(SMEARPRESS_SOURCE_DIR "/configs/default.json");
  nlohmann::json builtin = smearpress::to_json(smearpress::RunConfig{});
  nlohmann::json file = smearpress::to_json(def);
  builtin.erase("name");
  file.erase("name");
  CHECK(builtin.dump(2) == file.dump(2));
  // Every setting of the file, not only those the JSON shows, reaches the same struct.
  const smearpress::Settings s;
  CHECK(s.detect.method == def.settings.detect.method);
  CHECK(s.detect.margin_rbc == def.settings.detect.margin_rbc);
  CHECK(s.detect.downsample == def.settings.detect.downsample);
  CHECK(s.feather_px == def.settings.feather_px);
  CHECK(s.codec.background_method == def.settings.codec.background_method);
  CHECK(s.codec.roi_method == def.settings.codec.roi_method);
  CHECK(s.codec.mask_method == def.settings.codec.mask_method);
  CHECK(s.codec.chroma_step == def.settings.codec.chroma_step);
}

TEST_CASE("a background chosen without its keys gets their neutral values", "[config]") {
  const auto paper = parse_config(R"({"codec": {"background": "haar-ll-huffman"}})", "t.json").settings.codec;
  CHECK(paper.colour == codec::BackgroundColour::kChannels);
  CHECK(paper.chroma_levels == 0);
  CHECK(paper.chroma_step == 0);
  CHECK(paper.upsample == codec::Upsample::kHaar);
  CHECK(paper.levels == smearpress::Settings{}.codec.levels);
  // A wavelet key the config sets itself is still refused with that background.
  CHECK(contains(error_of(R"({"codec": {"background": "haar-ll-huffman", "colour": "ycocg"}})"),
                 "takes no codec.colour"));
  // A sweep point that picks the paper's background over the defaults is consistent too.
  const auto swept = parse_config(R"({"sweep": {"codec.background": ["haar-ll-huffman", "wavelet-rans"]}})", "t.json");
  for (const auto& point : smearpress::sweep_grid(swept)) CHECK_NOTHROW(smearpress::apply_point(swept, point, "t.json"));
}

TEST_CASE("keys left out keep their defaults", "[config]") {
  const auto s = parse_config(R"({"codec": {"quant_step": 30}})", "test.json").settings;
  REQUIRE(s.codec.quant_step == 30);
  REQUIRE(s.codec.levels == smearpress::Settings{}.codec.levels);
  REQUIRE(s.detect.blur_ksize == smearpress::Settings{}.detect.blur_ksize);
  REQUIRE(parse_config("{}", "x").settings.feather_px == smearpress::Settings{}.feather_px);
  REQUIRE(parse_config("{}", "x").dumps.panels == smearpress::PanelMode::kWorst);
}

TEST_CASE("config errors name the key path and what is allowed", "[config]") {
  SECTION("unknown key in a section") {
    const auto e = error_of(R"({"roi": {"blur": 5}})");
    REQUIRE(contains(e, "test.json"));
    REQUIRE(contains(e, "'roi.blur'"));
    REQUIRE(contains(e, "blur_ksize"));  // lists what is allowed
  }
  SECTION("unknown top-level key") {
    const auto e = error_of(R"({"codex": {}})");
    REQUIRE(contains(e, "'codex'"));
    REQUIRE(contains(e, "codec"));
  }
  SECTION("wrong type") {
    const auto e = error_of(R"({"codec": {"quant_step": "60"}})");
    REQUIRE(contains(e, "codec.quant_step"));
    REQUIRE(contains(e, "integer"));
    REQUIRE(contains(e, "string"));
  }
  SECTION("a float where an integer is needed") {
    REQUIRE(contains(error_of(R"({"codec": {"levels": 1.5}})"), "codec.levels"));
  }
  SECTION("out of range") {
    const auto e = error_of(R"({"codec": {"levels": 9}})");
    REQUIRE(contains(e, "codec.levels"));
    REQUIRE(contains(e, "1..8"));
  }
  SECTION("even blur kernel") {
    REQUIRE(contains(error_of(R"({"roi": {"blur_ksize": 4}})"), "roi.blur_ksize"));
  }
  SECTION("negative fraction") {
    REQUIRE(contains(error_of(R"({"roi": {"min_circularity": -0.1}})"), "roi.min_circularity"));
  }
  SECTION("a section that is not an object") {
    REQUIRE(contains(error_of(R"({"roi": 5})"), "roi"));
  }
  SECTION("inconsistent area bounds") {
    REQUIRE(contains(error_of(R"({"roi": {"min_area_frac": 0.5, "max_area_frac": 0.1}})"),
                     "roi.min_area_frac"));
  }
  SECTION("malformed JSON gives line and column") {
    const auto e = error_of("{\n  \"roi\": {\n    \"blur_ksize\": 5,\n  }\n}");
    REQUIRE(contains(e, "test.json:4:"));
    REQUIRE(contains(e, "invalid JSON"));
  }
  SECTION("a boolean key takes only booleans") {
    REQUIRE(contains(error_of(R"({"roi": {"method": "stain", "platelets": 1}})"), "roi.platelets"));
  }
  SECTION("an enum lists its values") {
    const auto e = error_of(R"({"roi": {"method": "otsu"}})");
    REQUIRE(contains(e, "roi.method"));
    REQUIRE(contains(e, "\"stain\""));
  }
  SECTION("platelets need the stain method") {
    REQUIRE(contains(error_of(R"({"roi": {"method": "saturation", "platelets": true}})"), "roi.platelets"));
  }
  SECTION("downsampling is 1, 2 or 4") {
    REQUIRE(contains(error_of(R"({"roi": {"downsample": 3}})"), "1, 2, 4"));
  }
  SECTION("not an object at the top") {
    REQUIRE(contains(error_of("[1, 2]"), "top level"));
  }
}

TEST_CASE("set_config_key validates like a file and to_json lists every key", "[config]") {
  smearpress::RunConfig s;
  smearpress::set_config_key(s, "codec.quant_step", 90, "sweep");
  REQUIRE(s.settings.codec.quant_step == 90);
  smearpress::set_config_key(s, "dumps.panels", "all", "x");
  REQUIRE(s.dumps.panels == smearpress::PanelMode::kAll);
  REQUIRE_THROWS_AS(smearpress::set_config_key(s, "codec.nope", 1, "sweep"), ConfigError);
  const auto j = smearpress::to_json(s);
  REQUIRE(j["codec"]["quant_step"] == 90);
  for (const auto& key : smearpress::config_keys()) {
    std::string pointer = key;
    std::replace(pointer.begin(), pointer.end(), '.', '/');
    pointer.insert(pointer.begin(), '/');
    REQUIRE(j.contains(nlohmann::json::json_pointer(pointer)));
  }
  // The effective config round-trips through the parser.
  const auto again = parse_config(j.dump(), "roundtrip");
  REQUIRE(smearpress::to_json(again) == j);
}

TEST_CASE("sweeps expand to the grid and validate every value", "[config][sweep]") {
  const auto c = parse_config(
      R"({"sweep": {"codec.quant_step": [30, 60, 90], "roi.dilate_px": [5, 15]}})", "s.json");
  REQUIRE(c.sweep.size() == 2);
  const auto grid = smearpress::sweep_grid(c);
  REQUIRE(grid.size() == 6);
  REQUIRE(grid[0][0].second == 30);
  REQUIRE(grid[0][1].second == 5);
  REQUIRE(grid[1][1].second == 15);  // the last axis varies fastest
  REQUIRE(grid[5][0].second == 90);
  const auto applied = smearpress::apply_point(c, grid[5], "s.json");
  REQUIRE(applied.settings.codec.quant_step == 90);
  REQUIRE(applied.settings.detect.dilate_px == 15);
  REQUIRE(smearpress::sweep_grid(parse_config("{}", "x")).size() == 1);

  SECTION("an unknown key names it") {
    const auto e = error_of(R"({"sweep": {"codec.quant_stepp": [1, 2]}})");
    REQUIRE(contains(e, "codec.quant_stepp"));
    REQUIRE(contains(e, "codec.quant_step"));  // lists what is allowed
  }
  SECTION("a bad value names the key and its position") {
    const auto e = error_of(R"({"sweep": {"codec.levels": [1, 12]}})");
    REQUIRE(contains(e, "sweep.codec.levels[1]"));
    REQUIRE(contains(e, "1..8"));
  }
  SECTION("not an array") {
    REQUIRE(contains(error_of(R"({"sweep": {"codec.levels": 2}})"), "sweep.codec.levels"));
  }
  SECTION("an empty array") {
    REQUIRE(contains(error_of(R"({"sweep": {"codec.levels": []}})"), "non-empty"));
  }
  SECTION("keys that are not pipeline parameters cannot be swept") {
    REQUIRE(contains(error_of(R"({"sweep": {"dumps.count": [1, 2]}})"), "cannot be swept"));
  }
  SECTION("an inconsistent combination is caught at load time") {
    REQUIRE(contains(error_of(R"({"roi": {"max_area_frac": 0.3}, "sweep": {"roi.min_area_frac": [0.1, 0.5]}})"),
                     "roi.min_area_frac"));
  }
}
