// codec/format.hpp - the .smz file format, version 1. This comment is the specification;
// container.cpp implements it and docs/FORMAT.md summarises it.
//
// All multi-byte integers are little-endian. "varint" is unsigned LEB128 of at most 5 bytes
// holding a value below 2^32; a longer or overlong encoding is corrupt. Bit streams are written
// most significant bit first and padded with zero bits to a whole byte; a reader rejects
// non-zero padding and a stream whose bit count does not match what it decodes.
//
//   file      = signature version section*
//   signature = 8 bytes 89 53 4D 5A 0D 0A 1A 0A  ("\x89SMZ\r\n\x1a\n", PNG-style: catches
//               text-mode transfers and truncation to 7 bits)
//   version   = u16, currently 1. A reader rejects any other value as "unsupported".
//   section   = tag (4 ASCII bytes) | length u32 | payload (length bytes) | crc u32
//               crc is CRC-32 (zlib polynomial, reflected 0xEDB88320) over tag and payload.
//
// Version 1 has exactly four sections, in this order: HEAD, MASK, ROIP, BKGD. Nothing may follow
// BKGD. Every section length is at most kMaxSectionBytes.
//
// HEAD (16 bytes)
//   u32 width              1..kMaxDimension
//   u32 height             1..kMaxDimension; width * height <= kMaxPixels
//   u8  channels           1 (gray) or 3 (B,G,R)
//   u8  background_method  BackgroundMethod
//   u8  levels             Haar DWT levels, 1..kMaxLevels
//   u8  mask_method        MaskMethod
//   u8  roi_method         RoiMethod
//   u8  feather_px         blend-weight ramp width in pixels (0..kMaxFeather); the decoder
//                          rebuilds the weights from the mask with roi::compute_weights
//   u16 quant_step         uniform quantizer step of the LL band, 1..kMaxQuantStep
//
// MASK: the binary ROI mask (a pixel is "stored" when it is in the mask). mask_method 0:
//   varint bit_count, then ceil(bit_count / 8) bytes of an MSB-first bit stream of run lengths
//   in raster order, alternating background/ROI and starting with background: the first run is
//   Elias-gamma(run + 1) (it may be empty), every later run is Elias-gamma(run) (run >= 1).
//   The runs sum to exactly width * height.
//
// ROIP: the exact pixel values of every mask pixel, losslessly. roi_method 0:
//   varint pixel_count     must equal the number of mask pixels
//   then, when pixel_count > 0, one symbol block per coded plane (see below) of
//   pixel_count symbols. Colour images are coded in the planes
//     P0 = (B - G) mod 256, P1 = G, P2 = (R - G) mod 256
//   (a reversible colour transform), gray images in one plane P0 = Y. Within a plane, the mask
//   pixels are visited in raster order; each is predicted with the median edge detector of
//   LOCO-I from its left (a), upper (b) and upper-left (c) neighbours in the same plane, where a
//   neighbour outside the mask takes the value of the decoded background (transformed the same
//   way), and at the image border a = b (x = 0, taking 128 at the origin), b = a (y = 0), c = b.
//   The symbol is (value - prediction) mod 256.
//
// BKGD: the background. background_method 0: one symbol block per channel (B, G, R or Y) of the
//   quantized LL band q = round(LL / quant_step) after `levels` levels of the orthonormal 2-D Haar
//   DWT (LL = (a + b + c + d) / 2 per level; odd sizes extended by repeating the last row or
//   column), raster order, ceil(width / 2^levels) * ceil(height / 2^levels) symbols. The decoder
//   multiplies by quant_step, inverts the DWT with all detail bands zero, crops to width x height
//   and rounds half away from zero, clamped to 0..255.
//
// Symbol block (canonical Huffman):
//   varint zigzag(first)   first symbol of the table's range (zigzag: 0,-1,1,-2 -> 0,1,2,3)
//   varint range           number of symbols in the table, 1..kMaxAlphabet
//   varint table_bits      then ceil(table_bits / 8) bytes, MSB first: for each symbol of the
//                          range its code length as 5 bits (1..kMaxCodeLength), or 0 followed by
//                          Elias-gamma(n), meaning n consecutive absent symbols (this one included)
//   varint payload_bits    then ceil(payload_bits / 8) bytes: the canonical Huffman codes, MSB first
//   The lengths must form a complete prefix code, except that a table with one symbol gives it
//   length 1 (its code is the single bit 0). Codes are assigned in order of (length, symbol).
//   payload_bits is the figure the paper's compression ratio counts ("ll_bits" for BKGD).
#pragma once

#include <cstddef>
#include <cstdint>

namespace codec {

inline constexpr std::uint8_t kSignature[8] = {0x89, 'S', 'M', 'Z', 0x0D, 0x0A, 0x1A, 0x0A};
inline constexpr std::uint16_t kFormatVersion = 1;

// Limits a reader enforces before allocating anything.
inline constexpr std::uint32_t kMaxDimension = 65535;
inline constexpr std::uint64_t kMaxPixels = std::uint64_t{1} << 26;  // 67 megapixels (8192 x 8192)
inline constexpr std::uint32_t kMaxSectionBytes = 0x7FFFFFFFu;
inline constexpr int kMaxLevels = 8;
inline constexpr int kMaxQuantStep = 65535;
inline constexpr int kMaxFeather = 255;
inline constexpr std::uint32_t kMaxAlphabet = 1u << 17;
inline constexpr int kMaxCodeLength = 24;

enum class BackgroundMethod : std::uint8_t { kHaarLLHuffman = 0 };
enum class MaskMethod : std::uint8_t { kRunLengthGamma = 0 };
enum class RoiMethod : std::uint8_t { kMedHuffman = 0 };

/// Everything the decoder needs besides the section payloads (the HEAD section).
struct Header {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint8_t channels = 0;
  BackgroundMethod background_method = BackgroundMethod::kHaarLLHuffman;
  std::uint8_t levels = 1;
  MaskMethod mask_method = MaskMethod::kRunLengthGamma;
  RoiMethod roi_method = RoiMethod::kMedHuffman;
  std::uint8_t feather_px = 0;
  std::uint16_t quant_step = 60;
};

const char* to_string(BackgroundMethod m) noexcept;
const char* to_string(MaskMethod m) noexcept;
const char* to_string(RoiMethod m) noexcept;

}  // namespace codec
