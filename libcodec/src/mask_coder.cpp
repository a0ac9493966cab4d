#include "mask_coder.hpp"

#include "bit_io.hpp"

#include <codec/error.hpp>

#include <algorithm>
#include <string>

namespace codec {

void write_mask(ByteWriter& out, const Image& mask) {
  BitWriter bw;
  const std::size_t n = mask.pixel_count();
  bool value = false;  // runs alternate, starting with background
  bool first = true;
  for (std::size_t i = 0; i < n || first;) {
    std::size_t j = i;
    while (j < n && (mask.data[j] != 0) == value) ++j;
    const auto run = static_cast<std::uint32_t>(j - i);
    bw.put_gamma(first ? run + 1 : run);
    first = false;
    value = !value;
    i = j;
  }
  auto bits = bw.bit_count();
  if (bits > 0xFFFFFFFFull) throw Error(ErrorCode::kLimitExceeded, "MASK: above 2^32 bits");
  out.varint(static_cast<std::uint32_t>(bits));
  out.bytes(bw.finish());
}

Image read_mask(ByteReader& in, int width, int height) {
  const std::uint64_t bits = in.varint();
  auto bytes = in.bytes(static_cast<std::size_t>((bits + 7) / 8));
  if (!padding_is_zero(bytes, bits))
    throw Error(ErrorCode::kCorrupt, in.what() + ": non-zero padding bits");
  Image mask(width, height, 1);
  const std::size_t n = mask.pixel_count();
  BitReader br(bytes, bits);
  std::size_t pos = 0;
  bool value = false;
  bool first = true;
  while (pos < n) {
    std::uint32_t code = br.get_gamma();
    if (br.overflowed()) throw Error(ErrorCode::kTruncated, in.what() + ": run lengths end early");
    if (code == 0) throw Error(ErrorCode::kCorrupt, in.what() + ": malformed run length");
    const std::size_t run = first ? code - 1 : code;
    if (run > n - pos)
      throw Error(ErrorCode::kCorrupt, in.what() + ": run lengths exceed the image size");
    if (value) std::fill_n(mask.data.begin() + static_cast<std::ptrdiff_t>(pos), run, 255);
    pos += run;
    value = !value;
    first = false;
  }
  if (br.bits_used() != bits)
    throw Error(ErrorCode::kCorrupt, in.what() + ": unused bits after the last run");
  return mask;
}

}  // namespace codec
