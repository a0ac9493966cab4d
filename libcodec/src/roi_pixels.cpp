#include "roi_pixels.hpp"

#include "registry.hpp"

#include <codec/error.hpp>

#include <string>

namespace codec {

std::uint64_t write_roi_pixels(ByteWriter& out, RoiMethod method, const Image& image, const Image& mask,
                               const MaskRuns& runs, const Image& background, const jpeg::Coefficients* source) {
  out.varint(static_cast<std::uint32_t>(runs.count));
  if (runs.count == 0) return 0;
  return coder(method).ops->encode(out, image, mask, runs, background, source);
}

ExactPixels read_roi_pixels(ByteReader& in, RoiMethod method, const Image& mask, const MaskRuns& runs,
                            const Image& background) {
  const std::size_t count = in.varint();
  if (count != runs.count)
    throw Error(ErrorCode::kCorrupt, in.what() + ": pixel count " + std::to_string(count) + " does not match the mask");
  if (count == 0) return ExactPixels{};
  return coder(method).ops->decode(in, mask, runs, background);
}

}  // namespace codec
