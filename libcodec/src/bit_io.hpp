// bit_io.hpp - MSB-first bit writer and reader.
//
// The reader never throws in its hot loop: reading past the end yields zero bits and sets a
// sticky flag, which callers check once per block (overflowed()).
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace codec {

class BitWriter {
 public:
  /// Appends the low `n` bits of `v` (0 <= n <= 32), most significant first.
  void put(std::uint32_t v, int n) {
    acc_ = (acc_ << n) | (v & ((std::uint64_t{1} << n) - 1));
    bits_ += n;
    total_ += static_cast<std::uint64_t>(n);
    if (bits_ >= 32) {  // at most 63 bits pending: flush the oldest 32
      bits_ -= 32;
      const auto w = static_cast<std::uint32_t>(acc_ >> bits_);
      if (len_ + 4 > out_.size()) out_.resize(std::max<std::size_t>(64, 2 * out_.size()));
      out_[len_] = static_cast<std::uint8_t>(w >> 24);
      out_[len_ + 1] = static_cast<std::uint8_t>(w >> 16);
      out_[len_ + 2] = static_cast<std::uint8_t>(w >> 8);
      out_[len_ + 3] = static_cast<std::uint8_t>(w);
      len_ += 4;
    }
  }
  void put_bit(bool b) { put(b ? 1u : 0u, 1); }
  /// Elias-gamma code of v >= 1: floor(log2 v) zeros, then v in binary.
  void put_gamma(std::uint32_t v) {
    const int n = std::bit_width(v) - 1;
    put(0, n);
    put(v, n + 1);
  }
  /// Reserves room for about `bits` more bits.
  void reserve_bits(std::uint64_t bits) { out_.resize(std::max(out_.size(), len_ + static_cast<std::size_t>(bits / 8) + 8)); }
  /// Pads with zero bits to a byte boundary and returns the bytes.
  std::vector<std::uint8_t> finish() {
    out_.resize(len_);
    while (bits_ >= 8) {
      bits_ -= 8;
      out_.push_back(static_cast<std::uint8_t>(acc_ >> bits_));
    }
    if (bits_ > 0) out_.push_back(static_cast<std::uint8_t>(acc_ << (8 - bits_)));
    bits_ = 0;
    len_ = 0;
    return std::move(out_);
  }
  std::uint64_t bit_count() const { return total_; }

 private:
  std::vector<std::uint8_t> out_;  // the first len_ bytes are written
  std::size_t len_ = 0;
  std::uint64_t acc_ = 0;
  int bits_ = 0;
  std::uint64_t total_ = 0;
};

/// True when the bits after the first `bit_count` bits of `data` (the padding of the last byte)
/// are all zero, as writers produce them.
inline bool padding_is_zero(std::span<const std::uint8_t> data, std::uint64_t bit_count) {
  const int used = static_cast<int>(bit_count % 8);
  return used == 0 || data.empty() || (data.back() & (0xFFu >> used)) == 0;
}

class BitReader {
 public:
  /// Reads the first `bit_count` bits of `data` (bit_count <= 8 * data.size()).
  BitReader(std::span<const std::uint8_t> data, std::uint64_t bit_count)
      : begin_(data.data()), p_(data.data()), end_(data.data() + data.size()), limit_(bit_count) {}

  /// The next `n` bits (1 <= n <= 32) without consuming them; zeros past the end.
  std::uint32_t peek(int n) {
    if (avail_ < n) refill();
    return static_cast<std::uint32_t>(buf_ >> (64 - n));
  }
  void skip(int n) {
    buf_ <<= n;
    avail_ -= n;
  }
  /// The next `n` bits, 0 <= n <= 32.
  std::uint32_t get(int n) {
    if (avail_ < n) refill();
    const auto v = static_cast<std::uint32_t>((buf_ >> 1) >> (63 - n));  // n = 0 gives 0
    skip(n);
    return v;
  }
  bool get_bit() { return get(1) != 0; }
  /// Elias-gamma; returns 0 (never a valid value) on a code longer than 32 bits.
  std::uint32_t get_gamma() {
    int zeros = 0;
    while (!get_bit()) {
      if (++zeros > 31 || overflowed()) return 0;
    }
    std::uint32_t v = 1;
    if (zeros > 0) v = (1u << zeros) | get(zeros);
    return v;
  }
  /// True once more bits were consumed than the stream holds.
  bool overflowed() const { return bits_used() > limit_; }
  /// Bits consumed: those loaded into the buffer (zeros past the end included) less those left.
  std::uint64_t bits_used() const { return 8 * (static_cast<std::uint64_t>(p_ - begin_) + zeros_) - static_cast<std::uint64_t>(avail_); }

 private:
  void refill() {
    if (end_ - p_ >= 8) {
      std::uint64_t v = 0;
      for (int i = 0; i < 8; ++i) v = (v << 8) | p_[i];
      buf_ |= v >> avail_;
      int whole = (63 - avail_) >> 3;
      p_ += whole;
      avail_ += whole * 8;
    } else {
      while (avail_ <= 56) {
        std::uint64_t byte = 0;
        if (p_ < end_)
          byte = *p_++;
        else
          ++zeros_;
        buf_ |= byte << (56 - avail_);
        avail_ += 8;
      }
    }
  }

  const std::uint8_t* begin_;
  const std::uint8_t* p_;
  const std::uint8_t* end_;
  std::uint64_t limit_;
  std::uint64_t buf_ = 0;
  int avail_ = 0;
  std::uint64_t zeros_ = 0;  // zero bytes supplied past the end
};

}  // namespace codec
