// registry.hpp - one interface per coder family (background, ROI pixels, mask) and one table of
// each (registry.cpp). Encoder, decoder, inspect and the container look methods up here;
// nothing else switches on a method. A method lives in its own .hpp/.cpp pair that defines its
// functions (e.g. roi_med_huffman.cpp defines kMedHuffmanOps); registry.cpp lists it with its
// name and traits.
#pragma once

#include "bit_io.hpp"
#include "byte_io.hpp"
#include "plane.hpp"

#include <codec/format.hpp>
#include <codec/image.hpp>
#include <codec/jpeg_blocks.hpp>
#include <codec/methods.hpp>

#include <cstdint>

namespace codec {

/// The exact pixels of the mask's bounding box: inside the mask the stored values, elsewhere
/// the background. Empty (box and image) when the mask is.
struct ExactPixels {
  Box box;
  Image pixels;
};

/// The functions of a BKGD coder.
struct BackgroundOps {
  /// Writes the BKGD payload for `image` as `header` says and sets `background` to what the
  /// decoder will reconstruct, at least within `needed` (the pixels the ROI coder reads).
  /// `hidden` is null unless the method's traits say skips_hidden. Returns the bits reported
  /// as "ll_bits".
  std::uint64_t (*encode)(ByteWriter& out, const Image& image, const Header& header, const Image* hidden,
                          const Box& needed, Image& background);
  /// Reads a BKGD payload (parameters stored in it go into `header`) and reconstructs it.
  Image (*decode)(ByteReader& in, Header& header);
  /// Reads the parameters and skips the rest of a BKGD payload; returns its "ll_bits".
  std::uint64_t (*bits)(ByteReader& in, Header& header);
};

/// The functions of a ROIP coder: everything after pixel_count, used only when the mask is not
/// empty.
struct RoiOps {
  /// Codes the pixels of `image` in the mask; `background` is the decoded background, which the
  /// coder may read within the mask's bounding box grown by one pixel left, right and up.
  /// `source` is the JPEG source's coefficients, given to a dct_domain coder (never null for
  /// it) and null for the others. Returns the bytes the source's own entropy coding spent on
  /// what was coded (dct_domain coders; 0 when unknown or for pixel coders).
  std::uint64_t (*encode)(ByteWriter& out, const Image& image, const Image& mask, const MaskRuns& runs,
                          const Image& background, const jpeg::Coefficients* source);
  ExactPixels (*decode)(ByteReader& in, const Image& mask, const MaskRuns& runs, const Image& background);
  /// For inspect: reads the start of the payload (after pixel_count) of a width x height x
  /// channels image and returns what encode returned; null for coders that store no such count.
  std::uint64_t (*source_bytes)(ByteReader& in, int width, int height, int channels);
};

/// The functions of a MASK coder: the bit stream after the varint bit_count (mask_coder.cpp
/// frames it).
struct MaskOps {
  void (*encode)(BitWriter& bw, const Image& mask, const MaskRuns& runs);
  /// Reads a width x height mask (0 and 255) and its runs from all `bits` bits of `br`; errors
  /// name `in`'s section.
  Image (*decode)(const ByteReader& in, BitReader& br, std::uint64_t bits, int width, int height, MaskRuns& runs);
};

/// A row of a family's table: the method's name and traits, and its coder's functions.
struct BackgroundCoder {
  BackgroundTraits traits;
  const BackgroundOps* ops;
};
struct RoiCoder {
  RoiTraits traits;
  const RoiOps* ops;
};
struct MaskCoder {
  MaskTraits traits;
  const MaskOps* ops;
};

/// The coder whose method has the header byte `id`, or null.
const BackgroundCoder* find_background_coder(std::uint8_t id);
const RoiCoder* find_roi_coder(std::uint8_t id);
const MaskCoder* find_mask_coder(std::uint8_t id);

/// The coder of a method; throws Error(kUnsupported) for a value outside the table.
const BackgroundCoder& coder(BackgroundMethod m);
const RoiCoder& coder(RoiMethod m);
const MaskCoder& coder(MaskMethod m);

}  // namespace codec
