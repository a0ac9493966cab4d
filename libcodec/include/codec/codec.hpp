// codec/codec.hpp - encode an image + ROI mask into a self-contained .smz byte stream and back.
//
// Data flow: (image, mask) -> encode -> bytes -> decode -> (background, mask, exact ROI pixels).
// Blending the ROI over the background with weights is the caller's job (libroi), so that the
// same weights function runs on both sides; libcodec only carries the weight parameters.
#pragma once

#include <codec/format.hpp>
#include <codec/image.hpp>
#include <codec/jpeg_blocks.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace codec {

/// Encoder settings. All of them are written into the file, so decoding needs no settings.
/// The defaults are the paper's method.
struct EncodeParams {
  BackgroundMethod background_method = BackgroundMethod::kHaarLLHuffman;
  int quant_step = 60;   ///< LL quantiser step (orthonormal units), 1..kMaxQuantStep
  int levels = 1;        ///< Haar levels, 1..kMaxLevels
  // kWaveletRans only:
  BackgroundColour colour = BackgroundColour::kChannels;
  int chroma_levels = 0;  ///< extra levels of the chroma planes (kYCoCg)
  int chroma_step = 0;    ///< LL step of the chroma planes (kYCoCg), 1..kMaxQuantStep
  int detail_step = 0;    ///< dead-zone step of the detail bands, 0 = none
  Upsample upsample = Upsample::kHaar;
  // kHaarPivotHuffman only:
  Bands bands = Bands::kLL;         ///< kAll needs levels 1
  int pivot_block = 1;              ///< pivot block side, 1..kMaxPivotBlock (1 = none)
  PivotRule pivot = PivotRule::kUpperLeft;
  MaskMethod mask_method = MaskMethod::kRunLengthGamma;
  RoiMethod roi_method = RoiMethod::kMedHuffman;
  int feather_px = 0;  ///< blend ramp width carried for the decoder, 0..kMaxFeather
};

/// Throws Error(kInvalidArgument) naming the first field out of range or combination that does
/// not go together.
void validate(const EncodeParams& params);

/// Where the bytes of one encoded file went.
struct EncodeStats {
  std::size_t file_bytes = 0;
  std::size_t mask_bytes = 0;        ///< MASK payload
  std::size_t roi_bytes = 0;         ///< ROIP payload
  std::size_t background_bytes = 0;  ///< BKGD payload (tables included)
  std::uint64_t ll_bits = 0;         ///< background bits: Huffman payload of the LL bands (the
                                     ///< paper's accounting), or the whole BKGD payload for rANS
  std::size_t roi_pixels = 0;        ///< pixels whose exact values are stored
  /// For a JPEG source's DCT-domain ROI (RoiTraits::dct_domain): the bytes the source file's own
  /// entropy coding spends on the blocks ROIP codes (0 when unknown or for pixel coders).
  std::uint64_t roi_source_bytes = 0;
};

struct Encoded {
  std::vector<std::uint8_t> bytes;
  EncodeStats stats;
};

/// Encodes `image` (1 or 3 channels, 8-bit) with the exact pixels of every non-zero `mask` pixel.
/// `mask` must be 1 channel with the image's size. `hidden` (optional, 1 channel, same size)
/// marks pixels whose background will never be seen (blend weight 1): the background coder may
/// spend nothing on them. `jpeg_source` is the source JPEG's coefficients (codec/jpeg_blocks.hpp),
/// which a ROI method with traits dct_domain needs: the image must be their exact rendering
/// (the caller's responsibility; pipeline.hpp checks it on the ROI). Throws
/// Error(kInvalidArgument) or Error(kLimitExceeded) on unusable input.
Encoded encode(const Image& image, const Image& mask, const EncodeParams& params,
               const Image* hidden = nullptr, const jpeg::Coefficients* jpeg_source = nullptr);

struct Decoded {
  Header header;
  Image background;  ///< the lossy reconstruction of the whole image
  Image mask;        ///< 1 channel, 255 where exact pixels are stored, 0 elsewhere
  /// The stored exact pixels over the mask's bounding box, whose top-left corner is
  /// (exact_x, exact_y): inside the mask the input's values, elsewhere the background. Empty
  /// when the mask is.
  Image exact;
  int exact_x = 0, exact_y = 0;
};

/// Decodes a whole .smz file. Every byte is treated as hostile: throws Error (kTruncated,
/// kCorrupt, kUnsupported, kLimitExceeded) with a one-line message naming the section.
Decoded decode(std::span<const std::uint8_t> bytes);

struct SectionInfo {
  std::string tag;
  std::size_t offset = 0;  ///< of the tag, from the start of the file
  std::size_t payload_bytes = 0;
  std::uint32_t crc = 0;
};

struct FileInfo {
  std::uint16_t version = 0;
  Header header;
  std::vector<SectionInfo> sections;
  std::size_t file_bytes = 0;
  std::uint64_t ll_bits = 0;
  std::size_t roi_pixels = 0;
  std::uint64_t roi_source_bytes = 0;  ///< as EncodeStats::roi_source_bytes
};

/// Parses the container, checks every CRC and the header, without decoding pixels.
FileInfo inspect(std::span<const std::uint8_t> bytes);

}  // namespace codec
