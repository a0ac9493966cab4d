// jpeg_libjpeg.hpp - the one place that calls libjpeg: a JPEG file's header, quantised
// coefficients and scan structure, with every libjpeg error *and warning* turned into a
// codec::Error (libjpeg only warns on truncated or corrupt entropy-coded data, and pads the
// missing coefficients with zeros; imread would return such an image without complaint).
#pragma once

#include <codec/jpeg_blocks.hpp>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace smearpress::jpeg_detail {

/// One scan as libjpeg parsed it (SOS plus the tables and restart interval in force).
struct ScanInfo {
  int comps_in_scan = 0;
  std::array<int, 4> comp{};  ///< component indices (0-based) in scan order
  /// Per scan component, the Huffman code length of each symbol (0 = no code).
  std::array<std::array<std::uint8_t, 256>, 4> dc_len{}, ac_len{};
  int ss = 0, se = 63, ah = 0, al = 0;
  unsigned restart_interval = 0;  ///< in MCUs; 0 = none
};

struct LibjpegRead {
  /// Why the file cannot take the coefficient path (empty when it can); when set, only the
  /// header fields below are meaningful.
  std::string unsupported;
  bool progressive = false;
  codec::jpeg::Coefficients coefficients;
  /// Per component, the DC coefficient of every block of the MCU-padded grid (the blocks an
  /// interleaved scan codes beyond the image edge included), row-major, padded_w[c] per row.
  std::vector<std::vector<std::int16_t>> padded_dc;
  std::vector<int> padded_w;
  std::vector<ScanInfo> scans;
  std::vector<std::vector<std::uint8_t>> app1;  ///< payloads of the APP1 segments, in file order
};

/// Reads `bytes` with libjpeg (jpeg_read_coefficients). Header-level reasons for the pixel path
/// (colour space, component count, sampling, arithmetic coding, quantiser range, incomplete
/// progressive coefficients) come back in `unsupported`. Throws codec::Error: kTruncated (the
/// data ends early), kCorrupt (any libjpeg error or warning), kLimitExceeded (a dimension or the
/// pixel count above codec/format.hpp's limits, or more than kMaxScans scans).
LibjpegRead read_with_libjpeg(std::span<const std::uint8_t> bytes);

/// More scans than this is refused (a progressive file can make libjpeg loop over thousands of
/// empty scans).
inline constexpr int kMaxScans = 1000;

}  // namespace smearpress::jpeg_detail
