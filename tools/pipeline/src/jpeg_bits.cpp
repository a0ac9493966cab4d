#include "jpeg_bits.hpp"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <limits>

namespace smearpress::jpeg_detail {

namespace {

namespace cj = codec::jpeg;
using Lengths = std::array<std::uint8_t, 256>;
using Counts = std::array<std::uint64_t, 256>;

// Natural-order index of each zigzag position.
constexpr std::array<std::uint8_t, 64> kZigzag = {
    0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,  12, 19, 26, 33, 40, 48,
    41, 34, 27, 20, 13, 6,  7,  14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23,
    30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};

int category(int v) { return static_cast<int>(std::bit_width(static_cast<unsigned>(std::abs(v)))); }

std::uint32_t code(const Lengths& len, int symbol) {
  const std::uint8_t l = len[static_cast<std::size_t>(symbol)];
  return l != 0 ? l : 16;
}

// Bit k - 1 set when the AC coefficient at zigzag position k (1..63) is non-zero. Built without
// branches: whether a coefficient is zero is rarely predictable.
std::uint64_t ac_nonzeros(const std::int16_t* b) {
  std::uint64_t nz = 0;
  for (std::size_t k = 1; k < 64; ++k)
    nz |= static_cast<std::uint64_t>(b[kZigzag[k]] != 0) << (k - 1);
  return nz;
}

// The AC symbols a sequential encoder emits for a block: f(symbol, magnitude bits). Walks the
// non-zero coefficients only; `run` is the zeros before each.
template <class F>
void ac_symbols(const std::int16_t* b, F&& f) {
  std::uint64_t nz = ac_nonzeros(b);
  int next = 1;  // zigzag position after the last non-zero
  while (nz != 0) {
    const int k = std::countr_zero(nz) + 1;
    nz &= nz - 1;
    int run = k - next;
    for (; run > 15; run -= 16) f(0xF0, 0);
    const int s = std::min(category(b[kZigzag[static_cast<std::size_t>(k)]]), 15);
    f(run << 4 | s, s);
    next = k + 1;
  }
  if (next < 64) f(0x00, 0);
}

std::uint32_t ac_cost(const std::int16_t* b, const Lengths& len) {
  std::uint32_t bits = 0;
  ac_symbols(b, [&](int symbol, int extra) { bits += code(len, symbol) + static_cast<std::uint32_t>(extra); });
  return bits;
}

int ceil_div(int a, int b) { return (a + b - 1) / b; }

// Calls block(k, bx, by) for every block of a sequential scan of components comp[0..n) in coding
// order (MCU by MCU when interleaved, dummy blocks included), and on_restart() where the DC
// predictors reset.
template <class Block, class Restart>
void walk_scan(const cj::Coefficients& c, int n, const int* comp, unsigned restart, Block&& block,
               Restart&& on_restart) {
  const bool inter = n > 1;
  const cj::Component& c0 = c.components[static_cast<std::size_t>(comp[0])];
  const int mx = inter ? ceil_div(c.width, 8 * c.max_h()) : c0.width_in_blocks;
  const int my = inter ? ceil_div(c.height, 8 * c.max_v()) : c0.height_in_blocks;
  std::uint64_t mcu = 0;
  for (int y = 0; y < my; ++y)
    for (int x = 0; x < mx; ++x, ++mcu) {
      if (restart != 0 && mcu != 0 && mcu % restart == 0) on_restart();
      for (int k = 0; k < n; ++k) {
        const cj::Component& cc = c.components[static_cast<std::size_t>(comp[k])];
        const int hs = inter ? cc.h_samp : 1, vs = inter ? cc.v_samp : 1;
        for (int v = 0; v < vs; ++v)
          for (int h = 0; h < hs; ++h) block(k, x * hs + h, y * vs + v);
      }
    }
}

bool real_block(const cj::Component& comp, int bx, int by) {
  return bx < comp.width_in_blocks && by < comp.height_in_blocks;
}

std::size_t index(const cj::Component& comp, int bx, int by) {
  return static_cast<std::size_t>(by) * comp.width_in_blocks + bx;
}

BlockBits zero_bits(const cj::Coefficients& c) {
  BlockBits bits;
  for (const auto& comp : c.components) bits.emplace_back(comp.block_count(), 0);
  return bits;
}

}  // namespace

BlockBits sequential_bits(const LibjpegRead& r, const cj::BlockSet& wanted) {
  const cj::Coefficients& c = r.coefficients;
  BlockBits bits = zero_bits(c);
  for (const ScanInfo& s : r.scans) {
    if (s.comps_in_scan < 1 || s.comps_in_scan > static_cast<int>(c.components.size())) continue;
    std::array<int, 4> pred{};
    walk_scan(
        c, s.comps_in_scan, s.comp.data(), s.restart_interval,
        [&](int k, int bx, int by) {
          const auto ci = static_cast<std::size_t>(s.comp[static_cast<std::size_t>(k)]);
          const cj::Component& comp = c.components[ci];
          const std::size_t at = static_cast<std::size_t>(by) * r.padded_w[ci] + bx;
          if (at >= r.padded_dc[ci].size()) return;
          const int dc = r.padded_dc[ci][at];
          const int diff = dc - pred[static_cast<std::size_t>(k)];
          pred[static_cast<std::size_t>(k)] = dc;
          if (!real_block(comp, bx, by) || !wanted[ci][index(comp, bx, by)]) return;
          const int cat = category(diff);
          bits[ci][index(comp, bx, by)] = code(s.dc_len[static_cast<std::size_t>(k)], cat) +
                                          static_cast<std::uint32_t>(cat) +
                                          ac_cost(comp.block(bx, by), s.ac_len[static_cast<std::size_t>(k)]);
        },
        [&] { pred.fill(0); });
  }
  return bits;
}

BlockBits optimized_sequential_bits(const cj::Coefficients& c, const cj::BlockSet& wanted) {
  const int n = static_cast<int>(c.components.size());
  const int comps[3] = {0, 1, 2};
  std::array<Counts, 2> dc_freq{}, ac_freq{};  // [0] luma, [1] chroma
  std::array<int, 3> pred{};
  walk_scan(c, n, comps, 0, [&](int k, int bx, int by) {
    const cj::Component& comp = c.components[static_cast<std::size_t>(k)];
    const std::size_t t = k == 0 ? 0 : 1;
    if (!real_block(comp, bx, by)) {  // a dummy block: previous DC, no AC
      ++dc_freq[t][0];
      ++ac_freq[t][0];
      return;
    }
    const int dc = comp.block(bx, by)[0];
    ++dc_freq[t][static_cast<std::size_t>(category(dc - pred[static_cast<std::size_t>(k)]))];
    pred[static_cast<std::size_t>(k)] = dc;
    ac_symbols(comp.block(bx, by), [&](int symbol, int) { ++ac_freq[t][static_cast<std::size_t>(symbol)]; });
  }, [] {});
  const std::array<Lengths, 2> dc_len = {optimal_code_lengths(dc_freq[0]), optimal_code_lengths(dc_freq[1])};
  const std::array<Lengths, 2> ac_len = {optimal_code_lengths(ac_freq[0]), optimal_code_lengths(ac_freq[1])};
  BlockBits bits = zero_bits(c);
  pred.fill(0);
  walk_scan(c, n, comps, 0, [&](int k, int bx, int by) {
    const cj::Component& comp = c.components[static_cast<std::size_t>(k)];
    if (!real_block(comp, bx, by)) return;
    const std::size_t t = k == 0 ? 0 : 1;
    const int dc = comp.block(bx, by)[0];
    const int cat = category(dc - pred[static_cast<std::size_t>(k)]);
    pred[static_cast<std::size_t>(k)] = dc;
    if (!wanted[static_cast<std::size_t>(k)][index(comp, bx, by)]) return;
    bits[static_cast<std::size_t>(k)][index(comp, bx, by)] =
        code(dc_len[t], cat) + static_cast<std::uint32_t>(cat) + ac_cost(comp.block(bx, by), ac_len[t]);
  }, [] {});
  return bits;
}

std::array<std::uint8_t, 256> optimal_code_lengths(const std::array<std::uint64_t, 256>& counts) {
  constexpr int kSymbols = 257;  // symbol 256 reserves the all-ones code word
  if (std::all_of(counts.begin(), counts.end(), [](std::uint64_t n) { return n == 0; })) return {};
  std::array<std::uint64_t, kSymbols> freq{};
  std::copy(counts.begin(), counts.end(), freq.begin());
  freq[256] = 1;
  std::array<int, kSymbols> size{}, next{};  // tree depth; next symbol of the same tree
  next.fill(-1);
  constexpr std::uint64_t kNone = std::numeric_limits<std::uint64_t>::max();
  for (;;) {  // merge the two least frequent trees; ties go to the larger symbol
    int c1 = -1, c2 = -1;
    std::uint64_t v = kNone;
    for (int i = 0; i < kSymbols; ++i)
      if (freq[i] != 0 && freq[i] <= v) v = freq[c1 = i];
    v = kNone;
    for (int i = 0; i < kSymbols; ++i)
      if (i != c1 && freq[i] != 0 && freq[i] <= v) v = freq[c2 = i];
    if (c2 < 0) break;
    freq[c1] += freq[c2];
    freq[c2] = 0;
    ++size[c1];
    while (next[c1] >= 0) ++size[c1 = next[c1]];
    next[c1] = c2;  // c2's tree joins the end of c1's chain
    ++size[c2];
    while (next[c2] >= 0) ++size[c2 = next[c2]];
  }
  std::array<int, kSymbols + 1> bits{};  // symbols per code length
  for (int s : size) ++bits[s];
  bits[0] = 0;
  for (int i = kSymbols; i > 16; --i)  // Annex K.3: no code longer than 16 bits
    while (bits[i] > 0) {
      int j = i - 2;
      while (bits[j] == 0) --j;
      bits[i] -= 2;
      ++bits[i - 1];
      bits[j + 1] += 2;
      --bits[j];
    }
  int longest = 16;
  while (bits[longest] == 0) --longest;
  --bits[longest];  // drop the reserved code word
  // Symbols in order of (tree depth, value) take the adjusted lengths in turn.
  std::array<std::uint8_t, 256> len{};
  int l = 1;
  for (int depth = 1; depth < kSymbols; ++depth)
    for (int s = 0; s < 256; ++s) {
      if (size[s] != depth) continue;
      while (l <= 16 && bits[l] == 0) ++l;
      if (l > 16) return len;
      len[s] = static_cast<std::uint8_t>(l);
      --bits[l];
    }
  return len;
}

}  // namespace smearpress::jpeg_detail
