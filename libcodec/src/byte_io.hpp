// byte_io.hpp - little-endian byte writer and a bounds-checked byte reader.
#pragma once

#include <codec/error.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace codec {

class ByteWriter {
 public:
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) {
    u8(static_cast<std::uint8_t>(v));
    u8(static_cast<std::uint8_t>(v >> 8));
  }
  void u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v));
    u16(static_cast<std::uint16_t>(v >> 16));
  }
  /// Unsigned LEB128.
  void varint(std::uint32_t v) {
    while (v >= 0x80) {
      u8(static_cast<std::uint8_t>(v | 0x80));
      v >>= 7;
    }
    u8(static_cast<std::uint8_t>(v));
  }
  void bytes(std::span<const std::uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }

  std::size_t size() const { return out_.size(); }
  std::vector<std::uint8_t>& buffer() { return out_; }
  std::vector<std::uint8_t> take() { return std::move(out_); }

 private:
  std::vector<std::uint8_t> out_;
};

/// Reads from a span; every read past the end throws Error(kTruncated) naming `what`.
class ByteReader {
 public:
  ByteReader(std::span<const std::uint8_t> data, std::string what)
      : data_(data), what_(std::move(what)) {}

  std::uint8_t u8() {
    need(1);
    return data_[pos_++];
  }
  std::uint16_t u16() {
    need(2);
    auto v = static_cast<std::uint16_t>(data_[pos_] | (data_[pos_ + 1] << 8));
    pos_ += 2;
    return v;
  }
  std::uint32_t u32() {
    need(4);
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | data_[pos_ + i];
    pos_ += 4;
    return v;
  }
  /// Unsigned LEB128 below 2^32, at most 5 bytes, no overlong forms.
  std::uint32_t varint() {
    std::uint64_t v = 0;
    for (int i = 0; i < 5; ++i) {
      std::uint8_t b = u8();
      v |= static_cast<std::uint64_t>(b & 0x7F) << (7 * i);
      if (!(b & 0x80)) {
        if (i > 0 && b == 0) throw Error(ErrorCode::kCorrupt, what_ + ": overlong varint");
        if (v > 0xFFFFFFFFull) throw Error(ErrorCode::kCorrupt, what_ + ": varint out of range");
        return static_cast<std::uint32_t>(v);
      }
    }
    throw Error(ErrorCode::kCorrupt, what_ + ": varint longer than 5 bytes");
  }
  std::span<const std::uint8_t> bytes(std::size_t n) {
    need(n);
    auto s = data_.subspan(pos_, n);
    pos_ += n;
    return s;
  }

  std::size_t position() const { return pos_; }
  std::size_t remaining() const { return data_.size() - pos_; }
  const std::string& what() const { return what_; }

 private:
  void need(std::size_t n) const {
    if (n > data_.size() - pos_)
      throw Error(ErrorCode::kTruncated, what_ + ": data ends early (need " + std::to_string(n) +
                                             " more bytes, " + std::to_string(remaining()) +
                                             " left)");
  }

  std::span<const std::uint8_t> data_;
  std::string what_;
  std::size_t pos_ = 0;
};

}  // namespace codec
