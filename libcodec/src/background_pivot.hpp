// background_pivot.hpp - BKGD method kHaarPivotHuffman: the paper's base method (one-level Haar,
// the four bands in one matrix, block pivot subtraction, Huffman) and block pivot subtraction
// for the paper's LL background. Layout and arithmetic: codec/format.hpp.
#pragma once

#include "byte_io.hpp"
#include "registry.hpp"

#include <codec/format.hpp>
#include <codec/image.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace codec {

/// The coder's functions; its name and traits are in the table (registry.cpp).
extern const BackgroundOps kHaarPivotHuffmanOps;

/// One channel's matrix M (codec/format.hpp) before pivot subtraction, raster order.
struct PivotMatrix {
  int width = 0, height = 0;
  std::vector<std::int32_t> values;
};

struct PivotBackground {
  std::vector<PivotMatrix> channels;
};

/// Forward transform and quantisation of every channel for `header` (bands, levels, step).
PivotBackground analyse_pivot_background(const Image& image, const Header& header);

/// The lossy background the decoder shows.
Image synthesize_pivot_background(const PivotBackground& bg, const Header& header);

/// Writes the BKGD payload; returns the Huffman payload bits (the paper's accounting).
std::uint64_t write_pivot_background(ByteWriter& out, const PivotBackground& bg, const Header& header);

/// Reads the BKGD parameters into `header` (bands, pivot_block, pivot) and checks them.
void read_pivot_parameters(ByteReader& in, Header& header);

/// Reads the rest of the BKGD payload; sets `bits` to the Huffman payload bits.
PivotBackground read_pivot_background(ByteReader& in, const Header& header, std::uint64_t& bits);

// ---- the pivot step, exposed for tests ----

/// The symbols of a width x height matrix after pivot subtraction with B x B blocks.
std::vector<std::int32_t> subtract_pivots(std::span<const std::int32_t> m, int width, int height, int block,
                                          PivotRule rule);

/// Number of symbols subtract_pivots produces for a width x height matrix.
std::size_t pivot_symbol_count(int width, int height, int block, PivotRule rule);

/// The inverse of subtract_pivots, in 64-bit arithmetic (hostile symbols cannot overflow).
std::vector<std::int64_t> add_pivots(std::span<const std::int32_t> symbols, int width, int height, int block,
                                     PivotRule rule);

}  // namespace codec
