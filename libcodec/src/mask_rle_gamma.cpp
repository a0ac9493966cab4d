#include "mask_rle_gamma.hpp"

#include <codec/error.hpp>

#include <algorithm>
#include <string>

namespace codec {
namespace {

void write_runs_gamma(BitWriter& bw, const Image& mask, const MaskRuns&) {
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
}

Image read_runs_gamma(const ByteReader& in, BitReader& br, std::uint64_t bits, int width, int height, MaskRuns& runs) {
  Image mask(width, height, 1);
  const std::size_t n = mask.pixel_count();
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
  runs = mask_runs(mask);
  return mask;
}

}  // namespace

extern const MaskOps kRunLengthGammaOps = {write_runs_gamma, read_runs_gamma};

}  // namespace codec
