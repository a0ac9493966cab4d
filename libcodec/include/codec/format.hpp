// codec/format.hpp - the .smz file format, version 3. This comment is the specification;
// container.cpp and the section coders implement it, docs/FORMAT.md summarises it.
//
// Conventions. Multi-byte integers are little-endian. "varint" is unsigned LEB128 of at most 5
// bytes holding a value below 2^32; a longer or overlong encoding is corrupt. Bit streams are
// MSB first, padded with zero bits to a whole byte; a reader rejects non-zero padding and a stream
// whose bit count does not match what it decodes. ">>" on negative numbers is arithmetic.
// All reconstruction arithmetic is integer, so every decoder produces the same pixels.
//
//   file      = signature version section*
//   signature = 8 bytes 89 53 4D 5A 0D 0A 1A 0A  ("\x89SMZ\r\n\x1a\n", PNG-style)
//   version   = u16, 2 or 3. A writer writes 3 only when the file needs it (its ROI method is
//               jpeg-dct, the one version-3 feature), else 2, so that files without the new
//               feature stay readable by version-2 readers. A reader takes 2 and 3 and rejects
//               any other value as "unsupported", and a version-3 feature in a version-2 file,
//               or a version-3 file without one, as corrupt (the version is outside the CRCs).
//   section   = tag (4 ASCII bytes) | length u32 | payload (length bytes) | crc u32
//               crc is CRC-32 (zlib polynomial, reflected 0xEDB88320) over tag and payload.
// Exactly four sections, in this order: HEAD, MASK, ROIP, BKGD; nothing may follow BKGD.
// Every section length is at most kMaxSectionBytes.
//
// HEAD (24 bytes)
//   u32 width              1..kMaxDimension
//   u32 height             1..kMaxDimension; width * height <= kMaxPixels
//   u8  channels           1 (gray) or 3 (B,G,R)
//   u8  background_method  BackgroundMethod
//   u8  levels             Haar levels of the (luma) planes, 1..kMaxLevels
//   u8  chroma_levels      extra levels of the chroma planes (kYCoCg only, else 0)
//   u8  colour             BackgroundColour (kChannels for gray and for kHaarLLHuffman)
//   u8  upsample           Upsample (kHaar for kHaarLLHuffman)
//   u16 quant_step         LL quantiser step, 1..65535
//   u16 chroma_step        LL step of the chroma planes (kYCoCg only, else 0)
//   u16 detail_step        detail-band step, 0 = no detail bands (always 0 for kHaarLLHuffman)
//   u8  mask_method        MaskMethod
//   u8  roi_method         RoiMethod
//   u8  feather_px         blend-weight ramp width in pixels (0..kMaxFeather); the decoder
//                          rebuilds the weights from the mask with roi::compute_weights
//   u8  reserved           0
//   levels + chroma_levels <= kMaxLevels.
//
// Wavelet. One level of the orthonormal 2-D Haar transform maps each 2x2 block a b / c d to
// LL = (a+b+c+d)/2, HL = (a-b+c-d)/2, LH = (a+b-c-d)/2, HH = (a-b-c+d)/2; an odd width or height
// is first extended by repeating the last column or row. After L levels the LL band is
// ceil(W/2^L) x ceil(H/2^L). Quantisers: LL q = round(c / step), halves away from zero;
// details (dead zone) q = sign(c) floor(|c| / step + 3/8); dequantised c' = q step.
//
// MASK: the binary ROI mask (a pixel is "stored" when it is in the mask).
//   kRunLengthGamma: varint bit_count, then that bit stream: raster run lengths alternating
//     background/ROI, starting with background, the first run Elias-gamma(run + 1) (it may be
//     empty), every later run Elias-gamma(run) (run >= 1); the runs sum to width * height.
//   kRowDelta: varint bit_count, then that bit stream. Each row is a list of ROI runs
//     (start, end exclusive). Per row: EG0(zigzag(count - previous row's count)); when the count
//     equals the previous row's, for each run EG0(zigzag(start - previous start)) and
//     EG0(zigzag(end - previous end)); otherwise for each run EG3(start - previous end in this row
//     (0 for the first)) and EG3(end - start - 1). EGk is the order-k exponential-Golomb code.
//     Runs are sorted, non-empty, non-touching and inside the row.
//
// ROIP: the exact values of every mask pixel, losslessly, visited in raster order.
//   varint pixel_count     must equal the number of mask pixels; nothing else when 0
//   kMedHuffman: one Huffman symbol block (below) per coded plane of pixel_count symbols. Planes:
//     colour P0 = (B - G) mod 256, P1 = G, P2 = (R - G) mod 256; gray P0 = Y. Each pixel is
//     predicted by the median edge detector (MED) of LOCO-I from its left (a), upper (b) and
//     upper-left (c) neighbours in the same plane; symbol = (value - prediction) mod 256. A
//     neighbour outside the mask takes the value of the decoded background (transformed the same
//     way); at the image border a = b (x = 0, taking 128 at the origin), b = a (y = 0), c = b.
//   kContextRans: one symbol stream (rans.hpp) with 6 contexts per plane and one lane per plane,
//     the pixels in raster order and each pixel's planes one after the other. Planes: colour, the reversible YCoCg-R transform Co = R - B, t = B + (Co >> 1),
//     Cg = G - t, Y = t + (Cg >> 1), in the order Y, Co, Cg; gray, Y. A neighbour outside the mask
//     takes the decoded background's value (transformed the same way), a neighbour outside the
//     image the constant 128 (Y) or 0 (Co, Cg). Each pixel is predicted by MED from a (left),
//     b (up), c (up-left); the symbol zigzag(value - prediction) is coded in context
//     6 p + bucket(|a - c| + |b - c| + |d - b|), d the upper-right neighbour, p the plane, bucket
//     the number of thresholds 1, 4, 9, 18, 36 the activity exceeds.
//   kWeightedRans: planes and their order as kContextRans (gray Y; colour YCoCg-R Y, Co, Cg), the
//     same neighbour rules (outside the mask the decoded background transformed the same way,
//     outside the image 128 for Y, 0 for Co and Cg), the pixels in raster order and each pixel's
//     planes one after the other. Layout: for each plane a value set, then one symbol stream
//     (rans.hpp) with 78 contexts per plane (plane p uses 78 p .. 78 p + 77) and one lane per
//     plane (lane p).
//     Value set: the values the plane's mask pixels use, within the plane's range R (Y and gray
//     0..255, 256 values; Co and Cg -255..255, 511 values): varint n, then n varints, the lengths
//     of alternating runs over R from its lowest value, unused first. n is even and >= 2 (the
//     last run is a used one; values after it are unused), n <= |R| + 1, only the first run may
//     be 0 and the runs sum to at most |R|. U = the number of used values (>= 1).
//     Ranks: every value v is replaced by rank(v) = the number of used values below v (for a
//     used value its index in ascending order; a neighbour's unused value maps to the next used
//     one's index, or U). The coder predicts and codes ranks; a decoded rank r must satisfy
//     0 <= r < U, the pixel's value being the r-th used value.
//     Per plane, with W, N, NW, NE the ranks of the left, upper, upper-left and upper-right
//     neighbours and quantities in 1/8 units: each coded pixel leaves te (blend error) and se0..se4
//     (predictor errors); at a pixel not coded (outside the mask, or outside the box grown as
//     above) all are 0. Let eX denote those of neighbour X, WW the pixel two to the left.
//       s0 = 8W + 8NE - 8N
//       s1 = 8N - ((16 (teW + teN + teNE)) >> 5)
//       s2 = 8W - ((10 (teW + teN + teNW)) >> 5)
//       s3 = 8N - ((7 (teNW + teN + teNE)) >> 5)
//       s4 = 8 MED(W, N, NW)
//       E_k = min(seN_k + seW_k + seNW_k + seWW_k + seNE_k, 4095),
//       w_k = floor(2^34 / ((E_k + 1) isqrt(256 (E_k + 1)))), isqrt the integer square root
//       blend = floor((sum w_k s_k + floor(sum w_k / 2)) / sum w_k)
//       unless teN, teW, teNW are all > 0 or all < 0, blend = clamp(blend, 8 min(W, N, NE),
//         8 max(W, N, NE)); then blend = clamp(blend, 0, 8 (U - 1))
//       m = the one of teW, teN, teNW, teNE (in this order) of largest magnitude, the first on ties
//       e = the number of thresholds 0, 2, 5, 9, 15, 25, 40, 64, 100, 160, 256, 400 that |m|
//         exceeds (0..12); a = the number of thresholds 1, 4, 9, 18, 36 that
//         |W - NW| + |N - NW| + |NE - N| exceeds (0..5)
//       bias context b = (2 e + [m < 0]) 6 + a (156 per plane), with state (B, K, C), initially 0
//       biased = blend + C_b, prediction P = clamp((biased + 4) >> 3, 0, U - 1)
//       symbol zigzag(r - P) in context 78 p + 6 e + a, r the pixel's rank.
//     After coding r: te = blend - 8r, se_k = (|s_k - 8r| + 3) >> 3; B += 8r - biased, K += 1;
//     when K reaches 64, B >>= 1 and K >>= 1; then if B <= -K: C -= 1, B = max(B + K, 1 - K);
//     else if B > 0: C += 1, B = min(B - K, 0).
//   kJpegDct (format version 3; the source was a JPEG): not pixels but the source's own
//     quantised DCT coefficients, of exactly the blocks the mask's pixels depend on, so that the
//     decoder reproduces libjpeg-turbo's decoding of the source (what cv::imread gives) on every
//     mask pixel. The image is the JPEG's size; channels 1 = grayscale, 3 = YCbCr.
//       layout          libcodec/src/jpeg_layout.hpp: colour space, sampling and quantiser per
//                       component, the quantisation tables (the standard tables by quality)
//       varint source_bytes  informational: ceil(bits / 8) of the bits the source file's own
//                       entropy coding spends on the coded blocks (0 = unknown)
//       the rest        the coefficient stream of libcodec/src/dct_coder.hpp over the blocks
//                       needed_blocks(layout, mask) names (libcodec/src/jpeg_render.hpp)
//     Pixels: each mask pixel as jpeg_render.hpp renders the coefficients (islow IDCT, fancy
//     upsampling, libjpeg's YCbCr->BGR tables); blocks not coded are zero and no mask pixel reads
//     them.
//
// BKGD: the lossy background, decoded before ROIP (whose prediction uses it).
//   kHaarLLHuffman (the paper's): per channel (B, G, R or Y) one Huffman symbol block of the
//     quantised LL band after `levels` levels, raster order. Reconstruction: the inverse transform
//     with all detail bands zero, i.e. each LL value spread over its 2^L x 2^L block as LL / 2^L.
//   kWaveletRans: one symbol stream with kBackgroundContexts contexts. Planes: kChannels, each
//     channel at `levels` with quant_step; kYCoCg (colour only), Y = (R + 2G + B)/4 at `levels`
//     with quant_step and Co = (R - B)/2, Cg = (2G - R - B)/4 at levels + chroma_levels with
//     chroma_step. Per plane: the quantised LL band in raster order, each predicted by MED from
//     its quantised neighbours (border rules as above, 0 at the origin), zigzag(residual) in
//     context background_context(...); then, when detail_step > 0, for each level from the
//     coarsest, the HL, LH and HH bands in raster order, zigzag(q) in context
//     detail_context(...). Reconstruction: kHaar, the inverse transform with the dequantised
//     bands; kSmooth (detail_step 0 only), bilinear interpolation between the block means
//     LL / 2^L placed at the block centres, edge blocks extended. YCoCg back to colour:
//     G = Y + Cg, R = Y - Cg + Co, B = Y - Cg - Co. Round half away from zero, clamp to 0..255.
//   kHaarPivotHuffman (the paper's base method, and block pivot subtraction for its LL band):
//     u8 bands   Bands: kLL, the quantised LL band of kHaarLLHuffman (any levels), or kAll, the
//                four bands of one level (levels must be 1)
//     u8 block   pivot block side B, 1..kMaxPivotBlock (1: no pivot subtraction)
//     u8 pivot   PivotRule
//     then per channel (B, G, R or Y) one Huffman symbol block (below) of the channel's symbols.
//     The matrix M of a channel, raster order: kLL, the quantised LL band as for
//     kHaarLLHuffman, ceil(W/2^L) x ceil(H/2^L); kAll, 2w x 2h with w = ceil(W/2), h = ceil(H/2),
//     the bands placed as [LL HL; LH HH]. kAll quantises exactly, in integers: per 2x2 block
//     (odd sizes extended as for the wavelet) S_LL = a+b+c+d, S_HL = a-b+c-d, S_LH = a+b-c-d,
//     S_HH = a-b-c+d (twice the orthonormal coefficient), q = floor((S + step) / (2 step)), i.e.
//     the coefficient over step rounded half up; a decoder rejects q outside what 8-bit pixels
//     give: LL in [0, floor((1020 + step) / (2 step))], the others in
//     [floor((step - 510) / (2 step)), floor((510 + step) / (2 step))].
//     M is cut into B x B blocks from the top-left (partial blocks at the right and bottom).
//     kUpperLeft: the symbols are M with every value of a block other than its top-left one
//     replaced by value - top-left. kMean, kMedian: first one pivot per block (blocks in raster
//     order): floor of the mean of the block's values, or the lower median (the value of rank
//     floor((n-1)/2) among the n sorted values); then M with every value replaced by value -
//     its block's pivot. Reconstruction: kLL as kHaarLLHuffman; kAll per 2x2 block
//     a = q_LL + q_HL + q_LH + q_HH, b = q_LL - q_HL + q_LH - q_HH, c = q_LL + q_HL - q_LH - q_HH,
//     d = q_LL - q_HL - q_LH + q_HH, each pixel floor((step * sum + 1) / 2) (half up), clamped
//     to 0..255. "ll_bits" is the sum of the Huffman payload bits, as for kHaarLLHuffman.
//
// Huffman symbol block (kHaarLLHuffman, kHaarPivotHuffman, kMedHuffman):
//   varint zigzag(first)   first symbol of the table's range (zigzag: 0,-1,1,-2 -> 0,1,2,3)
//   varint range           number of symbols in the table, 1..kMaxAlphabet
//   varint table_bits      then ceil(table_bits / 8) bytes: for each symbol of the range its code
//                          length as 5 bits (1..kMaxCodeLength), or 0 followed by Elias-gamma(n),
//                          n consecutive absent symbols (this one included)
//   varint payload_bits    then ceil(payload_bits / 8) bytes: the canonical Huffman codes
//   The lengths form a complete prefix code, except that a one-symbol table gives it length 1.
//   Codes are assigned in order of (length, symbol). For BKGD, payload_bits is what the paper's
//   compression ratio counts ("ll_bits").
// For kWaveletRans, "ll_bits" is the size of the BKGD payload in bits.
#pragma once

#include <cstddef>
#include <cstdint>

namespace codec {

inline constexpr std::uint8_t kSignature[8] = {0x89, 'S', 'M', 'Z', 0x0D, 0x0A, 0x1A, 0x0A};
inline constexpr std::uint16_t kFormatVersion = 3;     ///< the newest version this build writes
inline constexpr std::uint16_t kMinFormatVersion = 2;  ///< the oldest version it reads

// Limits a reader enforces before allocating anything.
inline constexpr std::uint32_t kMaxDimension = 65535;
inline constexpr std::uint64_t kMaxPixels = std::uint64_t{1} << 26;  // 67 megapixels (8192 x 8192)
inline constexpr std::uint32_t kMaxSectionBytes = 0x7FFFFFFFu;
inline constexpr int kMaxLevels = 8;
inline constexpr int kMaxQuantStep = 65535;
inline constexpr int kMaxFeather = 255;
inline constexpr std::uint32_t kMaxAlphabet = 1u << 17;
inline constexpr int kMaxCodeLength = 24;
inline constexpr int kMaxPivotBlock = 64;

enum class BackgroundMethod : std::uint8_t { kHaarLLHuffman = 0, kWaveletRans = 1, kHaarPivotHuffman = 2 };
enum class Bands : std::uint8_t { kLL = 0, kAll = 1 };
enum class PivotRule : std::uint8_t { kUpperLeft = 0, kMean = 1, kMedian = 2 };
enum class BackgroundColour : std::uint8_t { kChannels = 0, kYCoCg = 1 };
enum class Upsample : std::uint8_t { kHaar = 0, kSmooth = 1 };
enum class MaskMethod : std::uint8_t { kRunLengthGamma = 0, kRowDelta = 1 };
enum class RoiMethod : std::uint8_t { kMedHuffman = 0, kContextRans = 1, kWeightedRans = 2, kJpegDct = 3 };

/// Everything the decoder needs besides the section payloads (the HEAD section).
struct Header {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint8_t channels = 0;
  BackgroundMethod background_method = BackgroundMethod::kHaarLLHuffman;
  std::uint8_t levels = 1;
  std::uint8_t chroma_levels = 0;
  BackgroundColour colour = BackgroundColour::kChannels;
  Upsample upsample = Upsample::kHaar;
  std::uint16_t quant_step = 60;
  std::uint16_t chroma_step = 0;
  std::uint16_t detail_step = 0;
  MaskMethod mask_method = MaskMethod::kRunLengthGamma;
  RoiMethod roi_method = RoiMethod::kMedHuffman;
  std::uint8_t feather_px = 0;
  // kHaarPivotHuffman only, read from the start of BKGD (not part of HEAD):
  Bands bands = Bands::kLL;
  std::uint8_t pivot_block = 1;
  PivotRule pivot = PivotRule::kUpperLeft;
};

const char* to_string(BackgroundMethod m) noexcept;
const char* to_string(Bands b) noexcept;
const char* to_string(PivotRule p) noexcept;
const char* to_string(BackgroundColour c) noexcept;
const char* to_string(Upsample u) noexcept;
const char* to_string(MaskMethod m) noexcept;
const char* to_string(RoiMethod m) noexcept;

}  // namespace codec
