// Tests of the JPEG DCT coefficient coder (dct_coder.hpp): exact round trips over layouts,
// sizes, contents and block sets; the bool coder on its own; damaged streams and bad arguments.
#include "dct_coder.hpp"

#include <algorithm>
#include <cmath>
#include <codec/error.hpp>
#include <codec/jpeg_blocks.hpp>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "../catch.hpp"
#include "bool_coder.hpp"
#include "dct_predict.hpp"
#include "dct_priors.hpp"
#include "dct_stream.hpp"

using namespace codec;

namespace {

struct Sampling {
  const char* name;
  int h, v;  // luma factors (chroma 1x1); h = 0: gray
};
constexpr Sampling kLayouts[] = {
    {"4:4:4", 1, 1}, {"4:2:2", 2, 1}, {"4:2:0", 2, 2}, {"4:4:0", 1, 2}, {"gray", 0, 0}};

int blocks_for(int pixels, int samp, int max_samp) {
  return ((pixels * samp + max_samp - 1) / max_samp + 7) / 8;
}

/// An all-zero Coefficients of the given size and sampling, libjpeg's block counts.
jpeg::Coefficients make_layout(int w, int h, const Sampling& s, std::mt19937& rng) {
  jpeg::Coefficients c;
  c.width = w;
  c.height = h;
  c.color = s.h == 0 ? jpeg::ColorSpace::gray : jpeg::ColorSpace::ycbcr;
  for (auto& table : c.quant)
    for (auto& q : table)
      q = static_cast<std::uint16_t>(std::uniform_int_distribution<int>(1, 255)(rng));
  const int n = s.h == 0 ? 1 : 3;
  for (int i = 0; i < n; ++i) {
    jpeg::Component comp;
    comp.h_samp = i == 0 && s.h ? s.h : 1;
    comp.v_samp = i == 0 && s.v ? s.v : 1;
    comp.quant_index = i == 0 ? 0 : 1;
    c.components.push_back(comp);
  }
  for (auto& comp : c.components) {
    comp.width_in_blocks = blocks_for(w, comp.h_samp, c.max_h());
    comp.height_in_blocks = blocks_for(h, comp.v_samp, c.max_v());
    comp.coeffs.assign(comp.block_count() * jpeg::kBlockSize, 0);
  }
  return c;
}

enum class Content { kNatural, kSparse, kExtreme, kZero };

/// Fills the coefficients: kNatural decays with frequency like a photo, kSparse has a few
/// nonzeros, kExtreme is uniform over the whole allowed range.
void fill(jpeg::Coefficients& c, Content content, std::mt19937& rng) {
  std::uniform_int_distribution<int> any(-dct::kMaxCoefficient, dct::kMaxCoefficient);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (auto& comp : c.components)
    for (std::size_t i = 0; i < comp.coeffs.size(); ++i) {
      const int pos = static_cast<int>(i % jpeg::kBlockSize);
      int v = 0;
      if (content == Content::kExtreme) {
        v = unit(rng) < 0.3 ? (unit(rng) < 0.5 ? -dct::kMaxCoefficient : dct::kMaxCoefficient)
                            : any(rng);
      } else if (content == Content::kNatural) {
        const double scale = pos == 0 ? 400.0 : 40.0 / (1 + pos / 8 + pos % 8);
        const double x = std::log(unit(rng) + 1e-9) * scale * (unit(rng) < 0.5 ? -1 : 1);
        v = std::clamp(static_cast<int>(x), -dct::kMaxCoefficient, dct::kMaxCoefficient);
      } else if (content == Content::kSparse) {
        v = unit(rng) < 0.03 ? std::uniform_int_distribution<int>(-20, 20)(rng) : 0;
      }
      comp.coeffs[i] = static_cast<std::int16_t>(v);
    }
}

enum class Keep { kNone, kAll, kRandom, kBlob };

jpeg::BlockSet make_set(const jpeg::Coefficients& c, Keep keep, std::mt19937& rng) {
  jpeg::BlockSet set;
  for (const auto& comp : c.components) {
    std::vector<std::uint8_t> flags(comp.block_count(), keep == Keep::kAll ? 1 : 0);
    const int w = comp.width_in_blocks, h = comp.height_in_blocks;
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        auto& f = flags[static_cast<std::size_t>(y * w + x)];
        if (keep == Keep::kRandom) f = std::uniform_int_distribution<int>(0, 2)(rng) == 0;
        if (keep == Keep::kBlob)
          f = (2 * x - w) * (2 * x - w) + (2 * y - h) * (2 * y - h) < (w * w + h * h) / 6;
      }
    set.push_back(std::move(flags));
  }
  return set;
}

/// Encodes, decodes into a fresh copy of the layout, and checks kept blocks exact, others zero.
/// decode_kept_coefficients gives the kept blocks of `c` in the kept blocks' rectangles (with
/// zeros elsewhere in them), from a layout without coefficients.
void check_kept_decode(std::span<const std::uint8_t> bytes, const jpeg::Coefficients& c,
                       const jpeg::BlockSet& set) {
  jpeg::Coefficients layout = c;
  for (auto& comp : layout.components) comp.coeffs.clear();
  jpeg::KeptCoefficients kept;
  dct::decode_kept_coefficients(bytes, layout, set, kept);
  REQUIRE(kept.parts.size() == c.components.size());
  for (std::size_t k = 0; k < c.components.size(); ++k) {
    const jpeg::Component& comp = c.components[k];
    const jpeg::BlockRect want = jpeg::flagged_rect(set[k], comp.width_in_blocks);
    const jpeg::BlockRect got = kept.parts[k].rect;
    REQUIRE((got.x0 == want.x0 && got.y0 == want.y0 && got.x1 == want.x1 && got.y1 == want.y1));
    const jpeg::BlockView view = kept.parts[k].view();
    for (int by = got.y0; by < got.y1; ++by)
      for (int bx = got.x0; bx < got.x1; ++bx) {
        const bool is_kept = set[k][static_cast<std::size_t>(by) * comp.width_in_blocks + bx] != 0;
        for (int i = 0; i < jpeg::kBlockSize; ++i)
          if (view.block(bx, by)[i] != (is_kept ? comp.block(bx, by)[i] : 0))
            FAIL("kept decode: component " << k << " block " << bx << "," << by);
      }
  }
}

std::vector<std::uint8_t> check_round_trip(const jpeg::Coefficients& c, const jpeg::BlockSet& set) {
  const std::vector<std::uint8_t> bytes = dct::encode_coefficients(c, set);
  jpeg::Coefficients out = c;
  for (auto& comp : out.components) comp.coeffs.assign(3, 7);  // garbage: the decoder resizes
  dct::decode_coefficients(bytes, out, set);
  for (std::size_t k = 0; k < c.components.size(); ++k) {
    const auto& want = c.components[k].coeffs;
    const auto& got = out.components[k].coeffs;
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      const bool kept = set[k][i / jpeg::kBlockSize] != 0;
      if (got[i] != (kept ? want[i] : 0))
        FAIL("component " << k << " block " << i / jpeg::kBlockSize << " coefficient "
                          << i % jpeg::kBlockSize);
    }
  }
  check_kept_decode(bytes, c, set);
  return bytes;
}

}  // namespace

TEST_CASE("dct coder: quantise_q12 divides exactly without a division", "[dct]") {
  // The division it replaces: value / (quant * 4096), halves away from zero, clamped.
  auto reference = [](std::int64_t v, std::int64_t quant) {
    const std::int64_t d = quant * 4096;
    const std::int64_t q = v >= 0 ? (v + d / 2) / d : -((-v + d / 2) / d);
    return static_cast<int>(std::clamp<std::int64_t>(q, -dct::kMaxCoefficient, dct::kMaxCoefficient));
  };
  std::mt19937_64 rng(3);
  for (const int quant : {1, 2, 3, 7, 16, 99, 255, 256, 4097, 32767, 32768, 65521, 65535}) {
    std::uint16_t table[64];
    std::fill(table, table + 64, static_cast<std::uint16_t>(quant));
    const dct::QuantSteps steps(table);
    const std::int64_t d = std::int64_t{quant} * 4096;
    for (std::int64_t k = -2049; k <= 2049; ++k)
      for (const std::int64_t off : {-d / 2 - 1, -d / 2, -d / 2 + 1, std::int64_t{0}, d / 2 - 1, d / 2})
        REQUIRE(dct::quantise_q12(k * d + off, static_cast<std::uint32_t>(quant), steps.recip[0]) ==
                reference(k * d + off, quant));
    for (int i = 0; i < 20000; ++i) {
      const auto mag = static_cast<std::int64_t>(rng() >> (20 + rng() % 44));
      const std::int64_t v = (rng() & 1) ? mag : -mag;
      REQUIRE(dct::quantise_q12(v, static_cast<std::uint32_t>(quant), steps.recip[0]) == reference(v, quant));
    }
  }
}

TEST_CASE("bool coder round-trips skewed random bits", "[dct]") {
  const auto seed = GENERATE(1u, 2u, 3u);
  std::mt19937 rng(seed);
  std::vector<int> bits(20000), ctx(bits.size());
  for (std::size_t i = 0; i < bits.size(); ++i) {
    ctx[i] = static_cast<int>(rng() % 4);
    bits[i] = static_cast<int>(rng() % 100) < 10 + 25 * ctx[i];  // 10%, 35%, 60%, 85% ones
  }
  bool_coder::Encoder enc;
  bool_coder::AdaptiveBit probs[4];
  for (std::size_t i = 0; i < bits.size(); ++i) {
    if (i % 7 == 0)
      enc.put_raw(bits[i]);
    else
      enc.put(bits[i], probs[ctx[i]]);
  }
  const std::vector<std::uint8_t> bytes = enc.finish();
  bool_coder::Decoder dec(bytes);
  bool_coder::AdaptiveBit dprobs[4];
  for (std::size_t i = 0; i < bits.size(); ++i) {
    const int b = i % 7 == 0 ? dec.get_raw() : dec.get(dprobs[ctx[i]]);
    REQUIRE(b == bits[i]);
  }
  REQUIRE(dec.overread() == 0);
  REQUIRE(dec.remaining() == 0);
  REQUIRE(bytes.size() < bits.size() / 8);  // well below one bit per decision
}

TEST_CASE("dct coder: the trained priors table matches the model", "[dct]") {
  // A model change without a regenerated table (tests/codec/dct_priors_gen.cpp) fails here.
  auto model = std::make_unique<dct::Model>();
  REQUIRE(dct::prior_entries(*model) == sizeof dct::kTrainedPriors - 1);
  for (char c : std::string(dct::kTrainedPriors))
    REQUIRE((c == '.' || std::string(dct::kPriorDigits).find(c) != std::string::npos));
  dct::set_priors(*model);
  for (const dct::PriorSpan& span : dct::prior_spans(*model))
    for (std::size_t i = 0; i < span.count; ++i) {
      REQUIRE(span.bits[i].p0 >= bool_coder::kProbMin);
      REQUIRE(span.bits[i].p0 <= bool_coder::kProbOne - bool_coder::kProbMin);
    }
}

TEST_CASE("dct coder: exact round trips over layouts, sizes, contents and block sets", "[dct]") {
  const Sampling s = kLayouts[GENERATE(0, 1, 2, 3, 4)];
  const auto [w, h] = GENERATE(std::pair{1, 1}, std::pair{8, 8}, std::pair{9, 17},
                               std::pair{33, 15}, std::pair{70, 52});
  const Content content =
      GENERATE(Content::kNatural, Content::kSparse, Content::kExtreme, Content::kZero);
  const Keep keep = GENERATE(Keep::kNone, Keep::kAll, Keep::kRandom, Keep::kBlob);
  INFO(s.name << " " << w << "x" << h << " content " << static_cast<int>(content) << " keep "
              << static_cast<int>(keep));
  std::mt19937 rng(static_cast<std::uint32_t>(w * 131 + h * 7 + s.h * 3 + s.v));
  jpeg::Coefficients c = make_layout(w, h, s, rng);
  fill(c, content, rng);
  check_round_trip(c, make_set(c, keep, rng));
}

TEST_CASE("dct coder: a kept-nothing stream is tiny, natural content compresses", "[dct]") {
  std::mt19937 rng(5);
  jpeg::Coefficients c = make_layout(120, 80, kLayouts[2], rng);
  REQUIRE(check_round_trip(c, make_set(c, Keep::kNone, rng)).size() <= 6);
  REQUIRE(check_round_trip(c, make_set(c, Keep::kAll, rng)).size() < 200);  // all zero
  fill(c, Content::kNatural, rng);
  std::size_t nonzero = 0;
  for (const auto& comp : c.components)
    nonzero += static_cast<std::size_t>(std::count_if(comp.coeffs.begin(), comp.coeffs.end(),
                                                      [](std::int16_t v) { return v != 0; }));
  REQUIRE(check_round_trip(c, make_set(c, Keep::kAll, rng)).size() < nonzero * 2);
}

namespace {

/// Decodes `bytes`; an Error is fine, success must give in-range values and zero unkept blocks.
void decode_survives(std::span<const std::uint8_t> bytes, const jpeg::Coefficients& layout,
                     const jpeg::BlockSet& set) {
  jpeg::Coefficients out = layout;
  try {
    dct::decode_coefficients(bytes, out, set);
  } catch (const Error&) {
    return;
  }
  for (std::size_t k = 0; k < out.components.size(); ++k)
    for (std::size_t i = 0; i < out.components[k].coeffs.size(); ++i) {
      const int v = out.components[k].coeffs[i];
      REQUIRE(std::abs(v) <= dct::kMaxCoefficient);
      if (!set[k][i / jpeg::kBlockSize]) REQUIRE(v == 0);
    }
}

struct Sample {
  jpeg::Coefficients c;
  jpeg::BlockSet set;
  std::vector<std::uint8_t> bytes;
};

Sample small_sample(Keep keep) {
  std::mt19937 rng(11);
  Sample s{make_layout(40, 24, kLayouts[2], rng), {}, {}};
  fill(s.c, Content::kNatural, rng);
  s.set = make_set(s.c, keep, rng);
  s.bytes = check_round_trip(s.c, s.set);
  return s;
}

}  // namespace

TEST_CASE("dct coder: every truncation of a stream is rejected", "[dct]") {
  const Sample s = small_sample(GENERATE(Keep::kAll, Keep::kBlob));
  for (std::size_t n = 0; n < s.bytes.size(); ++n) {
    INFO("cut to " << n << " of " << s.bytes.size());
    jpeg::Coefficients out = s.c;
    REQUIRE_THROWS_AS(dct::decode_coefficients(std::span(s.bytes.data(), n), out, s.set), Error);
    jpeg::KeptCoefficients kept;
    REQUIRE_THROWS_AS(dct::decode_kept_coefficients(std::span(s.bytes.data(), n), s.c, s.set, kept),
                      Error);
  }
}

TEST_CASE("dct coder: version byte, trailing bytes", "[dct]") {
  const Sample s = small_sample(Keep::kBlob);
  jpeg::Coefficients out = s.c;
  std::vector<std::uint8_t> bad = s.bytes;
  bad[0] = static_cast<std::uint8_t>(dct::kDctStreamVersion + 1);
  try {
    dct::decode_coefficients(bad, out, s.set);
    FAIL("accepted a later version");
  } catch (const Error& e) {
    REQUIRE(e.code() == ErrorCode::kUnsupported);
  }
  bad = s.bytes;
  bad.push_back(0);
  REQUIRE_THROWS_AS(dct::decode_coefficients(bad, out, s.set), Error);
}

TEST_CASE("dct coder: garbled streams decode to in-range values or throw", "[dct]") {
  const Sample s = small_sample(GENERATE(Keep::kAll, Keep::kRandom));
  std::mt19937 rng(3);
  for (std::size_t i = 1; i < s.bytes.size(); ++i) {
    std::vector<std::uint8_t> bad = s.bytes;
    bad[i] ^= static_cast<std::uint8_t>(1 + rng() % 255);
    decode_survives(bad, s.c, s.set);
  }
  for (std::size_t len : {1u, 2u, 5u, 64u, 1000u, 20000u}) {
    std::vector<std::uint8_t> junk(len);
    for (auto& b : junk) b = static_cast<std::uint8_t>(rng());
    junk[0] = dct::kDctStreamVersion;
    decode_survives(junk, s.c, s.set);
    std::fill(junk.begin() + 1, junk.end(), std::uint8_t{0xFF});
    decode_survives(junk, s.c, s.set);
  }
}

TEST_CASE("dct coder: inconsistent arguments are rejected", "[dct]") {
  std::mt19937 rng(1);
  const jpeg::Coefficients good = make_layout(30, 20, kLayouts[2], rng);
  const jpeg::BlockSet set = make_set(good, Keep::kAll, rng);
  auto rejects = [&](const jpeg::Coefficients& c, const jpeg::BlockSet& s) {
    try {
      dct::encode_coefficients(c, s);
      FAIL("encoder accepted it");
    } catch (const Error& e) {
      REQUIRE(e.code() == ErrorCode::kInvalidArgument);
    }
    jpeg::Coefficients out = c;
    REQUIRE_THROWS_AS(dct::decode_coefficients(std::vector<std::uint8_t>{1, 0, 0, 0, 0}, out, s),
                      Error);
  };
  jpeg::Coefficients c = good;
  c.components[0].coeffs[64] = dct::kMaxCoefficient + 1;
  REQUIRE_THROWS_AS(dct::encode_coefficients(c, set), Error);
  c = good;
  c.components[2].coeffs[5] = -dct::kMaxCoefficient - 1;
  REQUIRE_THROWS_AS(dct::encode_coefficients(c, set), Error);
  c = good;
  c.components[1].width_in_blocks += 1;
  rejects(c, set);
  c = good;
  c.quant[1][3] = 0;
  rejects(c, set);
  c = good;
  c.components[0].h_samp = 3;
  rejects(c, set);
  c = good;
  c.color = jpeg::ColorSpace::gray;
  rejects(c, set);
  jpeg::BlockSet short_set = set;
  short_set[2].pop_back();
  rejects(good, short_set);
  short_set.pop_back();
  rejects(good, short_set);
}
