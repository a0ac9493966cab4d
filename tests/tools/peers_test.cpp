#include "bench/peers.hpp"

#include <cmath>
#include <limits>
#include <set>

#include "../catch.hpp"
#include "../test_util.hpp"
#include "bench/bench.hpp"

using namespace smearpress;

namespace {

// A smooth image: gradients without noise, which every lossless codec should shrink.
codec::Image smooth_image(int w, int h, int channels) {
  codec::Image img(w, h, channels);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < channels; ++c)
        img.row(y)[x * channels + c] = static_cast<std::uint8_t>(40 + (x * 2 + y + c * 30) % 180);
  return img;
}

void require_same(const codec::Image& a, const codec::Image& b) {
  REQUIRE(a.width == b.width);
  REQUIRE(a.height == b.height);
  REQUIRE(a.channels == b.channels);
  REQUIRE(a.data == b.data);
}

}  // namespace

TEST_CASE("the bench's peers are the six named codecs, in table order", "[peers]") {
  const auto peers = peers::peer_codecs();
  REQUIRE(peers.size() == 6);
  const std::vector<std::string> names = {"png", "png-9", "webp-lossless", "jxl-lossless-e7", "jp2-lossless",
                                          "jpeg-q90"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    CHECK(peers[i].name == names[i]);
    CHECK(peers[i].lossless == (names[i] != "jpeg-q90"));
  }
}

TEST_CASE("every lossless peer round-trips colour and gray images of odd sizes bit-exactly",
          "[peers]") {
  const int channels = GENERATE(1, 3);
  const auto [w, h] =
      GENERATE(std::pair{37, 23}, std::pair{1, 1}, std::pair{5, 64}, std::pair{129, 3});
  const codec::Image img = test::make_image(w, h, channels, 7u + static_cast<std::uint32_t>(w * h));
  for (const auto& peer : peers::peer_codecs()) {
    if (!peer.lossless) continue;
    INFO(peer.name << " " << w << "x" << h << "x" << channels);
    const peers::Bytes bytes = peer.encode(img);
    REQUIRE(!bytes.empty());
    require_same(peer.decode(bytes, channels), img);
  }
}

TEST_CASE("jpeg-q90 returns an image of the right size and close to the input", "[peers]") {
  const int channels = GENERATE(1, 3);
  const codec::Image img = smooth_image(37, 23, channels);
  for (const auto& peer : peers::peer_codecs()) {
    if (peer.lossless) continue;
    const codec::Image out = peer.decode(peer.encode(img), channels);
    REQUIRE(out.width == 37);
    REQUIRE(out.height == 23);
    REQUIRE(out.channels == channels);
    double sse = 0;
    for (std::size_t i = 0; i < img.data.size(); ++i) {
      const double d = double(img.data[i]) - double(out.data[i]);
      sse += d * d;
    }
    CHECK(sse / double(img.data.size()) < 100.0);  // > 28 dB on a smooth image at quality 90
  }
}

TEST_CASE("lossless peers are smaller than the raw pixels of a smooth image", "[peers]") {
  const int channels = GENERATE(1, 3);
  const codec::Image img = smooth_image(96, 80, channels);
  for (const auto& peer : peers::peer_codecs()) {
    INFO(peer.name << ", " << channels << " channel(s)");
    const std::size_t size = peer.encode(img).size();
    CHECK(size > 20);  // some header and data
    CHECK(size < img.byte_count() / 2);
  }
}

TEST_CASE("the peers write real files: signatures and the colour order readers expect", "[peers]") {
  codec::Image img(8, 8, 3);
  for (std::size_t p = 0; p < img.pixel_count(); ++p) {
    img.data[3 * p + 0] = 10;   // B
    img.data[3 * p + 1] = 100;  // G
    img.data[3 * p + 2] = 250;  // R
  }
  const peers::Bytes png = peers::png_encode(img);
  REQUIRE(png.size() > 8);
  CHECK(png[1] == 'P');
  const peers::Bytes webp = peers::webp_lossless_encode(img);
  CHECK(std::string(webp.begin(), webp.begin() + 4) == "RIFF");
  CHECK(std::string(webp.begin() + 8, webp.begin() + 12) == "WEBP");
  const peers::Bytes jxl = peers::jxl_lossless_encode(img, 7);
  CHECK((jxl[0] == 0xFF && jxl[1] == 0x0A));  // bare JPEG XL codestream
  const peers::Bytes jp2 = peers::jp2_encode(img, {});
  CHECK(std::string(jp2.begin() + 4, jp2.begin() + 8) == "jP  ");
  // JPEG XL and JPEG 2000 store R,G,B; decoding swaps back to B,G,R.
  require_same(peers::jxl_decode(jxl), img);
  require_same(peers::jp2_decode(jp2), img);
  require_same(peers::webp_decode(webp, 3), img);
}

TEST_CASE("lossy JPEG 2000 gets smaller with the ratio and keeps the shape", "[peers]") {
  const codec::Image img = test::make_image(64, 48, 3, 11);
  const auto lossless = peers::jp2_encode(img, {});
  const auto r10 = peers::jp2_encode(img, {false, 10});
  const auto r40 = peers::jp2_encode(img, {false, 40});
  CHECK(r10.size() < lossless.size());
  CHECK(r40.size() < r10.size());
  const codec::Image d = peers::jp2_decode(r40);
  CHECK((d.width == 64 && d.height == 48 && d.channels == 3));
  const codec::Image g =
      peers::jp2_decode(peers::jp2_encode(test::make_image(37, 23, 1, 3), {false, 20}));
  CHECK((g.width == 37 && g.height == 23 && g.channels == 1));
}

TEST_CASE("peer decoders reject empty and truncated data with PeerError", "[peers]") {
  const codec::Image img = test::make_image(37, 23, 3, 5);
  const std::vector<std::uint8_t> none;
  CHECK_THROWS_AS(peers::png_decode(none), peers::PeerError);
  CHECK_THROWS_AS(peers::jpeg_decode(none), peers::PeerError);
  CHECK_THROWS_AS(peers::webp_decode(none, 3), peers::PeerError);
  CHECK_THROWS_AS(peers::jxl_decode(none), peers::PeerError);
  CHECK_THROWS_AS(peers::jp2_decode(none), peers::PeerError);
  const std::uint8_t junk[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  CHECK_THROWS_AS(peers::png_decode(junk), peers::PeerError);
  CHECK_THROWS_AS(peers::webp_decode(junk, 3), peers::PeerError);
  CHECK_THROWS_AS(peers::jxl_decode(junk), peers::PeerError);
  CHECK_THROWS_AS(peers::jp2_decode(junk), peers::PeerError);

  auto half = [](const peers::Bytes& b) {
    return peers::Bytes(b.begin(), b.begin() + b.size() / 2);
  };
  CHECK_THROWS_AS(peers::png_decode(half(peers::png_encode(img))), peers::PeerError);
  CHECK_THROWS_AS(peers::webp_decode(half(peers::webp_lossless_encode(img)), 3), peers::PeerError);
  CHECK_THROWS_AS(peers::jxl_decode(half(peers::jxl_lossless_encode(img, 7))), peers::PeerError);
  // OpenJPEG decodes what a truncated stream holds, or refuses; it must not crash or lie about the
  // shape.
  try {
    const codec::Image d = peers::jp2_decode(half(peers::jp2_encode(img, {})));
    CHECK((d.width == 37 && d.height == 23 && d.channels == 3));
  } catch (const peers::PeerError&) {
  }
}

TEST_CASE("peer encoders reject what they cannot represent", "[peers]") {
  const codec::Image img = test::make_image(9, 9, 3, 1);
  CHECK_THROWS_AS(peers::jpeg_encode(img, 0), peers::PeerError);
  CHECK_THROWS_AS(peers::jxl_lossless_encode(img, 10), peers::PeerError);
  CHECK_THROWS_AS(peers::png_encode(codec::Image{}), peers::PeerError);
  CHECK_THROWS_AS(peers::webp_lossless_encode(codec::Image(4, 4, 2)), peers::PeerError);
  CHECK_THROWS_AS(peers::jp2_encode(img, {true, -1}), peers::PeerError);
}

TEST_CASE("bench JSON writes infinity as the token Infinity and undefined values as null",
          "[bench]") {
  nlohmann::ordered_json doc;
  doc["inf"] = json_number(std::numeric_limits<double>::infinity());
  doc["neg"] = json_number(-std::numeric_limits<double>::infinity());
  doc["nan"] = json_number(std::numeric_limits<double>::quiet_NaN());
  doc["none"] = json_number(std::optional<double>{});
  doc["x"] = json_number(std::optional<double>{1.5});
  doc["list"] = {json_number(std::numeric_limits<double>::infinity()), 2};
  CHECK(dump_json(doc, -1) ==
        R"({"inf":Infinity,"neg":-Infinity,"nan":null,"none":null,"x":1.5,"list":[Infinity,2]})");
  const std::string pretty = dump_json(doc);
  CHECK(pretty.find("\"inf\": Infinity,") != std::string::npos);
}

TEST_CASE("bench CSV and table: one row per codec, inf and empty cells as elsewhere", "[bench]") {
  BenchResult r;
  r.images = 2;
  r.megapixels = 0.5;
  r.repeats = 3;
  CodecTotals a;
  a.name = "smearpress";
  a.bytes = 1000;
  a.encode_mps = 10;
  a.decode_mps = 20;
  a.psnr = 30.5;
  a.psnr_roi = std::numeric_limits<double>::infinity();
  CodecTotals b;
  b.name = "png";
  b.lossless = true;
  b.bytes = 4000;
  b.encode_mps = 40;
  b.decode_mps = 40;
  b.psnr = std::numeric_limits<double>::infinity();
  b.psnr_roi = b.psnr;
  b.psnr_bg = b.psnr;
  r.codecs = {a, b};
  CHECK(bench_csv(r) ==
        "name,bytes,encode_mps,decode_mps,psnr,psnr_roi,psnr_bg\n"
        "smearpress,1000,10.000,20.000,30.5000,inf,\n"
        "png,4000,40.000,40.000,inf,inf,inf\n");
  const std::string table = bench_table(r);
  CHECK_THAT(table, test::contains_text("| smearpress |"));
  CHECK_THAT(table, test::contains_text("0.250"));  // size vs PNG
  const auto doc = bench_json(r);
  REQUIRE(doc["codecs"].size() == 2);
  CHECK(doc["codecs"][0]["psnr_bg"].is_null());
  CHECK(doc["codecs"][1]["bytes_vs_png"] == 1.0);
  CHECK(dump_json(doc).find("\"psnr_roi\": Infinity") != std::string::npos);
}
