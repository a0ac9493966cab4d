// Tests of the newer coders: the rANS symbol stream, the wavelet-rans background, the
// ycocg-med-rans ROI coder and the row-delta mask, alone and through the container.
#include "../catch.hpp"
#include "../test_util.hpp"
#include "hostile_checks.hpp"

#include "background_wavelet.hpp"
#include "byte_io.hpp"
#include "kernels.hpp"
#include "rans.hpp"

#include <codec/codec.hpp>
#include <codec/crc32.hpp>
#include <codec/error.hpp>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace codec;

namespace {

struct Sym {
  int context;
  std::uint32_t value;
  int lane;
};

std::vector<std::uint8_t> write_stream(const std::vector<Sym>& syms, int contexts, int lanes) {
  rans::SymbolWriter w(contexts, lanes);
  for (const Sym& s : syms) w.put(s.context, s.value, s.lane);
  ByteWriter out;
  w.write(out);
  return out.take();
}

// Reads the symbols back and checks every value; the stream must be consumed exactly.
void check_stream(const std::vector<std::uint8_t>& bytes, const std::vector<Sym>& syms, int contexts, int lanes) {
  ByteReader in(bytes, "test stream");
  rans::SymbolReader r(in, contexts, lanes);
  for (std::size_t i = 0; i < syms.size(); ++i) {
    const std::uint32_t v = r.get(syms[i].context, syms[i].lane);
    if (v != syms[i].value) FAIL("symbol " << i << ": got " << v << ", wrote " << syms[i].value);
  }
  REQUIRE_NOTHROW(r.finish(in.what()));
  REQUIRE(in.remaining() == 0);
}

using test::v2_params;

double psnr(const Image& a, const Image& b) {
  double se = 0;
  for (std::size_t i = 0; i < a.data.size(); ++i) {
    const double d = static_cast<double>(a.data[i]) - b.data[i];
    se += d * d;
  }
  if (se == 0) return 1e9;
  return 10 * std::log10(255.0 * 255.0 * static_cast<double>(a.data.size()) / se);
}

// Decodes and checks: same mask, every mask pixel exact, exact box = mask bounding box.
Decoded round_trip(const Image& img, const Image& mask, const EncodeParams& p, const Image* hidden = nullptr) {
  const Encoded enc = encode(img, mask, p, hidden);
  const Decoded d = decode(enc.bytes);
  REQUIRE(d.mask.data.size() == mask.data.size());
  std::size_t stored = 0;
  int x0 = img.width, y0 = img.height, x1 = 0, y1 = 0;
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x) {
      const bool in = mask.row(y)[x] != 0;
      REQUIRE((d.mask.row(y)[x] != 0) == in);
      if (!in) continue;
      ++stored;
      x0 = std::min(x0, x);
      y0 = std::min(y0, y);
      x1 = std::max(x1, x + 1);
      y1 = std::max(y1, y + 1);
      for (int c = 0; c < img.channels; ++c) {
        const std::uint8_t got = d.exact.row(y - d.exact_y)[(x - d.exact_x) * img.channels + c];
        if (got != img.row(y)[x * img.channels + c]) FAIL("pixel (" << x << "," << y << ") channel " << c << " not exact");
      }
    }
  REQUIRE(enc.stats.roi_pixels == stored);
  if (stored) {
    REQUIRE(d.exact_x == x0);
    REQUIRE(d.exact_y == y0);
    REQUIRE(d.exact.width == x1 - x0);
    REQUIRE(d.exact.height == y1 - y0);
  } else {
    REQUIRE(d.exact.empty());
  }
  REQUIRE(d.background.width == img.width);
  REQUIRE(d.background.height == img.height);
  return d;
}


}  // namespace

TEST_CASE("rANS: tokens cover every 32-bit value and invert", "[rans]") {
  std::mt19937 rng(3);
  for (int i = 0; i < 200000; ++i) {
    const std::uint32_t v = i < 100000 ? static_cast<std::uint32_t>(i) : static_cast<std::uint32_t>(rng() >> (rng() % 32));
    const rans::Token t = rans::tokenize(v);
    REQUIRE(t.token < static_cast<std::uint32_t>(rans::kMaxTokens));
    REQUIRE(t.extra_bits == rans::extra_bits_of(t.token));
    REQUIRE(rans::detokenize(t.token, t.extra) == v);
  }
  const rans::Token top = rans::tokenize(0xFFFFFFFFu);
  REQUIRE(rans::detokenize(top.token, top.extra) == 0xFFFFFFFFu);
  for (std::int32_t v : {0, 1, -1, 2, -2, 1000, -1000, 2147483647, -2147483647 - 1})
    REQUIRE(rans::unzigzag(rans::zigzag(v)) == v);
  REQUIRE(rans::zigzag(-1) == 1u);
  REQUIRE(rans::zigzag(1) == 2u);
}

TEST_CASE("rANS: symbol streams round-trip", "[rans]") {
  std::mt19937 rng(11);
  SECTION("empty stream") {
    check_stream(write_stream({}, 3, 1), {}, 3, 1);
  }
  SECTION("one symbol repeated: a certain symbol") {
    std::vector<Sym> s(5000, Sym{0, 7, 0});
    const auto bytes = write_stream(s, 1, 1);
    check_stream(bytes, s, 1, 1);
    REQUIRE(bytes.size() < 40);  // a certain symbol costs (almost) nothing
  }
  SECTION("geometric values in several contexts and lanes, some contexts unused") {
    const int lanes = GENERATE(1, 2, 3, 4);
    std::vector<Sym> s;
    std::geometric_distribution<int> g(0.2);
    for (int i = 0; i < 20000; ++i) {
      const int ctx = static_cast<int>(rng() % 6) * 2;  // odd contexts never used
      s.push_back({ctx, static_cast<std::uint32_t>(g(rng) * (ctx + 1)), static_cast<int>(rng() % lanes)});
    }
    check_stream(write_stream(s, 12, lanes), s, 12, lanes);
  }
  SECTION("wide values: raw bits up to the 32-bit limit, shifts chosen per context") {
    std::vector<Sym> s;
    for (int i = 0; i < 5000; ++i) {
      const int ctx = i % 3;
      std::uint32_t v = static_cast<std::uint32_t>(rng());
      if (ctx == 1) v >>= static_cast<int>(rng() % 32);
      if (ctx == 2) v = 1000 + static_cast<std::uint32_t>(rng() % 64);  // a flat low part: the shift takes it
      s.push_back({ctx, v, 0});
    }
    s.push_back({0, 0xFFFFFFFFu, 0});
    s.push_back({0, 0, 0});
    check_stream(write_stream(s, 3, 1), s, 3, 1);
  }
  SECTION("every count of symbols from 1 to 40 (padding of the raw bits and the rANS bytes)") {
    for (int n = 1; n <= 40; ++n) {
      std::vector<Sym> s;
      for (int i = 0; i < n; ++i) s.push_back({i % 2, static_cast<std::uint32_t>((i * 37) % 300), i % 2});
      check_stream(write_stream(s, 2, 2), s, 2, 2);
    }
  }
}

TEST_CASE("rANS: damaged streams are errors, never a crash", "[rans][hostile]") {
  std::mt19937 rng(5);
  std::vector<Sym> s;
  std::geometric_distribution<int> g(0.1);
  for (int i = 0; i < 400; ++i) s.push_back({i % 4, static_cast<std::uint32_t>(g(rng)), i % 2});
  const auto bytes = write_stream(s, 4, 2);
  int rejected = 0;
  auto attempt = [&](std::span<const std::uint8_t> b) {
    try {
      ByteReader in(b, "test stream");
      rans::SymbolReader r(in, 4, 2);
      for (const Sym& x : s) (void)r.get(x.context, x.lane);
      r.finish(in.what());
      if (in.remaining() != 0) throw Error(ErrorCode::kCorrupt, "trailing");
    } catch (const Error&) {
      ++rejected;
    }
  };
  for (std::size_t n = 0; n < bytes.size(); ++n) attempt(std::span<const std::uint8_t>(bytes.data(), n));
  REQUIRE(rejected == static_cast<int>(bytes.size()));  // every truncation
  rejected = 0;
  for (std::size_t i = 0; i < bytes.size() * 8; ++i) {
    auto bad = bytes;
    bad[i / 8] ^= static_cast<std::uint8_t>(1u << (i % 8));
    attempt(bad);
  }
  // Without a checksum some flips decode to other valid values; most must be caught.
  REQUIRE(rejected > static_cast<int>(bytes.size() * 8 / 2));
}

TEST_CASE("v2 methods round-trip: exact ROI, mask, sizes, gray and colour", "[container][v2]") {
  const auto [w, h] = GENERATE(std::pair{1, 1}, std::pair{3, 5}, std::pair{2, 2}, std::pair{17, 9},
                               std::pair{64, 48}, std::pair{101, 67});
  const int channels = GENERATE(1, 3);
  const Image img = test::make_image(w, h, channels, static_cast<std::uint32_t>(7 * w + h));
  EncodeParams p = v2_params();
  SECTION("default codec, disc mask") {
    round_trip(img, test::make_disc_mask(w, h), p);
  }
  SECTION("default codec, speckle mask (many short runs)") {
    round_trip(img, test::make_random_mask(w, h, 0.4, 9), p);
  }
  SECTION("per-channel planes, Haar upsampling, detail bands, 3 levels") {
    p.colour = BackgroundColour::kChannels;
    p.upsample = Upsample::kHaar;
    p.detail_step = 20;
    p.levels = 3;
    p.chroma_levels = 0;
    round_trip(img, test::make_disc_mask(w, h), p);
  }
  SECTION("new background with the seed's mask and ROI coders, and the reverse") {
    p.mask_method = MaskMethod::kRunLengthGamma;
    p.roi_method = RoiMethod::kMedHuffman;
    round_trip(img, test::make_disc_mask(w, h), p);
    EncodeParams q;  // the paper's background with the new mask and ROI coders
    q.mask_method = MaskMethod::kRowDelta;
    q.roi_method = RoiMethod::kContextRans;
    round_trip(img, test::make_random_mask(w, h, 0.3, 2), q);
  }
  SECTION("empty and full masks") {
    Image empty(w, h, 1), full(w, h, 1);
    std::fill(full.data.begin(), full.data.end(), 255);
    round_trip(img, empty, p);
    const Decoded d = round_trip(img, full, p);
    REQUIRE(d.exact.data == img.data);
  }
}

TEST_CASE("v2 ROI coder: extreme colours and noise stay exact", "[container][v2]") {
  // Saturated primaries stress the YCoCg-R ranges (Co, Cg in -255..255) and the activity table.
  Image img(40, 30, 3);
  std::mt19937 rng(1);
  for (auto& v : img.data) v = (rng() % 3 == 0) ? 255 : ((rng() % 2) ? 0 : static_cast<std::uint8_t>(rng()));
  Image full(40, 30, 1);
  std::fill(full.data.begin(), full.data.end(), 255);
  round_trip(img, full, v2_params());
  round_trip(img, test::make_random_mask(40, 30, 0.5, 4), v2_params());
}

TEST_CASE("wavelet-rans background: the decoder rebuilds the encoder's background", "[v2]") {
  const Image img = test::make_image(45, 37, 3, 21);
  Header h;
  h.width = 45;
  h.height = 37;
  h.channels = 3;
  h.background_method = BackgroundMethod::kWaveletRans;
  const auto [colour, upsample, detail] =
      GENERATE(std::tuple{BackgroundColour::kYCoCg, Upsample::kSmooth, 0}, std::tuple{BackgroundColour::kChannels, Upsample::kHaar, 9},
               std::tuple{BackgroundColour::kYCoCg, Upsample::kHaar, 0});
  h.colour = colour;
  h.upsample = upsample;
  h.detail_step = static_cast<std::uint16_t>(detail);
  h.levels = 2;
  h.quant_step = 50;
  h.chroma_levels = colour == BackgroundColour::kYCoCg ? 1 : 0;
  h.chroma_step = colour == BackgroundColour::kYCoCg ? 120 : 0;
  const WaveletBackground bg = analyse_wavelet_background(img, h, nullptr);
  const Image expected = synthesize_wavelet_background(bg, h);
  ByteWriter out;
  write_wavelet_background(out, bg, h);
  const auto bytes = out.take();
  ByteReader in(bytes, "BKGD");
  const WaveletBackground back = read_wavelet_background(in, h);
  REQUIRE(in.remaining() == 0);
  REQUIRE(synthesize_wavelet_background(back, h).data == expected.data);
  // A plausible background: the image's smooth part survives.
  REQUIRE(psnr(img, expected) > 18.0);
}

TEST_CASE("wavelet-rans: fine steps with detail bands approach the image", "[v2]") {
  const Image img = test::make_image(64, 40, 3, 8);
  EncodeParams p = v2_params();
  p.colour = BackgroundColour::kChannels;
  p.chroma_levels = 0;
  p.upsample = Upsample::kHaar;
  p.quant_step = 2;
  p.detail_step = 2;
  Image empty(64, 40, 1);
  const Decoded fine = decode(encode(img, empty, p).bytes);
  p.detail_step = 0;
  p.quant_step = 100;
  const Decoded coarse = decode(encode(img, empty, p).bytes);
  REQUIRE(psnr(img, fine.background) > 45.0);
  REQUIRE(psnr(img, fine.background) > psnr(img, coarse.background) + 10.0);
}

TEST_CASE("hidden background: smaller file, same exact ROI", "[v2]") {
  const Image img = test::make_image(96, 80, 3, 13);
  const Image mask = test::make_disc_mask(96, 80, 0.4, 0.4);
  Image hidden = mask;  // the whole mask hidden: its background never shows
  const EncodeParams p = v2_params();
  const Encoded plain = encode(img, mask, p);
  const Encoded skipped = encode(img, mask, p, &hidden);
  REQUIRE(skipped.stats.background_bytes < plain.stats.background_bytes);
  const Decoded d = round_trip(img, mask, p, &hidden);
  // Wherever the background can show (outside `hidden`) it is exactly what it is without
  // hiding: only blocks whose whole interpolation footprint is hidden change.
  const Decoded d0 = decode(plain.bytes);
  std::size_t outside = 0;
  for (int y = 0; y < 80; ++y)
    for (int x = 0; x < 96; ++x) {
      if (hidden.row(y)[x]) continue;
      ++outside;
      if (std::memcmp(d.background.row(y) + 3 * x, d0.background.row(y) + 3 * x, 3) != 0)
        FAIL("background differs at (" << x << "," << y << ")");
    }
  REQUIRE(outside > 0);
}

TEST_CASE("v2 file: every truncation is an error", "[container][v2][hostile]") {
  const Image img = test::make_image(23, 17, 3, 4);
  test::require_every_truncation_rejected(encode(img, test::make_disc_mask(23, 17), v2_params()).bytes);
}

TEST_CASE("v2 file: bit flips behind a valid CRC reach the parsers and never crash", "[container][v2][hostile]") {
  const Image img = test::make_image(19, 13, 3, 6);
  const auto count = test::flip_every_payload_bit(encode(img, test::make_disc_mask(19, 13), v2_params()).bytes);
  REQUIRE(count.flips > 0);
  REQUIRE(count.rejected > count.flips / 2);
}

TEST_CASE("colour kernels: YCoCg to BGR matches the formula for every length and range", "[kernels]") {
  std::mt19937 rng(29);
  for (int f : {1, 2, 8, 14, 26}) {
    const std::int32_t range = f >= 26 ? (1 << 28) : std::min(1 << 28, 600 << f);
    std::uniform_int_distribution<std::int32_t> v(-range, range);
    for (int n = 0; n <= 40; ++n) {
      std::vector<std::int32_t> y(n), co(n), cg(n);
      for (int i = 0; i < n; ++i) {
        y[i] = v(rng);
        co[i] = v(rng) / 2;
        cg[i] = v(rng) / 2;
      }
      std::vector<std::uint8_t> out(3 * static_cast<std::size_t>(n) + 1, 0xA5);
      kernels::ycocg_to_bgr(y.data(), co.data(), cg.data(), n, f, out.data());
      const std::int64_t half = std::int64_t{1} << (f - 1);
      auto u8 = [&](std::int64_t x) { return static_cast<int>(std::min<std::int64_t>((std::max<std::int64_t>(x, 0) + half) >> f, 255)); };
      for (int i = 0; i < n; ++i) {
        const std::int64_t t = static_cast<std::int64_t>(y[i]) - cg[i];
        REQUIRE(out[3 * i] == u8(t - co[i]));
        REQUIRE(out[3 * i + 1] == u8(static_cast<std::int64_t>(y[i]) + cg[i]));
        REQUIRE(out[3 * i + 2] == u8(t + co[i]));
      }
      REQUIRE(out[3 * static_cast<std::size_t>(n)] == 0xA5);  // nothing written past the end
    }
  }
}

TEST_CASE("ROI kernels: residuals and activities match the definitions", "[kernels]") {
  std::mt19937 rng(31);
  std::uniform_int_distribution<int> v(-255, 255);
  for (int n = 1; n <= 37; ++n) {
    std::vector<std::int16_t> up(static_cast<std::size_t>(n) + 2), row(static_cast<std::size_t>(n) + 1);
    for (auto& x : up) x = static_cast<std::int16_t>(v(rng));
    for (auto& x : row) x = static_cast<std::int16_t>(v(rng));
    std::vector<std::uint32_t> zz(static_cast<std::size_t>(n));
    std::vector<std::int32_t> act(static_cast<std::size_t>(n));
    std::vector<std::int16_t> ua(static_cast<std::size_t>(n));
    kernels::med_residuals(row.data() + 1, up.data() + 1, n, zz.data(), act.data());
    kernels::up_activity(up.data() + 1, n, ua.data());
    for (int i = 0; i < n; ++i) {
      const int a = row[i], b = up[i + 1], c = up[i], d = up[i + 2], x = row[i + 1];
      const int pred = c >= std::max(a, b) ? std::min(a, b) : (c <= std::min(a, b) ? std::max(a, b) : a + b - c);
      REQUIRE(rans::unzigzag(zz[i]) == x - pred);
      REQUIRE(act[i] == std::abs(a - c) + std::abs(b - c) + std::abs(d - b));
      REQUIRE(ua[i] == std::min(std::abs(b - c) + std::abs(d - b), 2047));
    }
  }
}
