// rans.hpp - static-model range asymmetric numeral systems (rANS) with context tables, and the
// token scheme for unsigned integers.
//
// Each context has a shift k (0..kMaxShift) chosen by the encoder: a value v is coded as its
// high part h = v >> k and k raw low bits. h is split into a token and raw extra bits ("hybrid
// uint"): h < 32 is its own token; above, token = 32 + 2 (n - 5) + (second-highest bit),
// n = floor(log2 h), followed by the n - 1 low bits of h raw. Tokens are coded with rANS (32-bit
// state, byte renormalisation, 10-bit probabilities), one frequency table per context,
// transmitted log-quantised; raw bits (first h's extra bits, then v's k low bits) go to a
// separate bit stream.
//
// A stream has one or more lanes: independent rANS states sharing the byte stream, each symbol
// belonging to a lane the section coder names (the ROI coder gives each colour plane its own,
// so that a decoder works on three dependency chains at once). The encoder runs backwards over
// the symbols, renormalising the symbol's lane before coding it; the decoder runs forwards,
// renormalising the lane after decoding, so it reads the bytes in the order they were written.
//
// Stream layout (a "symbol stream", used by the BKGD and ROIP sections of newer methods):
//   varint table_bits, then the tables' bit stream: per context EG0(k) and the table
//     (write_table in rans_tables.cpp)
//   varint raw_bits, then ceil(raw_bits / 8) bytes: zero padding bits to a byte boundary
//     first, then the raw bits in decoding order, MSB first (the encoder writes them
//     backwards, during its backward rANS pass)
//   varint rans_bytes, then the rANS bytes: the final state of each lane (4 bytes, most
//     significant first, lane 0 first), then the renormalisation bytes in decoding order
#pragma once

#include "bit_io.hpp"
#include "byte_io.hpp"
#include "primitives.hpp"

#include <array>
#include <bit>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace codec::rans {

inline constexpr int kProbBits = 10;
inline constexpr std::uint32_t kProbScale = 1u << kProbBits;
// Renormalisation moves at most two bytes per symbol in either direction (rans.cpp relies on it).
static_assert(kProbBits >= 8 && kProbBits <= 15);
inline constexpr int kDirectTokens = 32;
inline constexpr int kMaxTokens = kDirectTokens + 2 * 27;  // values below 2^32
inline constexpr int kMaxShift = 6;

/// Token and extra bits of a value.
struct Token {
  std::uint32_t token;
  int extra_bits;
  std::uint32_t extra;
};

inline Token tokenize(std::uint32_t v) {
  if (v < kDirectTokens) return {v, 0, 0};
  const int n = std::bit_width(v) - 1;
  const std::uint32_t second = (v >> (n - 1)) & 1u;
  return {static_cast<std::uint32_t>(kDirectTokens + 2 * (n - 5)) + second, n - 1, v & ((1u << (n - 1)) - 1)};
}

/// Number of extra bits of a token, and the value from token + extra bits.
inline int extra_bits_of(std::uint32_t token) {
  return token < kDirectTokens ? 0 : static_cast<int>((token - kDirectTokens) / 2 + 5) - 1;
}
inline std::uint32_t detokenize(std::uint32_t token, std::uint32_t extra) {
  if (token < kDirectTokens) return token;
  const int n = static_cast<int>((token - kDirectTokens) / 2 + 5);
  return (1u << n) | (((token - kDirectTokens) & 1u) << (n - 1)) | extra;
}

using codec::unzigzag;  // primitives.hpp
using codec::zigzag;

/// Collects (context, value) pairs, then writes a symbol stream with tables fitted to them.
class SymbolWriter {
 public:
  /// `contexts` below 2^16, `lanes` 1 to 4.
  SymbolWriter(int contexts, int lanes = 1);
  void put(int context, std::uint32_t value, int lane = 0) {
    const std::uint64_t sym = static_cast<std::uint64_t>(value) | static_cast<std::uint64_t>(context) << 32 |
                              static_cast<std::uint64_t>(lane) << 56;
    symbols_.push_back(sym);
    if (value < kSmallValues)
      ++small_[static_cast<std::size_t>(context) * kSmallValues + value];
    else
      large_.push_back(sym);
  }
  void put_signed(int context, std::int32_t value, int lane = 0) { put(context, zigzag(value), lane); }
  void reserve(std::size_t n) { symbols_.reserve(n); }
  /// Chooses each context's shift and table and appends the stream; returns its size in bytes.
  std::size_t write(ByteWriter& out);
  int contexts() const { return contexts_; }

  /// Values below this are counted per context as they come (the rest, rare, are kept apart).
  static constexpr std::uint32_t kSmallValues = 1024;

 private:
  int contexts_;
  int lanes_;
  std::vector<std::uint64_t> symbols_;  // in coding order: value | context << 32 | lane << 56
  std::vector<std::uint32_t> small_;    // per context: count of each value below kSmallValues
  std::vector<std::uint64_t> large_;    // the other symbols
};

/// Reads a symbol stream. Never throws while decoding symbols: a corrupt or short stream sets a
/// sticky error flag, which the caller checks with finish() once at the end.
class SymbolReader {
 public:
  /// Parses the tables and locates the streams; throws Error on malformed tables.
  SymbolReader(ByteReader& in, int contexts, int lanes = 1);
  std::uint32_t get(int context, int lane = 0) {
    std::uint32_t& x = x_[lane];
    const Context& cx = ctx_[static_cast<std::size_t>(context)];
    const std::uint32_t e = cx.slots[x & (kProbScale - 1)];
    x = (e >> 17) * (x >> kProbBits) + ((e >> 7) & (kProbScale - 1));
    while (x < kLow) {  // (a branch-free version measured slower: the branch predicts well)
      if (pos_ < end_)
        x = (x << 8) | *pos_++;
      else {
        bad_ = true;
        x = kLow;
      }
    }
    // The token's value with the context's shift applied, and how many raw bits complete it
    // (at most 30: the constructor rejects tables that could make more).
    const std::uint64_t s = cx.tokens[e & 127u];
    return static_cast<std::uint32_t>(s >> 6) + raw_.get(static_cast<int>(s & 63u));
  }
  std::int32_t get_signed(int context, int lane = 0) { return unzigzag(get(context, lane)); }
  /// Throws Error(kCorrupt/kTruncated) unless every byte and raw bit was used exactly and the
  /// final state is the encoder's initial one.
  void finish(const std::string& what);

  static constexpr std::uint32_t kLow = 1u << 23;

 private:
  struct Context {
    // Per probability slot: token | (slot - start) << 7 | freq << 17.
    const std::uint32_t* slots;
    // Per token: (base value << shift) << 6 | (extra bits + shift).
    const std::uint64_t* tokens;
  };
  std::vector<Context> ctx_;
  std::unique_ptr<std::uint32_t[]> slots_;  // every slot of every table is written before use
  std::vector<std::uint64_t> tokens_;
  BitReader raw_{{}, 0};
  std::uint64_t raw_bits_ = 0;
  const std::uint8_t* pos_ = nullptr;
  const std::uint8_t* end_ = nullptr;
  static constexpr int kMaxLanes = 4;
  std::uint32_t x_[kMaxLanes] = {};
  int lanes_ = 1;
  bool bad_ = false;
};

}  // namespace codec::rans
