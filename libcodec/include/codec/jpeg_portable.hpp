// codec/jpeg_portable.hpp - whether libcodec's exact JPEG renderer can stand in for
// libjpeg-turbo on these coefficients whatever CPU libjpeg-turbo runs on.
//
// libjpeg-turbo's SIMD inverse DCTs (SSE2, AVX2, NEON) keep 16-bit lanes and saturate, its C
// IDCT wraps out-of-range values; they agree (and the renderer matches both) unless a block's
// coefficients are far outside anything an encoder produces from 8-bit samples.
#pragma once

#include <codec/jpeg_blocks.hpp>

#include <optional>

namespace codec::jpeg {

struct BlockRef {
  int component = 0;
  int bx = 0;
  int by = 0;
};

/// The first block (by component, then row-major) whose IDCT leaves the range where libjpeg-turbo's
/// SIMD and C code agree, or nullopt. `c` must satisfy the layout of jpeg_blocks.hpp (throws
/// codec::Error kInvalidArgument otherwise).
std::optional<BlockRef> find_nonportable_block(const Coefficients& c);

/// The same among the blocks flagged in `among` (one flag per block of each component's grid, as
/// needed_blocks returns; throws codec::Error kInvalidArgument if it does not fit `c`).
std::optional<BlockRef> find_nonportable_block(const Coefficients& c, const BlockSet& among);

}  // namespace codec::jpeg
