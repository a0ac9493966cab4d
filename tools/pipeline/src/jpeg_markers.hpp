// jpeg_markers.hpp - the little of a JPEG's marker structure read without libjpeg: the frame
// type (libjpeg 2.1 rejects 12-bit, lossless and hierarchical frames with a bare error, so the
// reason is found first) and the Exif orientation of an APP1 segment. Every offset is
// bounds-checked; nothing here trusts a length.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace smearpress::jpeg_detail {

struct FrameHeader {
  std::uint8_t sof = 0;  ///< the SOFn marker's second byte, 0xC0..0xCF
  int precision = 0;     ///< sample precision in bits
};

/// The first frame header, walking the marker segments from SOI; nullopt when the bytes are not
/// a well-formed marker sequence up to a SOF (libjpeg then says what is wrong).
std::optional<FrameHeader> find_frame_header(std::span<const std::uint8_t> bytes);

/// Why a frame of this type takes the pixel path; empty for 8-bit SOF0 (baseline), SOF1
/// (extended sequential, Huffman) and SOF2 (progressive, Huffman).
std::string frame_reason(const FrameHeader& frame);

inline constexpr int kExifAbsent = 0;      ///< no TIFF structure or no orientation tag
inline constexpr int kExifMalformed = -1;  ///< a TIFF structure that cannot be walked

/// The orientation tag (0x0112) of IFD0 in an APP1 payload read from offset 6 (where "Exif\0\0"
/// ends; OpenCV 4.6 reads its first APP1 segment this way whatever it holds), or kExifAbsent /
/// kExifMalformed.
int exif_orientation(std::span<const std::uint8_t> app1_payload);

}  // namespace smearpress::jpeg_detail
