#include "huffman_coder.hpp"

#include "bit_io.hpp"
#include "huffman_build.hpp"
#include "primitives.hpp"

#include <codec/error.hpp>
#include <codec/format.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace codec::huffman {
namespace {

constexpr int kLutBits = 11;

[[noreturn]] void corrupt(const ByteReader& in, const std::string& msg) {
  throw Error(ErrorCode::kCorrupt, in.what() + ": " + msg);
}

void write_table(ByteWriter& out, std::span<const std::uint8_t> lengths) {
  BitWriter bw;
  for (std::size_t i = 0; i < lengths.size();) {
    if (lengths[i] != 0) {
      bw.put(lengths[i], 5);
      ++i;
      continue;
    }
    std::size_t run = 1;
    while (i + run < lengths.size() && lengths[i + run] == 0) ++run;
    bw.put(0, 5);
    bw.put_gamma(static_cast<std::uint32_t>(run));
    i += run;
  }
  auto bits = bw.bit_count();
  auto bytes = bw.finish();
  out.varint(static_cast<std::uint32_t>(bits));
  out.bytes(bytes);
}

// Reads `varint bits` and the bytes that hold them.
std::pair<std::span<const std::uint8_t>, std::uint64_t> read_bits_field(ByteReader& in) {
  std::uint64_t bits = in.varint();
  std::size_t nbytes = static_cast<std::size_t>((bits + 7) / 8);
  auto bytes = in.bytes(nbytes);
  if (!padding_is_zero(bytes, bits)) corrupt(in, "non-zero padding bits");
  return {bytes, bits};
}

struct Table {
  std::int32_t first = 0;
  std::vector<std::uint8_t> lengths;
};

Table read_table(ByteReader& in) {
  Table t;
  t.first = unzigzag(in.varint());
  std::uint32_t range = in.varint();
  if (range == 0 || range > kMaxAlphabet)
    corrupt(in, "symbol range " + std::to_string(range) + " outside 1.." +
                    std::to_string(kMaxAlphabet));
  if (static_cast<std::int64_t>(t.first) + range - 1 > INT32_MAX) corrupt(in, "symbol overflow");
  auto [bytes, bits] = read_bits_field(in);
  BitReader br(bytes, bits);
  t.lengths.assign(range, 0);
  for (std::uint32_t i = 0; i < range;) {
    std::uint32_t l = br.get(5);
    if (br.overflowed()) corrupt(in, "code-length table ends early");
    if (l == 0) {
      std::uint32_t run = br.get_gamma();
      if (run == 0 || run > range - i) corrupt(in, "bad run in code-length table");
      i += run;
    } else {
      if (l > static_cast<std::uint32_t>(kMaxCodeLength))
        corrupt(in, "code length " + std::to_string(l) + " above " +
                        std::to_string(kMaxCodeLength));
      t.lengths[i++] = static_cast<std::uint8_t>(l);
    }
  }
  if (br.overflowed() || br.bits_used() != bits) corrupt(in, "code-length table size mismatch");
  if (!is_valid_code(t.lengths)) corrupt(in, "code lengths do not form a complete prefix code");
  return t;
}

// Canonical decoder: an 11-bit lookup table for short codes, the canonical ranges for longer.
class Decoder {
 public:
  explicit Decoder(const std::vector<std::uint8_t>& lengths) {
    for (auto l : lengths) max_len_ = std::max<int>(max_len_, l);
    lut_bits_ = std::min(max_len_, kLutBits);
    auto codes = canonical_codes(lengths);
    std::vector<std::uint32_t> count(static_cast<std::size_t>(max_len_) + 1, 0);
    for (auto l : lengths)
      if (l) ++count[l];
    // sorted_: symbols ordered by (length, symbol), i.e. by canonical code.
    first_code_.assign(static_cast<std::size_t>(max_len_) + 1, 0);
    first_index_.assign(static_cast<std::size_t>(max_len_) + 1, 0);
    count_ = count;
    std::uint32_t idx = 0;
    for (int len = 1; len <= max_len_; ++len) {
      first_index_[len] = idx;
      idx += count[len];
    }
    sorted_.resize(idx);
    std::vector<std::uint32_t> fill = first_index_;
    for (std::size_t s = 0; s < lengths.size(); ++s)
      if (lengths[s]) {
        if (fill[lengths[s]] == first_index_[lengths[s]]) first_code_[lengths[s]] = codes[s];
        sorted_[fill[lengths[s]]++] = static_cast<std::uint32_t>(s);
      }
    lut_.assign(std::size_t{1} << lut_bits_, 0);
    for (std::size_t s = 0; s < lengths.size(); ++s) {
      int l = lengths[s];
      if (l == 0 || l > lut_bits_) continue;
      std::uint32_t lo = codes[s] << (lut_bits_ - l);
      std::uint32_t hi = lo + (1u << (lut_bits_ - l));
      for (std::uint32_t c = lo; c < hi; ++c) lut_[c] = (static_cast<std::uint32_t>(s) << 5) | l;
    }
  }

  // Symbol index, or -1 for a bit pattern that is no code (possible only for the one-symbol
  // code, whose pattern "1" is unused).
  std::int64_t decode(BitReader& br) const {
    std::uint32_t e = lut_[br.peek(lut_bits_)];
    if (e != 0) {
      br.skip(static_cast<int>(e & 31));
      return e >> 5;
    }
    std::uint32_t bits = br.peek(max_len_);
    for (int len = lut_bits_ + 1; len <= max_len_; ++len) {
      std::uint32_t code = bits >> (max_len_ - len);
      if (count_[len] && code >= first_code_[len] && code - first_code_[len] < count_[len]) {
        br.skip(len);
        return sorted_[first_index_[len] + (code - first_code_[len])];
      }
    }
    return -1;
  }

 private:
  int max_len_ = 0;
  int lut_bits_ = 0;
  std::vector<std::uint32_t> lut_;  // (symbol << 5) | length, 0 = longer than lut_bits_
  std::vector<std::uint32_t> count_, first_code_, first_index_, sorted_;
};

}  // namespace

std::uint64_t write_block(ByteWriter& out, std::span<const std::int32_t> symbols) {
  if (symbols.empty()) throw Error(ErrorCode::kInvalidArgument, "empty symbol block");
  auto [lo_it, hi_it] = std::minmax_element(symbols.begin(), symbols.end());
  const std::int32_t lo = *lo_it;
  const std::int64_t range = static_cast<std::int64_t>(*hi_it) - lo + 1;
  if (range > kMaxAlphabet)
    throw Error(ErrorCode::kInvalidArgument,
                "symbol range " + std::to_string(range) + " above " + std::to_string(kMaxAlphabet));
  std::vector<std::uint64_t> hist(static_cast<std::size_t>(range), 0);
  for (auto s : symbols) ++hist[static_cast<std::size_t>(s - lo)];
  auto lengths = build_lengths(hist, kMaxCodeLength);
  auto codes = canonical_codes(lengths);

  out.varint(zigzag(lo));
  out.varint(static_cast<std::uint32_t>(range));
  write_table(out, lengths);

  BitWriter bw;
  for (auto s : symbols) {
    auto i = static_cast<std::size_t>(s - lo);
    bw.put(codes[i], lengths[i]);
  }
  std::uint64_t bits = bw.bit_count();
  if (bits > 0xFFFFFFFFull) throw Error(ErrorCode::kLimitExceeded, "symbol block above 2^32 bits");
  auto bytes = bw.finish();
  out.varint(static_cast<std::uint32_t>(bits));
  out.bytes(bytes);
  return bits;
}

std::uint64_t read_block(ByteReader& in, std::span<std::int32_t> out) {
  Table t = read_table(in);
  auto [bytes, bits] = read_bits_field(in);
  // Every code is at least one bit long, so the payload cannot hold more symbols than bits.
  if (bits < out.size()) corrupt(in, "symbol payload shorter than its symbol count");
  Decoder dec(t.lengths);
  BitReader br(bytes, bits);
  for (auto& o : out) {
    std::int64_t s = dec.decode(br);
    if (s < 0) corrupt(in, "invalid Huffman code");
    o = static_cast<std::int32_t>(t.first + s);
  }
  if (br.overflowed()) throw Error(ErrorCode::kTruncated, in.what() + ": symbol payload ends early");
  if (br.bits_used() != bits) corrupt(in, "symbol payload has unused bits");
  return bits;
}

std::uint64_t skip_block(ByteReader& in) {
  in.varint();
  std::uint32_t range = in.varint();
  if (range == 0 || range > kMaxAlphabet) corrupt(in, "symbol range out of bounds");
  read_bits_field(in);
  return read_bits_field(in).second;
}

std::uint64_t skip_blocks(ByteReader& in, int count) {
  std::uint64_t bits = 0;
  for (int i = 0; i < count; ++i) bits += skip_block(in);
  return bits;
}

}  // namespace codec::huffman
