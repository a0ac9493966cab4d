#include "rans.hpp"

#include "rans_tables.hpp"

#include <codec/error.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <span>

namespace codec::rans {
namespace {

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

namespace {

// The encoder's choice for one context: its shift, the token histogram at that shift, and the
// raw bits its values take.
struct ContextChoice {
  int shift = 0;
  std::uint32_t top = 0;  // largest small value + 1
  std::array<std::uint32_t, kMaxTokens> hist{};
  std::uint64_t raw_bits = 0;
};

// The large values (those not counted as small) of each context, for the shift choice.
std::vector<std::vector<std::uint32_t>> large_by_context(std::span<const std::uint64_t> large, std::size_t nc) {
  std::vector<std::vector<std::uint32_t>> out(nc);
  for (const std::uint64_t sym : large) out[(sym >> 32) & 0xFFFFu].push_back(static_cast<std::uint32_t>(sym));
  return out;
}

// Token histogram `h` of one context's values (counts of the small values below `top`, and the
// large values) coded with shift k; returns the raw bits they take.
std::uint64_t histogram_at_shift(const std::uint32_t* small, std::uint32_t top, std::span<const std::uint32_t> large,
                                 int k, std::array<std::uint32_t, kMaxTokens>& h) {
  h.fill(0);
  std::uint64_t raw_bits = 0;
  for (std::uint32_t v = 0; v < top; ++v) {
    if (!small[v]) continue;
    const Token t = tokenize(v >> k);
    h[t.token] += small[v];
    raw_bits += static_cast<std::uint64_t>(t.extra_bits + k) * small[v];
  }
  for (std::uint32_t v : large) {
    const Token t = tokenize(v >> k);
    ++h[t.token];
    raw_bits += static_cast<std::uint64_t>(t.extra_bits + k);
  }
  return raw_bits;
}

// A context's shift: the one that makes table, tokens and raw bits cheapest together, scored
// from the value histogram (`small`: the count of each value below kSmallValues). An unused
// context gets shift 0 and an empty histogram.
ContextChoice choose_context(const std::uint32_t* small, std::span<const std::uint32_t> large) {
  ContextChoice best;
  std::uint64_t sum = 0, count = large.size();
  for (std::uint32_t v = 0; v < SymbolWriter::kSmallValues; ++v) {
    sum += static_cast<std::uint64_t>(v) * small[v];
    count += small[v];
    if (small[v]) best.top = v + 1;
  }
  for (std::uint32_t v : large) sum += v;
  if (!count) return best;
  // The best shift is near log2 of the mean value less a few bits: try three around it.
  const int guess = std::clamp(static_cast<int>(std::bit_width(sum / count)) - 3, 0, kMaxShift);
  double best_cost = 0;
  bool first = true;
  std::array<std::uint32_t, kMaxTokens> h{};
  for (int k = std::max(0, guess - 1); k <= std::min(kMaxShift, guess + 1); ++k) {
    const std::uint64_t raw_bits = histogram_at_shift(small, best.top, large, k, h);
    const double cost = context_cost(h, raw_bits);
    if (first || cost < best_cost) {
      best_cost = cost;
      best.shift = k;
      best.hist = h;
      best.raw_bits = raw_bits;
      first = false;
    }
  }
  return best;
}

// Every context's choice, from the per-context counts of small values and the large symbols.
std::vector<ContextChoice> choose_contexts(std::span<const std::uint32_t> small, std::span<const std::uint64_t> large,
                                           std::size_t nc) {
  const auto large_values = large_by_context(large, nc);
  std::vector<ContextChoice> ctx(nc);
  for (std::size_t c = 0; c < nc; ++c)
    ctx[c] = choose_context(small.data() + c * SymbolWriter::kSmallValues, large_values[c]);
  return ctx;
}

// Writes the tables (varint table_bits, then per context EG0(shift) and its table) and returns
// each context's normalised frequencies, kMaxTokens entries.
std::vector<std::vector<std::uint32_t>> write_tables(ByteWriter& out, std::span<const ContextChoice> ctx) {
  std::vector<std::vector<std::uint32_t>> freq(ctx.size());
  BitWriter tables;
  for (std::size_t c = 0; c < ctx.size(); ++c) {
    const auto lf = log_table(ctx[c].hist);
    put_exp_golomb(tables, static_cast<std::uint32_t>(ctx[c].shift));
    write_table(tables, lf);
    freq[c] = normalize(lf);
  }
  const auto table_bits = tables.bit_count();
  out.varint(static_cast<std::uint32_t>(table_bits));
  out.bytes(tables.finish());
  return freq;
}

// rANS coding constants of a token with frequency f starting at cumulative frequency `start`.
// Division by the frequency is done as a multiplication by its rounded-up reciprocal (exact for
// 32-bit states): q = floor(x / f) = (x * rcp) >> (32 + r), then
// x' = q << kProbBits | (x - q f) + start = x + start + q (2^kProbBits - f).
struct EncSymbol {
  std::uint32_t x_max, rcp, bias, cmpl;
  int rshift;
};

EncSymbol enc_symbol(std::uint32_t f, std::uint32_t start) {
  EncSymbol e;
  e.x_max = ((SymbolReader::kLow >> kProbBits) << 8) * f;
  e.cmpl = kProbScale - f;
  if (f == 1) {  // q = x; x' = x * 2^kProbBits + start
    e.rcp = 0xFFFFFFFFu;
    e.rshift = 0;
    e.bias = start + kProbScale - 1;
  } else {
    int r = 0;
    while (f > (1u << r)) ++r;  // 2^(r-1) < f <= 2^r
    e.rcp = static_cast<std::uint32_t>(((std::uint64_t{1} << (r + 31)) + f - 1) / f);
    e.rshift = r - 1;
    e.bias = start;
  }
  return e;
}

// What the backward pass looks up per symbol.
struct CodingTables {
  std::vector<int> shift;           // per context
  std::vector<std::uint16_t> code;  // per context and small value: token | raw bit count << 7
  std::vector<EncSymbol> enc;       // per context and token (unset where the frequency is 0)
};

CodingTables coding_tables(std::span<const ContextChoice> ctx, const std::vector<std::vector<std::uint32_t>>& freq) {
  const std::size_t nc = ctx.size();
  CodingTables tb;
  tb.shift.resize(nc);
  for (std::size_t c = 0; c < nc; ++c) tb.shift[c] = ctx[c].shift;
  // A value v with shift k and token t sends its low extra_bits(t) + k bits raw (the token's
  // extra bits, then the k shifted-out bits); small values find token and count in a table.
  tb.code.resize(nc * SymbolWriter::kSmallValues);
  for (std::size_t c = 0; c < nc; ++c)
    for (std::uint32_t v = 0; v < ctx[c].top; ++v) {
      const Token t = tokenize(v >> tb.shift[c]);
      tb.code[c * SymbolWriter::kSmallValues + v] =
          static_cast<std::uint16_t>(t.token | static_cast<std::uint32_t>(t.extra_bits + tb.shift[c]) << 7);
    }
  tb.enc.resize(nc * kMaxTokens);
  for (std::size_t c = 0; c < nc; ++c) {
    std::uint32_t start = 0;
    for (std::size_t t = 0; t < static_cast<std::size_t>(kMaxTokens); ++t) {
      const std::uint32_t f = freq[c][t], st = start;
      start += f;
      if (f) tb.enc[c * kMaxTokens + t] = enc_symbol(f, st);
    }
  }
  return tb;
}

// The rANS bytes of the backward pass: buf[begin, buf.size()), in decoding order.
struct RansBytes {
  std::vector<std::uint8_t> buf;
  std::size_t begin = 0;
  std::span<const std::uint8_t> bytes() const { return std::span<const std::uint8_t>(buf).subspan(begin); }
};

// One backward pass over the symbols: raw bits into `raw`, tokens with rANS. The
// renormalisation bytes go backwards into a buffer of the worst-case size (two bytes per
// symbol, rans.hpp) plus the final states.
RansBytes encode_backward(std::span<const std::uint64_t> symbols, int lanes, const CodingTables& tb,
                          BackwardBits& raw) {
  RansBytes r;
  r.buf.resize(2 * symbols.size() + 4 * static_cast<std::size_t>(lanes));
  std::uint8_t* const buf_end = r.buf.data() + r.buf.size();
  std::uint8_t* p = buf_end;
  std::uint32_t state[4] = {SymbolReader::kLow, SymbolReader::kLow, SymbolReader::kLow, SymbolReader::kLow};
  for (std::size_t i = symbols.size(); i-- > 0;) {
    const std::uint64_t sym = symbols[i];
    const auto v = static_cast<std::uint32_t>(sym);
    const std::size_t c = (sym >> 32) & 0xFFFFu;
    std::uint32_t token;
    int bits;
    if (v < SymbolWriter::kSmallValues) {
      const std::uint32_t e = tb.code[c * SymbolWriter::kSmallValues + v];
      token = e & 127u;
      bits = static_cast<int>(e >> 7);
    } else {
      const Token t = tokenize(v >> tb.shift[c]);
      token = t.token;
      bits = t.extra_bits + tb.shift[c];  // <= 30: v >> k is below 2^(32 - k)
    }
    raw.put(v, bits);
    const EncSymbol& e = tb.enc[c * kMaxTokens + token];
    std::uint32_t& x = state[(sym >> 56) & 3u];
    while (x >= e.x_max) {  // (measured faster than a branch-free version)
      *--p = static_cast<std::uint8_t>(x);
      x >>= 8;
    }
    const std::uint32_t q = static_cast<std::uint32_t>((static_cast<std::uint64_t>(x) * e.rcp) >> 32) >> e.rshift;
    x = x + e.bias + q * e.cmpl;
  }
  for (int lane = lanes; lane-- > 0;)
    for (int k = 0; k < 4; ++k) {
      *--p = static_cast<std::uint8_t>(state[lane]);
      state[lane] >>= 8;
    }
  r.begin = static_cast<std::size_t>(p - r.buf.data());
  return r;
}

}  // namespace

// The stream: the tables, then the raw bits and the rANS bytes of one backward pass.
std::size_t SymbolWriter::write(ByteWriter& out) {
  const std::size_t start = out.size();
  const std::vector<ContextChoice> ctx = choose_contexts(small_, large_, static_cast<std::size_t>(contexts_));
  std::uint64_t total_raw_bits = 0;
  for (const ContextChoice& c : ctx) total_raw_bits += c.raw_bits;
  if (total_raw_bits > 0xFFFFFFFFull) throw Error(ErrorCode::kLimitExceeded, "symbol stream above 2^32 raw bits");
  const auto freq = write_tables(out, ctx);
  const CodingTables tables = coding_tables(ctx, freq);
  BackwardBits raw(total_raw_bits);
  const RansBytes rans = encode_backward(symbols_, lanes_, tables, raw);
  out.varint(static_cast<std::uint32_t>(raw.bit_count()));
  out.bytes(raw.finish());
  out.varint(static_cast<std::uint32_t>(rans.bytes().size()));
  out.bytes(rans.bytes());
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
    const std::vector<std::uint8_t> lf = read_table(tb, in.what());
    if (lf.empty()) continue;
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
