#include "mask_coder.hpp"

#include "bit_io.hpp"

#include <codec/error.hpp>

#include <algorithm>
#include <span>
#include <string>
#include <vector>

namespace codec {

namespace {

void write_runs_gamma(ByteWriter& out, const Image& mask) {
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

Image read_runs_gamma(ByteReader& in, BitReader& br, std::uint64_t bits, int width, int height) {
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
  return mask;
}

// Order-k exponential-Golomb code of v >= 0.
void put_eg(BitWriter& bw, std::uint32_t v, int k) {
  bw.put_gamma((v >> k) + 1);
  bw.put(v & ((1u << k) - 1), k);
}
std::uint32_t get_eg(BitReader& br, int k) {
  const std::uint32_t g = br.get_gamma();
  if (g == 0) return 0xFFFFFFFFu;  // malformed; callers range-check
  return ((g - 1) << k) | br.get(k);
}
std::uint32_t zz(std::int64_t v) { return static_cast<std::uint32_t>(v >= 0 ? 2 * v : -2 * v - 1); }
std::int64_t unzz(std::uint32_t u) { return (u & 1) ? -static_cast<std::int64_t>(u >> 1) - 1 : static_cast<std::int64_t>(u >> 1); }

using Runs = std::vector<std::pair<int, int>>;  // [start, end)

void write_row_delta(BitWriter& bw, const MaskRuns& runs) {
  std::span<const std::pair<int, int>> prev;
  for (int y = 0; y < runs.height(); ++y) {
    const std::span<const std::pair<int, int>> cur(runs.runs.data() + runs.row_begin[static_cast<std::size_t>(y)],
                                                   runs.row_begin[static_cast<std::size_t>(y) + 1] - runs.row_begin[static_cast<std::size_t>(y)]);
    put_eg(bw, zz(static_cast<std::int64_t>(cur.size()) - static_cast<std::int64_t>(prev.size())), 0);
    if (cur.size() == prev.size()) {
      for (std::size_t i = 0; i < cur.size(); ++i) {
        put_eg(bw, zz(cur[i].first - prev[i].first), 0);
        put_eg(bw, zz(cur[i].second - prev[i].second), 0);
      }
    } else {
      int pos = 0;
      for (const auto& [s, e] : cur) {
        put_eg(bw, static_cast<std::uint32_t>(s - pos), 3);
        put_eg(bw, static_cast<std::uint32_t>(e - s - 1), 3);
        pos = e;
      }
    }
    prev = cur;
  }
}

Image read_row_delta(ByteReader& in, BitReader& br, std::uint64_t bits, int width, int height, MaskRuns& runs) {
  Image mask(width, height, 1);
  Runs prev, cur;
  const std::size_t max_runs = static_cast<std::size_t>(width + 1) / 2;
  auto corrupt = [&](const char* why) { throw Error(ErrorCode::kCorrupt, in.what() + ": " + why); };
  for (int y = 0; y < height; ++y) {
    const std::int64_t count = static_cast<std::int64_t>(prev.size()) + unzz(get_eg(br, 0));
    if (br.overflowed()) throw Error(ErrorCode::kTruncated, in.what() + ": mask rows end early");
    if (count < 0 || static_cast<std::size_t>(count) > max_runs) corrupt("bad run count");
    cur.assign(static_cast<std::size_t>(count), {0, 0});
    int last_end = -1;
    for (std::size_t i = 0; i < cur.size(); ++i) {
      std::int64_t s, e;
      if (cur.size() == prev.size()) {
        s = prev[i].first + unzz(get_eg(br, 0));
        e = prev[i].second + unzz(get_eg(br, 0));
      } else {
        s = (i == 0 ? 0 : last_end) + static_cast<std::int64_t>(get_eg(br, 3));
        e = s + 1 + static_cast<std::int64_t>(get_eg(br, 3));
      }
      if (br.overflowed()) throw Error(ErrorCode::kTruncated, in.what() + ": mask rows end early");
      // Runs are non-empty, inside the row, and separated by at least one background pixel.
      if (s < 0 || e <= s || e > width || (i > 0 && s <= last_end)) corrupt("bad run");
      cur[i] = {static_cast<int>(s), static_cast<int>(e)};
      last_end = static_cast<int>(e);
      std::fill(mask.row(y) + s, mask.row(y) + e, 255);
    }
    runs.add_row(cur);
    std::swap(prev, cur);
  }
  if (br.bits_used() != bits) corrupt("unused bits after the last row");
  return mask;
}

}  // namespace

void write_mask(ByteWriter& out, MaskMethod method, const Image& mask, const MaskRuns& runs) {
  if (method == MaskMethod::kRunLengthGamma) {
    write_runs_gamma(out, mask);
    return;
  }
  BitWriter bw;
  write_row_delta(bw, runs);
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
  if (method == MaskMethod::kRowDelta) return read_row_delta(in, br, bits, width, height, runs);
  Image mask = read_runs_gamma(in, br, bits, width, height);
  runs = mask_runs(mask);
  return mask;
}

}  // namespace codec
