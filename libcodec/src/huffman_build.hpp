// huffman_build.hpp - Huffman code construction: histogram -> code lengths -> canonical codes.
// No I/O here; huffman_coder.hpp reads and writes symbol blocks with these codes.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace codec::huffman {

/// Code lengths for a histogram: 0 for symbols that never occur, at most `max_length` bits.
/// A histogram with a single used symbol gives it length 1; an all-zero one gives all zeros.
/// Deterministic: equal histograms give equal lengths on every platform.
std::vector<std::uint8_t> build_lengths(std::span<const std::uint64_t> histogram, int max_length);

/// True when the non-zero lengths form a complete prefix code, or exactly one symbol has
/// length 1 (the one-symbol code). Lengths above 31 are never valid.
bool is_valid_code(std::span<const std::uint8_t> lengths);

/// Canonical codes (assigned in order of length, then symbol index) for valid lengths.
std::vector<std::uint32_t> canonical_codes(std::span<const std::uint8_t> lengths);

}  // namespace codec::huffman
