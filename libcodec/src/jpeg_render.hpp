// jpeg_render.hpp - libcodec's side of codec/jpeg_render.hpp (the exact JPEG renderer): the
// working buffers a caller may reuse between calls.
#pragma once

#include "jpeg_upsample.hpp"

#include <codec/jpeg_render.hpp>

#include <vector>

namespace codec::jpeg {

/// Working buffers (component planes, row buffers) that a caller rendering many images or
/// regions passes to every call so that they are allocated once. Not shared between threads.
struct RenderScratch {
  std::vector<Plane> planes;
  std::vector<std::vector<std::uint8_t>> rows;
  std::vector<int> tmp;
};

}  // namespace codec::jpeg
