// bool_coder.hpp - an adaptive binary arithmetic coder: a 32-bit range coder for binary decisions
// with 16-bit probabilities, and the adaptive probability (AdaptiveBit) it codes with.
//
// Coding a bit with P(bit = 0) = p / 65536 (1 <= p <= 65535) splits the range at
// bound = (range >> 16) * p: a 0 keeps [0, bound), a 1 keeps [bound, range). Whenever range drops
// below 2^24 the coder shifts out a byte (range <<= 8), so range >= 2^24 before every split and
// neither side is ever empty. The encoder keeps a 33-bit low and propagates carries through a
// held byte and a run of 0xFF bytes (the LZMA scheme); flush() writes out low's four bytes.
//
// Stream: the bytes in order; the decoder starts with code = the first four bytes (most
// significant first) and shifts in one byte per renormalisation, exactly as the encoder shifted
// them out, so a decoder that has decoded every bit has read exactly the stream's bytes. Reading
// past the end yields zeros and is counted (overread()); the caller decides it is a truncation.
// A garbled stream only decodes to wrong bits: every operation is total on any input.
//
// AdaptiveBit: P(0) in 16 bits, moved after each bit towards the outcome by the fraction
// 1 / (n + 1.5), n = the number of bits it has seen so far, capped at kRateLimit: close to a
// frequency count over the first bits, an exponentially fading average afterwards. p stays
// within [kProbMin, 65536 - kProbMin].
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

// The per-bit functions of the coders built on this one are forced inline where the compiler
// allows it: GCC otherwise keeps an out-of-line copy of the hot ones, and the call (saving
// registers, reloading the coder's state) costs as much as coding the bit.
#if defined(__GNUC__)
#define SMEARPRESS_BIT_INLINE [[gnu::always_inline]] inline
#else
#define SMEARPRESS_BIT_INLINE inline
#endif

namespace codec::bool_coder {

inline constexpr int kProbBits = 16;
inline constexpr std::uint32_t kProbOne = 1u << kProbBits;
inline constexpr int kProbMin = 48;
inline constexpr std::uint32_t kTop = 1u << 24;

/// Steady-state adaptation: n stops at kRateLimit, i.e. a rate of about 1 / (kRateLimit + 1.5).
inline constexpr int kRateLimit = 30;

/// 65536 / (n + 1.5) for n = 0..kRateLimit, the update weights of AdaptiveBit (16.16 fixed point).
struct RateTable {
  std::uint32_t w[kRateLimit + 1];
  constexpr RateTable() : w{} {
    for (int n = 0; n <= kRateLimit; ++n) w[n] = static_cast<std::uint32_t>(131072 / (2 * n + 3));
  }
};
inline constexpr RateTable kRates{};

/// An adaptive estimate of P(bit = 0); 4 bytes, starts at 1/2 (or at a given prior).
struct AdaptiveBit {
  std::uint16_t p0 = kProbOne / 2;
  std::uint16_t n = 0;

  SMEARPRESS_BIT_INLINE void update(int bit) {
    const std::int32_t target = bit ? kProbMin : static_cast<std::int32_t>(kProbOne) - kProbMin;
    const std::int32_t delta = target - p0;
    const std::int64_t step = (static_cast<std::int64_t>(delta) * kRates.w[n]) >> 16;
    p0 = static_cast<std::uint16_t>(p0 + step);
    n = static_cast<std::uint16_t>(n + (n < kRateLimit));
  }
};

class Encoder {
 public:
  Encoder() { out_.reserve(4096); }

  SMEARPRESS_BIT_INLINE void put(int bit, AdaptiveBit& prob) {
    put(bit, prob.p0);
    prob.update(bit);
  }
  /// A bit with P(0) = p0 / 65536, 1 <= p0 <= 65535. Branch-free but for the renormalisation,
  /// as the decoder: the bits are rarely predictable.
  SMEARPRESS_BIT_INLINE void put(int bit, std::uint32_t p0) {
    const std::uint32_t bound = (range_ >> kProbBits) * p0;
    const std::uint32_t mask = 0u - static_cast<std::uint32_t>(bit != 0);
    low_ += bound & mask;
    range_ = ((range_ - bound) & mask) | (bound & ~mask);
    while (range_ < kTop) {
      range_ <<= 8;
      shift_low();
    }
  }
  /// A bit with probability 1/2 and no model.
  void put_raw(int bit) {
    const std::uint32_t half = range_ >> 1;
    if (bit) low_ += half;
    range_ = bit ? range_ - half : half;
    while (range_ < kTop) {
      range_ <<= 8;
      shift_low();
    }
  }

  /// Writes out the final state and returns the stream.
  std::vector<std::uint8_t> finish() {
    for (int i = 0; i < 5; ++i) shift_low();
    // The first byte out is the initial held byte, always 0: the decoder assumes it.
    out_.erase(out_.begin());
    return std::move(out_);
  }

 private:
  void shift_low() {
    if (static_cast<std::uint32_t>(low_) < 0xFF000000u || (low_ >> 32) != 0) {
      const auto carry = static_cast<std::uint8_t>(low_ >> 32);
      out_.push_back(static_cast<std::uint8_t>(held_ + carry));
      for (; pending_ff_ > 0; --pending_ff_)
        out_.push_back(static_cast<std::uint8_t>(0xFF + carry));
      held_ = static_cast<std::uint8_t>(low_ >> 24);
    } else {
      ++pending_ff_;
    }
    low_ = (low_ & 0x00FFFFFFu) << 8;
  }

  std::uint64_t low_ = 0;
  std::uint32_t range_ = 0xFFFFFFFFu;
  std::uint8_t held_ = 0;
  std::size_t pending_ff_ = 0;
  std::vector<std::uint8_t> out_;
};

class Decoder {
 public:
  explicit Decoder(std::span<const std::uint8_t> in) : in_(in) {
    for (int i = 0; i < 4; ++i) code_ = (code_ << 8) | next_byte();
  }

  SMEARPRESS_BIT_INLINE int get(AdaptiveBit& prob) {
    const int bit = get(prob.p0);
    prob.update(bit);
    return bit;
  }
  /// A bit with P(0) = p0 / 65536, 1 <= p0 <= 65535. Branch-free but for the renormalisation:
  /// the decoded bit is rarely predictable.
  SMEARPRESS_BIT_INLINE int get(std::uint32_t p0) {
    const std::uint32_t bound = (range_ >> kProbBits) * p0;
    const std::uint32_t bit = code_ >= bound;
    const std::uint32_t mask = 0u - bit;
    code_ -= bound & mask;
    range_ = ((range_ - bound) & mask) | (bound & ~mask);
    normalize();
    return static_cast<int>(bit);
  }
  int get_raw() {
    const std::uint32_t half = range_ >> 1;
    const int bit = code_ >= half;
    if (bit) {
      code_ -= half;
      range_ -= half;
    } else {
      range_ = half;
    }
    normalize();
    return bit;
  }

  /// Bytes requested beyond the end of the stream (each read as 0).
  std::size_t overread() const { return overread_; }
  /// Bytes of the stream not yet read.
  std::size_t remaining() const { return in_.size() - pos_; }

 private:
  // A split keeps range >= (2^24 >> 16) * 1 = 2^8 (p0 in 1..65535), so at most two bytes come in.
  // While two bytes remain they are read without the end checks of next_byte().
  SMEARPRESS_BIT_INLINE void normalize() {
    if (range_ >= kTop) return;
    if (in_.size() - pos_ >= 2) {
      range_ <<= 8;
      code_ = (code_ << 8) | in_[pos_++];
      if (range_ >= kTop) return;
      range_ <<= 8;
      code_ = (code_ << 8) | in_[pos_++];
      return;
    }
    normalize_near_end();
  }
  void normalize_near_end() {
    range_ <<= 8;
    code_ = (code_ << 8) | next_byte();
    if (range_ >= kTop) return;
    range_ <<= 8;
    code_ = (code_ << 8) | next_byte();
  }
  std::uint32_t next_byte() {
    if (pos_ < in_.size()) return in_[pos_++];
    ++overread_;
    return 0;
  }

  std::span<const std::uint8_t> in_;
  std::size_t pos_ = 0;
  std::size_t overread_ = 0;
  std::uint32_t code_ = 0;
  std::uint32_t range_ = 0xFFFFFFFFu;
};

}  // namespace codec::bool_coder
