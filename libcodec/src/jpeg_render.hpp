// jpeg_render.hpp - libcodec's side of codec/jpeg_render.hpp (the exact JPEG renderer): the
// working buffers a caller may reuse between calls.
#pragma once

#include "jpeg_block_view.hpp"
#include "jpeg_upsample.hpp"
#include "plane.hpp"

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

/// check_layout without the coefficient sizes: what a layout whose blocks are stored elsewhere
/// (jpeg_block_view.hpp) must satisfy.
void check_shape(const Coefficients& layout);

/// needed_blocks for the mask whose runs (plane.hpp) are `runs`, of layout's size.
BlockSet needed_blocks(const Coefficients& layout, const MaskRuns& runs);

/// render_masked_box over the mask whose runs are `runs` (of layout's size), with component c's
/// blocks in views[c] (covering need[c]'s blocks; layout's coefficients are not read). The planes
/// cover only the bounding rectangle of each component's needed blocks.
void render_runs_box(const Coefficients& layout, const BlockView* views, const MaskRuns& runs,
                     const BlockSet& need, Image& out, int ox, int oy, RenderScratch* scratch = nullptr);

}  // namespace codec::jpeg
