#include "jpeg_source.hpp"

#include "jpeg_bits.hpp"
#include "jpeg_libjpeg.hpp"
#include "jpeg_markers.hpp"

#include <codec/jpeg_portable.hpp>
#include <codec/jpeg_render.hpp>

#include <algorithm>
#include <string>

namespace smearpress {

namespace {

// The orientation imread would apply: OpenCV 4.6 reads its first APP1 segment as Exif whatever
// it holds; any segment that says "Exif" is checked as well.
std::string orientation_reason(const std::vector<std::vector<std::uint8_t>>& app1) {
  static constexpr std::uint8_t kExif[] = {'E', 'x', 'i', 'f', 0, 0};
  for (std::size_t i = 0; i < app1.size(); ++i) {
    const auto& seg = app1[i];
    const bool says_exif = seg.size() >= 6 && std::equal(kExif, kExif + 6, seg.begin());
    if (i != 0 && !says_exif) continue;
    const int o = jpeg_detail::exif_orientation(seg);
    if (o == jpeg_detail::kExifMalformed && says_exif) return "malformed Exif data";
    if (o > 1) return "Exif orientation " + std::to_string(o) + " (imread rotates the image)";
  }
  return {};
}

// Why a ROI mask cannot select blocks of these coefficients, or "".
std::string size_reason(const codec::jpeg::Coefficients& c, const codec::Image& roi) {
  if (roi.width == c.width && roi.height == c.height && roi.channels == 1) return {};
  return "the image is " + std::to_string(roi.width) + "x" + std::to_string(roi.height) +
         " pixels but the JPEG's frame is " + std::to_string(c.width) + "x" + std::to_string(c.height);
}

}  // namespace

JpegReadResult read_jpeg_coefficients(std::span<const std::uint8_t> file_bytes, const codec::Image* roi) {
  JpegReadResult result;
  if (const auto frame = jpeg_detail::find_frame_header(file_bytes)) {
    result.pixel_path_reason = jpeg_detail::frame_reason(*frame);
    if (!result.pixel_path_reason.empty()) return result;
  }
  jpeg_detail::LibjpegRead read = jpeg_detail::read_with_libjpeg(file_bytes);
  result.pixel_path_reason = orientation_reason(read.app1);
  if (result.pixel_path_reason.empty()) result.pixel_path_reason = read.unsupported;
  if (result.pixel_path_reason.empty() && roi)
    result.pixel_path_reason = size_reason(read.coefficients, *roi);
  if (!result.pixel_path_reason.empty()) return result;
  codec::jpeg::BlockSet blocks = roi ? codec::jpeg::needed_blocks(read.coefficients, *roi)
                                     : codec::jpeg::all_blocks(read.coefficients);
  if (const auto block = codec::jpeg::find_nonportable_block(read.coefficients, blocks)) {
    result.pixel_path_reason = "component " + std::to_string(block->component) + " block (" +
                               std::to_string(block->bx) + ", " + std::to_string(block->by) +
                               ") has coefficients outside the range where libjpeg-turbo's SIMD "
                               "and C IDCTs agree";
    return result;
  }
  JpegSource src;
  src.bits_exact = !read.progressive;
  src.block_bits = read.progressive ? jpeg_detail::optimized_sequential_bits(read.coefficients, blocks)
                                    : jpeg_detail::sequential_bits(read, blocks);
  src.blocks = std::move(blocks);
  src.coefficients = std::move(read.coefficients);
  result.source = std::move(src);
  return result;
}

}  // namespace smearpress
