// jpeg_bits.hpp - what a JPEG source's own entropy coding spends on each 8x8 block, so that the
// ROI coder's bytes can be compared with the source's bytes for the same blocks.
//
// A block's bits are its DC code (the Huffman code of the size category of the DC difference
// from the previous block of its component in coding order, predictor reset to 0 at each restart
// interval, plus that many magnitude bits) and its AC codes (per non-zero coefficient in zigzag
// order: one ZRL code per 16 zeros skipped beyond 15, the run/size code and the magnitude bits;
// an EOB code if zeros end the block). Not counted: markers, headers and tables, the padding and
// RSTn markers of restart intervals, stuffed zero bytes after 0xFF, and the dummy blocks an
// interleaved scan codes beyond the image edge (their DC still takes part in prediction).
//
// Sequential (baseline or extended) files: exact, with each scan's own Huffman tables and
// restart interval, in the file's own scan order (a conforming encoder emits exactly these codes;
// a symbol the table lacks, which such an encoder cannot produce, would count 16 bits).
// Progressive files have no single sequential coding, so the figure is an estimate, defined as
// what `jpegtran -optimize` would spend on the block when transcoding to sequential: one
// interleaved scan (non-interleaved for grayscale), no restarts, Huffman tables built by the
// JPEG standard's Annex K.2/K.3 procedure (as libjpeg's optimize_coding does) from the image's
// own statistics, one DC/AC table pair for luma and one shared by Cb and Cr; dummy blocks carry
// the previous block's DC (difference 0) and no AC, and count in the statistics.
#pragma once

#include "jpeg_libjpeg.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace smearpress::jpeg_detail {

/// Per component, one count per block (row-major, as codec::jpeg::Component::coeffs).
using BlockBits = std::vector<std::vector<std::uint32_t>>;

/// Exact counts for a sequential file read by read_with_libjpeg (its scans, padded DCs), for the
/// blocks flagged in `wanted` (codec::jpeg::BlockSet of the coefficients' grids); the other
/// blocks count 0.
BlockBits sequential_bits(const LibjpegRead& read, const codec::jpeg::BlockSet& wanted);

/// The estimate for a progressive file (also defined for any coefficients), for the blocks
/// flagged in `wanted`; the Huffman tables it is counted with come from every block.
BlockBits optimized_sequential_bits(const codec::jpeg::Coefficients& c,
                                    const codec::jpeg::BlockSet& wanted);

/// Code lengths (0 = unused symbol) of the Huffman table libjpeg builds for these symbol
/// frequencies: JPEG Annex K.2 with a reserved all-ones code word, lengths limited to 16 bits
/// by the Annex K.3 adjustment.
std::array<std::uint8_t, 256> optimal_code_lengths(const std::array<std::uint64_t, 256>& freq);

}  // namespace smearpress::jpeg_detail
