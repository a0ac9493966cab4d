// codec/methods.hpp - the coding methods this build knows, by family (background, ROI pixels,
// mask): their names and traits, read from the one table of each family (src/registry.cpp).
#pragma once

#include <codec/format.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace codec {

/// What a background method reads from the header and what it can do.
struct BackgroundTraits {
  const char* name;
  BackgroundMethod id;
  bool wavelet_fields;  ///< uses colour, chroma_levels, chroma_step, detail_step and upsample
  bool pivot_fields;    ///< uses bands, pivot_block and pivot (stored at the start of BKGD)
  bool skips_hidden;    ///< spends nothing on background hidden under the ROI (weight 1)
};

struct RoiTraits {
  const char* name;
  RoiMethod id;
  /// Codes a JPEG source's own DCT coefficients (codec/jpeg_blocks.hpp) instead of pixels:
  /// encode needs them, and the file is format version 3.
  bool dct_domain = false;
};

struct MaskTraits {
  const char* name;
  MaskMethod id;
};

/// The traits of a known method. Throws Error(kUnsupported) for a value outside the table.
const BackgroundTraits& traits(BackgroundMethod m);
const RoiTraits& traits(RoiMethod m);
const MaskTraits& traits(MaskMethod m);

/// The names of a family's methods in table order, e.g. method_names<RoiMethod>().
template <class Method>
std::vector<std::string> method_names();

/// The method called `name` (as to_string gives it), or nothing.
template <class Method>
std::optional<Method> from_string(std::string_view name);

template <> std::vector<std::string> method_names<BackgroundMethod>();
template <> std::vector<std::string> method_names<RoiMethod>();
template <> std::vector<std::string> method_names<MaskMethod>();
template <> std::optional<BackgroundMethod> from_string<BackgroundMethod>(std::string_view name);
template <> std::optional<RoiMethod> from_string<RoiMethod>(std::string_view name);
template <> std::optional<MaskMethod> from_string<MaskMethod>(std::string_view name);

}  // namespace codec
