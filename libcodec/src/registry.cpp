// registry.cpp - the table of every coder family: each method's name, traits and functions.
// Adding a method means adding its row here (and its enum value and byte layout in
// codec/format.hpp); the container's bounds, the names, the header rules, the encoder, decoder
// and inspect all follow from these tables.
#include "registry.hpp"

#include "background_ll_huffman.hpp"
#include "background_pivot.hpp"
#include "background_wavelet.hpp"
#include "mask_rle_gamma.hpp"
#include "mask_row_delta.hpp"
#include "roi_context_rans.hpp"
#include "roi_jpeg_dct.hpp"
#include "roi_med_huffman.hpp"
#include "roi_weighted.hpp"

#include <codec/error.hpp>

#include <span>
#include <string>

namespace codec {
namespace {

// Table order is the order of the names in the tools' choice lists.
const BackgroundCoder kBackgroundCoders[] = {
    // name, method, wavelet_fields, pivot_fields, skips_hidden
    {{"haar-ll-huffman", BackgroundMethod::kHaarLLHuffman, false, false, false}, &kHaarLLHuffmanOps},
    {{"wavelet-rans", BackgroundMethod::kWaveletRans, true, false, true}, &kWaveletRansOps},
    {{"haar-pivot-huffman", BackgroundMethod::kHaarPivotHuffman, false, true, false}, &kHaarPivotHuffmanOps},
};
const RoiCoder kRoiCoders[] = {
    {{"rct-med-huffman", RoiMethod::kMedHuffman}, &kMedHuffmanOps},
    {{"ycocg-med-rans", RoiMethod::kContextRans}, &kContextRansOps},
    {{"ycocg-weighted-rans", RoiMethod::kWeightedRans}, &kWeightedRansOps},
    {{"jpeg-dct", RoiMethod::kJpegDct, true}, &kJpegDctOps},
};
const MaskCoder kMaskCoders[] = {
    {{"rle-gamma", MaskMethod::kRunLengthGamma}, &kRunLengthGammaOps},
    {{"row-delta", MaskMethod::kRowDelta}, &kRowDeltaOps},
};

template <class Coder>
const Coder* find(std::span<const Coder> table, std::uint8_t id) {
  for (const Coder& c : table)
    if (static_cast<std::uint8_t>(c.traits.id) == id) return &c;
  return nullptr;
}

template <class Coder>
const Coder& get(std::span<const Coder> table, std::uint8_t id, const char* family) {
  if (const Coder* c = find(table, id)) return *c;
  throw Error(ErrorCode::kUnsupported, std::string("unknown ") + family + " " + std::to_string(id));
}

template <class Coder>
const char* name_of(std::span<const Coder> table, std::uint8_t id) {
  const Coder* c = find(table, id);
  return c ? c->traits.name : "unknown";
}

template <class Method, class Coder>
std::vector<std::string> names_of(std::span<const Coder> table) {
  std::vector<std::string> names;
  for (const Coder& c : table) names.emplace_back(c.traits.name);
  return names;
}

template <class Method, class Coder>
std::optional<Method> parse(std::span<const Coder> table, std::string_view name) {
  for (const Coder& c : table)
    if (name == c.traits.name) return c.traits.id;
  return std::nullopt;
}

template <class Enum>
std::uint8_t byte(Enum e) {
  return static_cast<std::uint8_t>(e);
}

// The names of the header's other enums, indexed by value.
template <std::size_t N>
const char* pick(const char* const (&names)[N], std::uint8_t v) {
  return v < N ? names[v] : "unknown";
}

}  // namespace

const BackgroundCoder* find_background_coder(std::uint8_t id) { return find<BackgroundCoder>(kBackgroundCoders, id); }
const RoiCoder* find_roi_coder(std::uint8_t id) { return find<RoiCoder>(kRoiCoders, id); }
const MaskCoder* find_mask_coder(std::uint8_t id) { return find<MaskCoder>(kMaskCoders, id); }

const BackgroundCoder& coder(BackgroundMethod m) { return get<BackgroundCoder>(kBackgroundCoders, byte(m), "background method"); }
const RoiCoder& coder(RoiMethod m) { return get<RoiCoder>(kRoiCoders, byte(m), "ROI pixel method"); }
const MaskCoder& coder(MaskMethod m) { return get<MaskCoder>(kMaskCoders, byte(m), "mask method"); }

const BackgroundTraits& traits(BackgroundMethod m) { return coder(m).traits; }
const RoiTraits& traits(RoiMethod m) { return coder(m).traits; }
const MaskTraits& traits(MaskMethod m) { return coder(m).traits; }

template <>
std::vector<std::string> method_names<BackgroundMethod>() { return names_of<BackgroundMethod, BackgroundCoder>(kBackgroundCoders); }
template <>
std::vector<std::string> method_names<RoiMethod>() { return names_of<RoiMethod, RoiCoder>(kRoiCoders); }
template <>
std::vector<std::string> method_names<MaskMethod>() { return names_of<MaskMethod, MaskCoder>(kMaskCoders); }

template <>
std::optional<BackgroundMethod> from_string<BackgroundMethod>(std::string_view name) {
  return parse<BackgroundMethod, BackgroundCoder>(kBackgroundCoders, name);
}
template <>
std::optional<RoiMethod> from_string<RoiMethod>(std::string_view name) { return parse<RoiMethod, RoiCoder>(kRoiCoders, name); }
template <>
std::optional<MaskMethod> from_string<MaskMethod>(std::string_view name) { return parse<MaskMethod, MaskCoder>(kMaskCoders, name); }

const char* to_string(BackgroundMethod m) noexcept { return name_of<BackgroundCoder>(kBackgroundCoders, byte(m)); }
const char* to_string(RoiMethod m) noexcept { return name_of<RoiCoder>(kRoiCoders, byte(m)); }
const char* to_string(MaskMethod m) noexcept { return name_of<MaskCoder>(kMaskCoders, byte(m)); }

const char* to_string(Bands b) noexcept { return pick({"ll", "all"}, byte(b)); }
const char* to_string(PivotRule p) noexcept { return pick({"upper-left", "mean", "median"}, byte(p)); }
const char* to_string(BackgroundColour c) noexcept { return pick({"channels", "ycocg"}, byte(c)); }
const char* to_string(Upsample u) noexcept { return pick({"haar", "smooth"}, byte(u)); }

}  // namespace codec
