#include "mask_coder.hpp"

#include "bit_io.hpp"
#include "registry.hpp"

#include <codec/error.hpp>

#include <string>

namespace codec {

void write_mask(ByteWriter& out, MaskMethod method, const Image& mask, const MaskRuns& runs) {
  BitWriter bw;
  coder(method).ops->encode(bw, mask, runs);
  const auto bits = bw.bit_count();
  if (bits > 0xFFFFFFFFull) throw Error(ErrorCode::kLimitExceeded, "MASK: above 2^32 bits");
  out.varint(static_cast<std::uint32_t>(bits));
  out.bytes(bw.finish());
}

Image read_mask(ByteReader& in, MaskMethod method, int width, int height, MaskRuns& runs) {
  const std::uint64_t bits = in.varint();
  auto bytes = in.bytes(static_cast<std::size_t>((bits + 7) / 8));
  if (!padding_is_zero(bytes, bits)) throw Error(ErrorCode::kCorrupt, in.what() + ": non-zero padding bits");
  BitReader br(bytes, bits);
  runs = MaskRuns{};
  return coder(method).ops->decode(in, br, bits, width, height, runs);
}

}  // namespace codec
