// huffman_coder.hpp - symbol blocks: a canonical Huffman table plus the coded symbols
// (layout in codec/format.hpp, "Symbol block").
#pragma once

#include "byte_io.hpp"

#include <cstdint>
#include <span>

namespace codec::huffman {

/// Appends a symbol block for `symbols` (non-empty; range max - min + 1 <= kMaxAlphabet).
/// Returns the payload bits (the coded symbols, without the table).
std::uint64_t write_block(ByteWriter& out, std::span<const std::int32_t> symbols);

/// Reads a symbol block holding exactly out.size() symbols into `out`; returns its payload bits.
/// Throws Error(kTruncated / kCorrupt) on any inconsistency.
std::uint64_t read_block(ByteReader& in, std::span<std::int32_t> out);

/// Reads only the block's framing and returns its payload bits (for `inspect`).
std::uint64_t skip_block(ByteReader& in);

/// Skips `count` blocks in a row and returns the sum of their payload bits.
std::uint64_t skip_blocks(ByteReader& in, int count);

}  // namespace codec::huffman
