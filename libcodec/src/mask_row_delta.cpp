#include "mask_row_delta.hpp"

#include "primitives.hpp"

#include <codec/error.hpp>

#include <algorithm>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace codec {
namespace {

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

using Runs = std::vector<std::pair<int, int>>;  // [start, end)

void write_row_delta(BitWriter& bw, const Image&, const MaskRuns& runs) {
  std::span<const std::pair<int, int>> prev;
  for (int y = 0; y < runs.height(); ++y) {
    const std::span<const std::pair<int, int>> cur(runs.runs.data() + runs.row_begin[static_cast<std::size_t>(y)],
                                                   runs.row_begin[static_cast<std::size_t>(y) + 1] - runs.row_begin[static_cast<std::size_t>(y)]);
    put_eg(bw, zigzag(static_cast<std::int32_t>(cur.size()) - static_cast<std::int32_t>(prev.size())), 0);
    if (cur.size() == prev.size()) {
      for (std::size_t i = 0; i < cur.size(); ++i) {
        put_eg(bw, zigzag(cur[i].first - prev[i].first), 0);
        put_eg(bw, zigzag(cur[i].second - prev[i].second), 0);
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

Image read_row_delta(const ByteReader& in, BitReader& br, std::uint64_t bits, int width, int height, MaskRuns& runs) {
  Image mask(width, height, 1);
  Runs prev, cur;
  const std::size_t max_runs = static_cast<std::size_t>(width + 1) / 2;
  auto corrupt = [&](const char* why) { throw Error(ErrorCode::kCorrupt, in.what() + ": " + why); };
  for (int y = 0; y < height; ++y) {
    const std::int64_t count = static_cast<std::int64_t>(prev.size()) + unzigzag(get_eg(br, 0));
    if (br.overflowed()) throw Error(ErrorCode::kTruncated, in.what() + ": mask rows end early");
    if (count < 0 || static_cast<std::size_t>(count) > max_runs) corrupt("bad run count");
    cur.assign(static_cast<std::size_t>(count), {0, 0});
    int last_end = -1;
    for (std::size_t i = 0; i < cur.size(); ++i) {
      std::int64_t s, e;
      if (cur.size() == prev.size()) {
        s = prev[i].first + unzigzag(get_eg(br, 0));
        e = prev[i].second + unzigzag(get_eg(br, 0));
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

extern const MaskOps kRowDeltaOps = {write_row_delta, read_row_delta};

}  // namespace codec
