// keys.cpp - the table of config keys and the checks each kind of key makes (keys.hpp). Bounds
// are the libraries' own (codec/format.hpp, roi/detect.hpp).
#include "config/keys.hpp"

#include <codec/tiled.hpp>

#include <codec/format.hpp>
#include <roi/detect.hpp>

#include <algorithm>
#include <cstdio>

namespace smearpress::config_detail {

std::string describe(const json& v) {
  std::string s = v.dump();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s + " (" + v.type_name() + ")";
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

namespace {

template <class Get>
KeySpec integer(std::string path, int lo, int hi, Get member, bool odd = false) {
  std::string expected = std::string(odd ? "an odd integer" : "an integer") + " in " +
                         std::to_string(lo) + ".." + std::to_string(hi);
  return {std::move(path), expected, true,
          [=](RunConfig& c, const json& v) {
            if (!v.is_number_integer()) throw BadValue{expected};
            const auto x = v.get<long long>();
            if (x < lo || x > hi || (odd && x % 2 == 0)) throw BadValue{expected};
            member(c) = static_cast<int>(x);
          },
          [=](const RunConfig& c) { return json(member(c)); }};
}

// An integer within libroi's bounds for the field (roi/detect.hpp).
template <class Get>
KeySpec integer(std::string path, roi::Bounds b, Get member, bool odd = false) {
  return integer(std::move(path), static_cast<int>(b.lo), static_cast<int>(b.hi), member, odd);
}

template <class Get>
KeySpec integer_in(std::string path, std::vector<int> allowed, Get member) {
  std::string expected = "one of the integers";
  for (std::size_t i = 0; i < allowed.size(); ++i) expected += (i ? ", " : " ") + std::to_string(allowed[i]);
  return {std::move(path), expected, true,
          [=](RunConfig& c, const json& v) {
            if (!v.is_number_integer()) throw BadValue{expected};
            const auto x = v.get<long long>();
            if (std::find(allowed.begin(), allowed.end(), x) == allowed.end()) throw BadValue{expected};
            member(c) = static_cast<int>(x);
          },
          [=](const RunConfig& c) { return json(member(c)); }};
}

// A number within libroi's bounds for the field (roi/detect.hpp).
template <class Get>
KeySpec number(std::string path, roi::Bounds b, Get member) {
  std::string expected = "a number in " + std::string(b.open_lo ? "(" : "[") + num(b.lo) + ", " + num(b.hi) + "]";
  return {std::move(path), expected, true,
          [=](RunConfig& c, const json& v) {
            if (!v.is_number()) throw BadValue{expected};
            const double x = v.get<double>();
            if (!b.contains(x)) throw BadValue{expected};
            member(c) = x;
          },
          [=](const RunConfig& c) { return json(member(c)); }};
}

// A string chosen from `names`, mapped onto `values`.
template <class T, class Get>
KeySpec choice(std::string path, std::vector<std::pair<std::string, T>> options, Get member,
               bool sweepable) {
  std::string expected = "one of";
  for (std::size_t i = 0; i < options.size(); ++i)
    expected += (i ? ", \"" : " \"") + options[i].first + "\"";
  return {std::move(path), expected, sweepable,
          [=](RunConfig& c, const json& v) {
            if (v.is_string())
              for (const auto& [name, value] : options)
                if (name == v.get<std::string>()) {
                  member(c) = value;
                  return;
                }
            throw BadValue{expected};
          },
          [=](const RunConfig& c) {
            for (const auto& [name, value] : options)
              if (value == member(c)) return json(name);
            return json();
          }};
}

// The choices of a coder family: the names in libcodec's table (codec/methods.hpp).
template <class Method>
std::vector<std::pair<std::string, Method>> method_choices() {
  std::vector<std::pair<std::string, Method>> options;
  for (const std::string& name : codec::method_names<Method>()) options.emplace_back(name, *codec::from_string<Method>(name));
  return options;
}

// The name of the first background method that has `trait` (codec/methods.hpp).
template <class Get>
KeySpec boolean(std::string path, Get member) {
  return {std::move(path), "true or false", true,
          [=](RunConfig& c, const json& v) {
            if (!v.is_boolean()) throw BadValue{"true or false"};
            member(c) = v.get<bool>();
          },
          [=](const RunConfig& c) { return json(member(c)); }};
}

// codec.tile: 0 (never tile) or a tile side the tiled format allows (codec/tiled.hpp).
template <class Get>
KeySpec tile_side(std::string path, Get member) {
  namespace t = codec::tiled;
  const std::string expected = "0 (never tile) or a multiple of " + std::to_string(t::kTileAlign) + " in " +
                               std::to_string(t::kMinTile) + ".." + std::to_string(t::kMaxTile);
  return {std::move(path), expected, true,
          [=](RunConfig& c, const json& v) {
            if (!v.is_number_integer()) throw BadValue{expected};
            const auto x = v.get<long long>();
            if (x != 0 && (x < t::kMinTile || x > t::kMaxTile || x % t::kTileAlign != 0)) throw BadValue{expected};
            member(c) = static_cast<int>(x);
          },
          [=](const RunConfig& c) { return json(member(c)); }};
}

KeySpec not_sweepable(KeySpec k) {
  k.sweepable = false;
  return k;
}

// The ROI coders a config can name: the pixel coders. The DCT-domain one (jpeg-dct) is not
// chosen by name: a JPEG source takes it when codec.jpeg_roi is "dct".
std::vector<std::pair<std::string, codec::RoiMethod>> pixel_roi_choices() {
  std::vector<std::pair<std::string, codec::RoiMethod>> options;
  for (const auto& [name, m] : method_choices<codec::RoiMethod>())
    if (!codec::traits(m).dct_domain) options.emplace_back(name, m);
  return options;
}

}  // namespace

std::string background_with(bool codec::BackgroundTraits::*trait) {
  for (const std::string& name : codec::method_names<codec::BackgroundMethod>())
    if (codec::traits(*codec::from_string<codec::BackgroundMethod>(name)).*trait) return name;
  return {};
}

const std::vector<KeySpec>& specs() {
  static const std::vector<KeySpec> k = {
      {"name", "a string", false,
       [](RunConfig& c, const json& v) {
         if (!v.is_string()) throw BadValue{"a string"};
         c.name = v.get<std::string>();
       },
       [](const RunConfig& c) { return json(c.name); }},
      choice<roi::Method>("roi.method", {{"saturation", roi::Method::kSaturation}, {"stain", roi::Method::kStain},
                                         {"none", roi::Method::kNone}, {"all", roi::Method::kAll}},
                          [](auto& c) -> auto& { return c.settings.detect.method; }, true),
      choice<roi::Select>("roi.select", {{"best", roi::Select::kBest}, {"all", roi::Select::kAll}},
                          [](auto& c) -> auto& { return c.settings.detect.select; }, true),
      integer("roi.blur_ksize", roi::bounds::kBlurKsize, [](auto& c) -> auto& { return c.settings.detect.blur_ksize; }, true),
      number("roi.min_area_frac", roi::bounds::kMinAreaFrac, [](auto& c) -> auto& { return c.settings.detect.min_area_frac; }),
      number("roi.max_area_frac", roi::bounds::kMaxAreaFrac, [](auto& c) -> auto& { return c.settings.detect.max_area_frac; }),
      number("roi.min_circularity", roi::bounds::kMinCircularity, [](auto& c) -> auto& { return c.settings.detect.min_circularity; }),
      integer("roi.dilate_px", roi::bounds::kDilatePx, [](auto& c) -> auto& { return c.settings.detect.dilate_px; }),
      number("roi.min_stain", roi::bounds::kMinStain, [](auto& c) -> auto& { return c.settings.detect.min_stain; }),
      number("roi.nucleus_min_rbc", roi::bounds::kNucleusMinRbc, [](auto& c) -> auto& { return c.settings.detect.nucleus_min_rbc; }),
      number("roi.platelet_min_rbc", roi::bounds::kPlateletMinRbc, [](auto& c) -> auto& { return c.settings.detect.platelet_min_rbc; }),
      boolean("roi.platelets", [](auto& c) -> auto& { return c.settings.detect.platelets; }),
      choice<roi::Outline>("roi.outline", {{"hull", roi::Outline::kHull}, {"shape", roi::Outline::kShape}},
                           [](auto& c) -> auto& { return c.settings.detect.outline; }, true),
      number("roi.margin_rbc", roi::bounds::kMarginRbc, [](auto& c) -> auto& { return c.settings.detect.margin_rbc; }),
      integer_in("roi.downsample", {std::begin(roi::bounds::kDownsample), std::end(roi::bounds::kDownsample)}, [](auto& c) -> auto& { return c.settings.detect.downsample; }),
      integer("roi.feather_px", 0, codec::kMaxFeather, [](auto& c) -> auto& { return c.settings.feather_px; }),
      choice<codec::BackgroundMethod>("codec.background", method_choices<codec::BackgroundMethod>(),
                                      [](auto& c) -> auto& { return c.settings.codec.background_method; }, true),
      integer("codec.quant_step", 1, codec::kMaxQuantStep, [](auto& c) -> auto& { return c.settings.codec.quant_step; }),
      integer("codec.levels", 1, codec::kMaxLevels, [](auto& c) -> auto& { return c.settings.codec.levels; }),
      choice<codec::BackgroundColour>("codec.colour",
                                      {{"channels", codec::BackgroundColour::kChannels},
                                       {"ycocg", codec::BackgroundColour::kYCoCg}},
                                      [](auto& c) -> auto& { return c.settings.codec.colour; }, true),
      integer("codec.chroma_levels", 0, codec::kMaxLevels - 1, [](auto& c) -> auto& { return c.settings.codec.chroma_levels; }),
      integer("codec.chroma_step", 0, codec::kMaxQuantStep, [](auto& c) -> auto& { return c.settings.codec.chroma_step; }),
      integer("codec.detail_step", 0, codec::kMaxQuantStep, [](auto& c) -> auto& { return c.settings.codec.detail_step; }),
      choice<codec::Upsample>("codec.upsample", {{"haar", codec::Upsample::kHaar}, {"smooth", codec::Upsample::kSmooth}},
                              [](auto& c) -> auto& { return c.settings.codec.upsample; }, true),
      choice<codec::Bands>("codec.bands", {{"ll", codec::Bands::kLL}, {"all", codec::Bands::kAll}},
                           [](auto& c) -> auto& { return c.settings.codec.bands; }, true),
      integer("codec.pivot_block", 1, codec::kMaxPivotBlock, [](auto& c) -> auto& { return c.settings.codec.pivot_block; }),
      choice<codec::PivotRule>("codec.pivot",
                               {{"upper-left", codec::PivotRule::kUpperLeft},
                                {"mean", codec::PivotRule::kMean},
                                {"median", codec::PivotRule::kMedian}},
                               [](auto& c) -> auto& { return c.settings.codec.pivot; }, true),
      choice<codec::MaskMethod>("codec.mask", method_choices<codec::MaskMethod>(),
                                [](auto& c) -> auto& { return c.settings.codec.mask_method; }, true),
      choice<codec::RoiMethod>("codec.roi", pixel_roi_choices(),
                               [](auto& c) -> auto& { return c.settings.codec.roi_method; }, true),
      choice<bool>("codec.jpeg_roi", {{"dct", true}, {"pixels", false}},
                   [](auto& c) -> auto& { return c.settings.jpeg_dct; }, true),
      tile_side("codec.tile", [](auto& c) -> auto& { return c.settings.tile; }),
      choice<PanelMode>("dumps.panels",
                        {{"worst", PanelMode::kWorst}, {"all", PanelMode::kAll}, {"none", PanelMode::kNone}},
                        [](auto& c) -> auto& { return c.dumps.panels; }, false),
      not_sweepable(integer("dumps.count", 1, 100000, [](auto& c) -> auto& { return c.dumps.count; })),
  };
  return k;
}

const KeySpec* find_spec(const std::string& path) {
  for (const auto& k : specs())
    if (k.path == path) return &k;
  return nullptr;
}

}  // namespace smearpress::config_detail
