#include "rans.hpp"

#include <codec/error.hpp>

#include <algorithm>
#include <array>
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

}  // namespace

namespace {

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

namespace {

std::vector<std::uint8_t> log_table(const std::array<std::uint32_t, kMaxTokens>& hist) {
  std::vector<std::uint8_t> lf(kMaxTokens);
  for (int t = 0; t < kMaxTokens; ++t) lf[static_cast<std::size_t>(t)] = log_quantize(hist[static_cast<std::size_t>(t)]);
  return lf;
}

// log2 of every possible frequency.
const std::array<double, kProbScale + 1>& log2_table() {
  static const auto t = [] {
    std::array<double, kProbScale + 1> a{};
    for (std::uint32_t i = 1; i <= kProbScale; ++i) a[i] = std::log2(static_cast<double>(i));
    return a;
  }();
  return t;
}

// Bits a context costs with a given token histogram: the table, the tokens at the table's
// probabilities, and the raw bits.
double context_cost(const std::array<std::uint32_t, kMaxTokens>& hist, std::uint64_t raw_bits) {
  const auto lf = log_table(hist);
  BitWriter bw;
  write_table(bw, lf);
  const auto f = normalize(lf);
  const auto& lg = log2_table();
  double bits = static_cast<double>(bw.bit_count() + raw_bits);
  for (int t = 0; t < kMaxTokens; ++t)
    if (hist[static_cast<std::size_t>(t)])
      bits += hist[static_cast<std::size_t>(t)] * (kProbBits - lg[f[static_cast<std::size_t>(t)]]);
  return bits;
}

}  // namespace

SymbolWriter::SymbolWriter(int contexts, int lanes) : contexts_(contexts), lanes_(lanes) {
  if (contexts < 1 || contexts > 0xFFFF || lanes < 1 || lanes > 4)
    throw Error(ErrorCode::kInvalidArgument, "symbol stream contexts or lanes out of range");
  small_.assign(static_cast<std::size_t>(contexts) * kSmallValues, 0);
}

namespace {

// Raw bits written back to front (the encoder's pass runs backwards) into a buffer filled from
// its end: the bits of the symbol coded last come first in the stream. Bits go on top of the
// accumulator; every full 32 bits leave as a big-endian word in front of the previous ones.
class BackwardBits {
 public:
  explicit BackwardBits(std::uint64_t bits) : buf_(static_cast<std::size_t>(bits / 8) + 8), p_(buf_.data() + buf_.size()) {}
  void put(std::uint32_t v, int n) {  // 0 <= n <= 30
    acc_ |= static_cast<std::uint64_t>(v & ((1u << n) - 1)) << count_;
    count_ += n;
    total_ += static_cast<std::uint64_t>(n);
    if (count_ >= 32) {
      p_ -= 4;
      const auto w = static_cast<std::uint32_t>(acc_);
      p_[0] = static_cast<std::uint8_t>(w >> 24);
      p_[1] = static_cast<std::uint8_t>(w >> 16);
      p_[2] = static_cast<std::uint8_t>(w >> 8);
      p_[3] = static_cast<std::uint8_t>(w);
      acc_ >>= 32;
      count_ -= 32;
    }
  }
  std::uint64_t bit_count() const { return total_; }
  /// The stream's bytes: zero padding to a byte boundary, then the bits.
  std::span<const std::uint8_t> finish() {
    for (int left = (count_ + 7) / 8; left > 0; --left) {  // the remaining bits, padded on top
      *--p_ = static_cast<std::uint8_t>(acc_);
      acc_ >>= 8;
    }
    count_ = 0;
    return {p_, static_cast<std::size_t>(buf_.data() + buf_.size() - p_)};
  }

 private:
  std::vector<std::uint8_t> buf_;
  std::uint8_t* p_;
  std::uint64_t acc_ = 0;
  int count_ = 0;
  std::uint64_t total_ = 0;
};

}  // namespace

std::size_t SymbolWriter::write(ByteWriter& out) {
  const std::size_t start = out.size();
  const std::size_t nc = static_cast<std::size_t>(contexts_);
  // Large values per context, for the shift choice.
  std::vector<std::vector<std::uint32_t>> large(nc);
  for (const std::uint64_t sym : large_) large[(sym >> 32) & 0xFFFFu].push_back(static_cast<std::uint32_t>(sym));
  // Each context's shift: the one that makes table, tokens and raw bits cheapest together,
  // scored from the value histogram.
  std::vector<int> shift(nc, 0);
  std::vector<std::uint32_t> top(nc, 0);  // largest small value + 1
  std::vector<std::array<std::uint32_t, kMaxTokens>> hist(nc);
  std::uint64_t total_raw_bits = 0;
  std::array<std::uint32_t, kMaxTokens> h{};
  for (std::size_t c = 0; c < nc; ++c) {
    hist[c].fill(0);
    const std::uint32_t* sc = small_.data() + c * kSmallValues;
    std::uint64_t sum = 0, count = large[c].size();
    for (std::uint32_t v = 0; v < kSmallValues; ++v) {
      sum += static_cast<std::uint64_t>(v) * sc[v];
      count += sc[v];
      if (sc[v]) top[c] = v + 1;
    }
    for (std::uint32_t v : large[c]) sum += v;
    if (!count) continue;
    // The best shift is near log2 of the mean value less a few bits: try three around it.
    const int guess = std::clamp(static_cast<int>(std::bit_width(sum / count)) - 3, 0, kMaxShift);
    double best = 0;
    bool first = true;
    std::uint64_t best_raw = 0;
    for (int k = std::max(0, guess - 1); k <= std::min(kMaxShift, guess + 1); ++k) {
      h.fill(0);
      std::uint64_t raw_bits = 0;
      for (std::uint32_t v = 0; v < top[c]; ++v) {
        if (!sc[v]) continue;
        const Token t = tokenize(v >> k);
        h[t.token] += sc[v];
        raw_bits += static_cast<std::uint64_t>(t.extra_bits + k) * sc[v];
      }
      for (std::uint32_t v : large[c]) {
        const Token t = tokenize(v >> k);
        ++h[t.token];
        raw_bits += static_cast<std::uint64_t>(t.extra_bits + k);
      }
      const double cost = context_cost(h, raw_bits);
      if (first || cost < best) {
        best = cost;
        shift[c] = k;
        hist[c] = h;
        best_raw = raw_bits;
        first = false;
      }
    }
    total_raw_bits += best_raw;
  }
  if (total_raw_bits > 0xFFFFFFFFull) throw Error(ErrorCode::kLimitExceeded, "symbol stream above 2^32 raw bits");
  // Tables.
  std::vector<std::vector<std::uint32_t>> freq(nc), cum(nc);
  BitWriter tables;
  for (std::size_t c = 0; c < nc; ++c) {
    const auto lf = log_table(hist[c]);
    put_exp_golomb(tables, static_cast<std::uint32_t>(shift[c]));
    write_table(tables, lf);
    freq[c] = normalize(lf);
    cum[c].assign(kMaxTokens + 1, 0);
    for (int t = 0; t < kMaxTokens; ++t)
      cum[c][static_cast<std::size_t>(t) + 1] = cum[c][static_cast<std::size_t>(t)] + freq[c][static_cast<std::size_t>(t)];
  }
  const auto table_bits = tables.bit_count();
  out.varint(static_cast<std::uint32_t>(table_bits));
  out.bytes(tables.finish());
  // A value v with shift k and token t sends its low extra_bits(t) + k bits raw (the token's
  // extra bits, then the k shifted-out bits); small values find token and count in a table.
  std::vector<std::uint16_t> code(nc * kSmallValues);  // token | raw bit count << 7
  for (std::size_t c = 0; c < nc; ++c)
    for (std::uint32_t v = 0; v < top[c]; ++v) {
      const Token t = tokenize(v >> shift[c]);
      code[c * kSmallValues + v] = static_cast<std::uint16_t>(t.token | static_cast<std::uint32_t>(t.extra_bits + shift[c]) << 7);
    }
  // rANS coding constants per context and token. Division by the frequency is done as a
  // multiplication by its rounded-up reciprocal (exact for 32-bit states):
  // q = floor(x / f) = (x * rcp) >> (32 + r), then x' = q << kProbBits | (x - q f) + start
  // = x + start + q (2^kProbBits - f).
  struct EncSymbol {
    std::uint32_t x_max, rcp, bias, cmpl;
    int rshift;
  };
  std::vector<EncSymbol> enc(nc * kMaxTokens);
  for (std::size_t c = 0; c < nc; ++c)
    for (std::size_t t = 0; t < static_cast<std::size_t>(kMaxTokens); ++t) {
      const std::uint32_t f = freq[c][t], st = cum[c][t];
      if (!f) continue;
      EncSymbol& e = enc[c * kMaxTokens + t];
      e.x_max = ((SymbolReader::kLow >> kProbBits) << 8) * f;
      e.cmpl = kProbScale - f;
      if (f == 1) {  // q = x; x' = x * 2^kProbBits + start
        e.rcp = 0xFFFFFFFFu;
        e.rshift = 0;
        e.bias = st + kProbScale - 1;
      } else {
        int r = 0;
        while (f > (1u << r)) ++r;  // 2^(r-1) < f <= 2^r
        e.rcp = static_cast<std::uint32_t>(((std::uint64_t{1} << (r + 31)) + f - 1) / f);
        e.rshift = r - 1;
        e.bias = st;
      }
    }
  // One backward pass: raw bits and rANS. The renormalisation bytes go backwards into a buffer
  // of the worst-case size (two bytes per symbol, rans.hpp) plus the final states.
  BackwardBits raw(total_raw_bits);
  std::vector<std::uint8_t> buf(2 * symbols_.size() + 4 * static_cast<std::size_t>(lanes_));
  std::uint8_t* const buf_end = buf.data() + buf.size();
  std::uint8_t* p = buf_end;
  std::uint32_t state[4] = {SymbolReader::kLow, SymbolReader::kLow, SymbolReader::kLow, SymbolReader::kLow};
  for (std::size_t i = symbols_.size(); i-- > 0;) {
    const std::uint64_t sym = symbols_[i];
    const auto v = static_cast<std::uint32_t>(sym);
    const std::size_t c = (sym >> 32) & 0xFFFFu;
    std::uint32_t token;
    int bits;
    if (v < kSmallValues) {
      const std::uint32_t e = code[c * kSmallValues + v];
      token = e & 127u;
      bits = static_cast<int>(e >> 7);
    } else {
      const Token t = tokenize(v >> shift[c]);
      token = t.token;
      bits = t.extra_bits + shift[c];  // <= 30: v >> k is below 2^(32 - k)
    }
    raw.put(v, bits);
    const EncSymbol& e = enc[c * kMaxTokens + token];
    std::uint32_t& x = state[(sym >> 56) & 3u];
    while (x >= e.x_max) {  // (measured faster than a branch-free version)
      *--p = static_cast<std::uint8_t>(x);
      x >>= 8;
    }
    const std::uint32_t q = static_cast<std::uint32_t>((static_cast<std::uint64_t>(x) * e.rcp) >> 32) >> e.rshift;
    x = x + e.bias + q * e.cmpl;
  }
  for (int lane = lanes_; lane-- > 0;)
    for (int k = 0; k < 4; ++k) {
      *--p = static_cast<std::uint8_t>(state[lane]);
      state[lane] >>= 8;
    }
  out.varint(static_cast<std::uint32_t>(raw.bit_count()));
  out.bytes(raw.finish());
  const auto rans_bytes = static_cast<std::size_t>(buf_end - p);
  out.varint(static_cast<std::uint32_t>(rans_bytes));
  out.bytes(std::span<const std::uint8_t>(p, rans_bytes));
  return out.size() - start;
}

SymbolReader::SymbolReader(ByteReader& in, int contexts, int lanes) : lanes_(lanes) {
  if (lanes < 1 || lanes > kMaxLanes) throw Error(ErrorCode::kInvalidArgument, "symbol stream lanes out of range");
  const std::uint64_t table_bits = in.varint();
  auto table_bytes = in.bytes(static_cast<std::size_t>((table_bits + 7) / 8));
  if (!padding_is_zero(table_bytes, table_bits)) throw Error(ErrorCode::kCorrupt, in.what() + ": non-zero table padding");
  BitReader tb(table_bytes, table_bits);
  // Slot 0 of the tables is shared by unused contexts: it decodes token 0 (value 0) without
  // changing the state. A valid stream never asks them.
  std::vector<int> used;
  std::vector<std::uint32_t> shift(static_cast<std::size_t>(contexts), 0);
  std::vector<std::vector<std::uint32_t>> freqs(static_cast<std::size_t>(contexts));
  for (int c = 0; c < contexts; ++c) {
    const std::uint32_t k = get_exp_golomb(tb);
    if (tb.overflowed() || k > kMaxShift) throw Error(ErrorCode::kCorrupt, in.what() + ": bad symbol shift");
    shift[static_cast<std::size_t>(c)] = k;
    const std::uint32_t n = get_exp_golomb(tb);
    if (tb.overflowed() || n > kMaxTokens) throw Error(ErrorCode::kCorrupt, in.what() + ": bad symbol table");
    std::vector<std::uint8_t> lf(n, 0);
    int prev = 0;
    for (std::uint32_t t = 0; t < n; ++t) {
      const int v = prev + unzigzag(get_exp_golomb(tb));
      if (tb.overflowed() || v < 0 || v > 64) throw Error(ErrorCode::kCorrupt, in.what() + ": bad symbol table");
      lf[t] = static_cast<std::uint8_t>(v);
      prev = v;
    }
    if (n == 0) continue;
    freqs[static_cast<std::size_t>(c)] = normalize(lf);
    used.push_back(c);
  }
  if (tb.bits_used() != table_bits) throw Error(ErrorCode::kCorrupt, in.what() + ": symbol tables size mismatch");
  const std::size_t tables = used.size() + 1;
  slots_ = std::make_unique_for_overwrite<std::uint32_t[]>(tables * kProbScale);
  tokens_.assign(tables * kMaxTokens, 0);
  for (std::uint32_t s = 0; s < kProbScale; ++s) slots_[s] = (s << 7) | (kProbScale << 17);
  ctx_.assign(static_cast<std::size_t>(contexts), Context{slots_.get(), tokens_.data()});
  for (std::size_t u = 0; u < used.size(); ++u) {
    const std::size_t c = static_cast<std::size_t>(used[u]);
    const std::vector<std::uint32_t>& f = freqs[c];
    std::uint32_t* slots = slots_.get() + (u + 1) * kProbScale;
    std::uint64_t* tok = tokens_.data() + (u + 1) * kMaxTokens;
    std::uint32_t start = 0;
    for (std::uint32_t t = 0; t < f.size(); ++t) {
      const std::uint32_t ft = f[t];
      if (ft > kProbScale - start) throw Error(ErrorCode::kCorrupt, in.what() + ": symbol table does not sum up");
      for (std::uint32_t j = 0; j < ft; ++j) slots[start + j] = t | (j << 7) | (ft << 17);
      start += ft;
      // A token the encoder cannot have produced (its values would reach 2^32) is corrupt;
      // this bounds the raw bits of any symbol to 30.
      const std::uint64_t k = shift[c], base = static_cast<std::uint64_t>(detokenize(t, 0)) << k;
      const std::uint64_t bits = static_cast<std::uint64_t>(extra_bits_of(t)) + k;
      if (ft && (bits > 30 || base + (std::uint64_t{1} << bits) > (std::uint64_t{1} << 32)))
        throw Error(ErrorCode::kCorrupt, in.what() + ": symbol table has an impossible token");
      tok[t] = (base << 6) | bits;
    }
    if (start != kProbScale) throw Error(ErrorCode::kCorrupt, in.what() + ": symbol table does not sum up");
    ctx_[c] = Context{slots, tok};
  }
  const std::uint64_t raw_bits = in.varint();
  auto raw_bytes = in.bytes(static_cast<std::size_t>((raw_bits + 7) / 8));
  raw_bits_ = 8 * static_cast<std::uint64_t>(raw_bytes.size());
  raw_ = BitReader(raw_bytes, raw_bits_);
  if (raw_.get(static_cast<int>(raw_bits_ - raw_bits)) != 0)  // the padding in front
    throw Error(ErrorCode::kCorrupt, in.what() + ": non-zero raw-bit padding");
  const std::uint32_t rans_bytes = in.varint();
  if (rans_bytes < 4u * static_cast<std::uint32_t>(lanes))
    throw Error(ErrorCode::kCorrupt, in.what() + ": rANS stream shorter than its states");
  auto r = in.bytes(rans_bytes);
  pos_ = r.data();
  end_ = r.data() + r.size();
  for (int lane = 0; lane < lanes; ++lane) {
    for (int k = 0; k < 4; ++k) x_[lane] = (x_[lane] << 8) | *pos_++;
    if (x_[lane] < kLow) throw Error(ErrorCode::kCorrupt, in.what() + ": bad rANS state");
  }
}

void SymbolReader::finish(const std::string& what) {
  if (bad_) throw Error(ErrorCode::kTruncated, what + ": rANS stream ends early");
  if (raw_.overflowed()) throw Error(ErrorCode::kTruncated, what + ": raw bits end early");
  bool states_ok = true;
  for (int lane = 0; lane < lanes_; ++lane) states_ok &= x_[lane] == kLow;
  if (pos_ != end_ || !states_ok || raw_.bits_used() != raw_bits_)
    throw Error(ErrorCode::kCorrupt, what + ": symbol stream does not end where it should");
}

}  // namespace codec::rans
