// rans_tables.cpp - rANS frequency tables: log quantisation, normalisation, table coding.
#include "rans_tables.hpp"

#include <codec/error.hpp>

#include <algorithm>
#include <bit>
#include <cmath>

namespace codec::rans {
namespace {

// Frequencies are sent as round(2 log2 count) + 1: half-octave steps. Finer steps cost more table
// bits than they save in coding (measured on the ROI pixels of the PBC crops).
// 2^(k/2) * 256 for k = 0, 1, rounded.
constexpr std::uint32_t kExp2Frac[2] = {256, 362};

std::uint32_t exp2q(std::uint32_t v) {  // round(2^(v/2)), v < 2 * 32
  const std::uint32_t whole = v >> 1;
  const std::uint64_t f = (static_cast<std::uint64_t>(1) << whole) * kExp2Frac[v & 1];
  return static_cast<std::uint32_t>(std::min<std::uint64_t>((f + 128) >> 8, 0xFFFFFFFFull));
}

// Smallest counts with round(2 log2 c) odd and even-above, per octave n: the first c in
// [2^n, 2^(n+1)) with c >= 2^(n + 1/4), and with c >= 2^(n + 3/4).
struct LogThresholds {
  std::uint64_t quarter[32], three_quarters[32];
  LogThresholds() {
    for (int n = 0; n < 32; ++n) {
      quarter[n] = static_cast<std::uint64_t>(std::ceil(std::ldexp(1.189207115002721, n)));
      three_quarters[n] = static_cast<std::uint64_t>(std::ceil(std::ldexp(1.681792830507429, n)));
    }
  }
};

}  // namespace

std::uint8_t log_quantize(std::uint32_t count) {
  static const LogThresholds th;
  if (count == 0) return 0;
  // round(2 log2 c) = 2n + [c >= 2^(n + 1/4)] + [c >= 2^(n + 3/4)], n = floor(log2 c).
  const int n = std::bit_width(count) - 1;
  const int r = 2 * n + (count >= th.quarter[n]) + (count >= th.three_quarters[n]);
  return static_cast<std::uint8_t>(std::min(r + 1, 64));
}

std::vector<std::uint32_t> normalize(std::span<const std::uint8_t> log_freq) {
  std::vector<std::uint32_t> f(log_freq.size(), 0);
  std::uint64_t total = 0;
  for (std::size_t t = 0; t < f.size(); ++t)
    if (log_freq[t]) total += f[t] = exp2q(log_freq[t] - 1u);
  if (total == 0) return f;
  std::uint64_t sum = 0;
  std::size_t biggest = 0;
  for (std::size_t t = 0; t < f.size(); ++t) {
    if (!f[t]) continue;
    f[t] = static_cast<std::uint32_t>(std::max<std::uint64_t>(1, (static_cast<std::uint64_t>(f[t]) * kProbScale) / total));
    sum += f[t];
    if (f[t] > f[biggest] || !f[biggest]) biggest = t;
  }
  // Give the rounding difference to the largest entries, never taking any below 1.
  while (sum < kProbScale) {
    ++f[biggest];
    ++sum;
  }
  while (sum > kProbScale) {
    std::size_t k = 0;
    for (std::size_t t = 0; t < f.size(); ++t)
      if (f[t] > f[k]) k = t;
    if (f[k] <= 1) break;  // cannot happen for fewer than kProbScale tokens
    const std::uint64_t take = std::min<std::uint64_t>(sum - kProbScale, f[k] - 1);
    f[k] -= static_cast<std::uint32_t>(take);
    sum -= take;
  }
  return f;
}

std::vector<std::uint8_t> log_table(const std::array<std::uint32_t, kMaxTokens>& hist) {
  std::vector<std::uint8_t> lf(kMaxTokens);
  for (int t = 0; t < kMaxTokens; ++t) lf[static_cast<std::size_t>(t)] = log_quantize(hist[static_cast<std::size_t>(t)]);
  return lf;
}

void put_exp_golomb(BitWriter& bw, std::uint32_t v) { bw.put_gamma(v + 1); }
std::uint32_t get_exp_golomb(BitReader& br) { return br.get_gamma() - 1; }

// Table of one context: varint-free, in the table bit stream:
//   exp-Golomb(n) tokens described (0 = unused context)
//   then for each token below n: exp-Golomb(zigzag(log_freq[t] - log_freq[t-1]))
void write_table(BitWriter& bw, std::span<const std::uint8_t> lf) {
  std::size_t n = lf.size();
  while (n > 0 && lf[n - 1] == 0) --n;
  put_exp_golomb(bw, static_cast<std::uint32_t>(n));
  int prev = 0;
  for (std::size_t t = 0; t < n; ++t) {
    put_exp_golomb(bw, zigzag(lf[t] - prev));
    prev = lf[t];
  }
}

std::vector<std::uint8_t> read_table(BitReader& br, const std::string& what) {
  const std::uint32_t n = get_exp_golomb(br);
  if (br.overflowed() || n > kMaxTokens) throw Error(ErrorCode::kCorrupt, what + ": bad symbol table");
  std::vector<std::uint8_t> lf(n, 0);
  int prev = 0;
  for (std::uint32_t t = 0; t < n; ++t) {
    const int v = prev + unzigzag(get_exp_golomb(br));
    if (br.overflowed() || v < 0 || v > 64) throw Error(ErrorCode::kCorrupt, what + ": bad symbol table");
    lf[t] = static_cast<std::uint8_t>(v);
    prev = v;
  }
  return lf;
}

}  // namespace codec::rans
