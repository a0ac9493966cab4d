// codec/codec.hpp - encode an image + ROI mask into a self-contained .smz byte stream and back.
//
// Data flow: (image, mask) -> encode -> bytes -> decode -> (background, mask, exact ROI pixels).
// Blending the ROI over the background with weights is the caller's job (libroi), so that the
// same weights function runs on both sides; libcodec only carries the weight parameters.
#pragma once

#include <codec/format.hpp>
#include <codec/image.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace codec {

/// Encoder settings. All of them are written into the file, so decoding needs no settings.
struct EncodeParams {
  int quant_step = 60;  ///< LL quantizer step, 1..kMaxQuantStep
  int levels = 1;       ///< Haar DWT levels, 1..kMaxLevels
  int feather_px = 0;   ///< blend ramp width carried for the decoder, 0..kMaxFeather
  BackgroundMethod background_method = BackgroundMethod::kHaarLLHuffman;
  MaskMethod mask_method = MaskMethod::kRunLengthGamma;
  RoiMethod roi_method = RoiMethod::kMedHuffman;
};

/// Throws Error(kInvalidArgument) naming the first field out of range.
void validate(const EncodeParams& params);

/// Where the bytes of one encoded file went.
struct EncodeStats {
  std::size_t file_bytes = 0;
  std::size_t mask_bytes = 0;        ///< MASK payload
  std::size_t roi_bytes = 0;         ///< ROIP payload
  std::size_t background_bytes = 0;  ///< BKGD payload (tables included)
  std::uint64_t ll_bits = 0;         ///< Huffman payload bits of the LL bands (paper's accounting)
  std::size_t roi_pixels = 0;        ///< pixels whose exact values are stored
};

struct Encoded {
  std::vector<std::uint8_t> bytes;
  EncodeStats stats;
};

/// Encodes `image` (1 or 3 channels, 8-bit) with the exact pixels of every non-zero `mask` pixel.
/// `mask` must be 1 channel with the image's size. Throws Error(kInvalidArgument) or
/// Error(kLimitExceeded) on unusable input.
Encoded encode(const Image& image, const Image& mask, const EncodeParams& params);

struct Decoded {
  Header header;
  Image background;  ///< the lossy reconstruction of the whole image
  Image mask;        ///< 1 channel, 255 where exact pixels are stored, 0 elsewhere
  Image exact;       ///< the stored exact pixels inside the mask, the background outside it
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
};

/// Parses the container, checks every CRC and the header, without decoding pixels.
FileInfo inspect(std::span<const std::uint8_t> bytes);

}  // namespace codec
