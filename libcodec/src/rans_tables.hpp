// rans_tables.hpp - the symbol stream's frequency tables: log quantisation, normalisation, coding.
//
// Counts become log-quantised frequencies (what a table transmits), which normalize() turns into
// the rANS frequencies summing to kProbScale on both sides; write_table/read_table code one
// context's table in the table bit stream.
#pragma once

#include "bit_io.hpp"
#include "rans.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace codec::rans {

/// Normalises log-quantised frequencies (0 = absent) to sum kProbScale, every present token
/// getting at least 1. Deterministic integer arithmetic shared by encoder and decoder.
std::vector<std::uint32_t> normalize(std::span<const std::uint8_t> log_freq);

/// Quantises counts to the log scale normalize() reads: 0 for 0, else round(2 log2 c) + 1
/// (at most 64).
std::uint8_t log_quantize(std::uint32_t count);

/// log_quantize() of every count of a token histogram: kMaxTokens entries.
std::vector<std::uint8_t> log_table(const std::array<std::uint32_t, kMaxTokens>& hist);

/// Order-0 exp-Golomb code of v (v below 2^32 - 1), the table bit stream's integer code.
void put_exp_golomb(BitWriter& bw, std::uint32_t v);
/// Reads one; the reader's overflow flag tells a short stream.
std::uint32_t get_exp_golomb(BitReader& br);

/// Appends one context's table to the table bit stream (format in rans_tables.cpp).
void write_table(BitWriter& bw, std::span<const std::uint8_t> log_freq);
/// Reads one context's table: its log-quantised frequencies, empty for an unused context.
/// Throws Error(kCorrupt) prefixed with `what` on a malformed or short table.
std::vector<std::uint8_t> read_table(BitReader& br, const std::string& what);

}  // namespace codec::rans
