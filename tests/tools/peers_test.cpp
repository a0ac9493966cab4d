#include "bench/peers.hpp"

#include <cmath>
#include <limits>
#include <set>

#include "../catch.hpp"
#include "../test_util.hpp"
#include "bench/bench.hpp"
#include "codec/metrics.hpp"
#include "io/image_io.hpp"

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

peers::Peer peer_named(const std::string& name) {
  for (auto& p : peers::peer_codecs())
    if (p.name == name) return p;
  FAIL("no peer " << name);
  return {};
}

// A committed colour JPEG (4:2:0) as load_image reads it, or a gray one made here.
LoadedImage jpeg_input(int channels) {
  if (channels == 3) return load_image(SMEARPRESS_SOURCE_DIR "/samples/pbc/basophil/BA_147282.jpg");
  LoadedImage in;
  in.file = peers::jpeg_encode(test::make_image(61, 37, 1, 9), 85);
  in.image = peers::jpeg_decode(in.file);
  return in;
}

}  // namespace

TEST_CASE("the bench's peers are the eight named codecs, in table order", "[peers]") {
  const auto peers = peers::peer_codecs();
  REQUIRE(peers.size() == 8);
  const std::vector<std::string> names = {"png",      "png-9",       "webp-lossless", "jxl-lossless-e7",
                                          "jp2-lossless", "jpeg-q90", "source-file",   "jxl-jpeg-transcode"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    INFO(names[i]);
    CHECK(peers[i].name == names[i]);
    CHECK(peers[i].lossless == (names[i] != "jpeg-q90" && names[i] != "jxl-jpeg-transcode"));
    CHECK(peers[i].jpeg_only == (i >= 6));
    CHECK(peers[i].timed_encode == (names[i] != "source-file"));
    CHECK(static_cast<bool>(peers[i].reconstruct_source) == (names[i] == "jxl-jpeg-transcode"));
  }
}

TEST_CASE("every lossless peer round-trips colour and gray images of odd sizes bit-exactly",
          "[peers]") {
  const int channels = GENERATE(1, 3);
  const auto [w, h] =
      GENERATE(std::pair{37, 23}, std::pair{1, 1}, std::pair{5, 64}, std::pair{129, 3});
  const codec::Image img = test::make_image(w, h, channels, 7u + static_cast<std::uint32_t>(w * h));
  for (const auto& peer : peers::peer_codecs()) {
    if (!peer.lossless || peer.jpeg_only) continue;
    INFO(peer.name << " " << w << "x" << h << "x" << channels);
    const peers::Bytes bytes = peer.encode(img, {});
    REQUIRE(!bytes.empty());
    require_same(peer.decode(bytes, channels), img);
  }
}

TEST_CASE("jpeg-q90 returns an image of the right size and close to the input", "[peers]") {
  const int channels = GENERATE(1, 3);
  const codec::Image img = smooth_image(37, 23, channels);
  for (const auto& peer : peers::peer_codecs()) {
    if (peer.lossless || peer.jpeg_only) continue;
    const codec::Image out = peer.decode(peer.encode(img, {}), channels);
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
    if (peer.jpeg_only) continue;
    INFO(peer.name << ", " << channels << " channel(s)");
    const std::size_t size = peer.encode(img, {}).size();
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

TEST_CASE("source-file is the JPEG itself and decodes to the input pixels", "[peers]") {
  const LoadedImage in = jpeg_input(GENERATE(1, 3));
  const peers::Peer peer = peer_named("source-file");
  const peers::Bytes bytes = peer.encode(in.image, in.file);
  CHECK(bytes == in.file);
  require_same(peer.decode(bytes, in.image.channels), in.image);
}

TEST_CASE("jxl-jpeg-transcode rebuilds the JPEG exactly; its pixels are libjxl's, close to the input",
          "[peers]") {
  const int channels = GENERATE(1, 3);
  const LoadedImage in = jpeg_input(channels);
  const peers::Peer peer = peer_named("jxl-jpeg-transcode");
  const peers::Bytes bytes = peer.encode(in.image, in.file);
  REQUIRE(bytes.size() > 12);
  CHECK(std::string(bytes.begin() + 4, bytes.begin() + 8) == "JXL ");  // a container (jbrd box)
  CHECK(peers::jxl_reconstruct_jpeg(bytes) == in.file);
  CHECK(peer.reconstruct_source(bytes) == in.file);
  const codec::Image d = peer.decode(bytes, channels);
  REQUIRE((d.width == in.image.width && d.height == in.image.height && d.channels == channels));
  const double psnr = codec::psnr_from_mse(codec::mse(in.image, d));
  INFO(channels << " channel(s): PSNR " << psnr);
  CHECK(psnr > 40);
  if (channels == 3) {
    CHECK(bytes.size() < in.file.size());  // the point of the transcode
    // libjxl's IDCT and chroma upsampling are not libjpeg-turbo's: the pixels differ, which is
    // why the peer is not marked lossless (docs/BENCHMARKS.md). Should a libjxl ever match
    // cv::imread here, the peer can become lossless.
    CHECK(d.data != in.image.data);
  }
}

TEST_CASE("the JPEG peers reject what is not a JPEG, or not a transcoded one", "[peers]") {
  const codec::Image img = test::make_image(37, 23, 3, 5);
  const std::uint8_t junk[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  CHECK_THROWS_AS(peers::source_file_encode({}), peers::PeerError);
  CHECK_THROWS_AS(peers::jxl_transcode_jpeg({}, 7), peers::PeerError);
  CHECK_THROWS_AS(peers::jxl_transcode_jpeg(junk, 7), peers::PeerError);
  CHECK_THROWS_AS(peers::jxl_transcode_jpeg(peers::png_encode(img), 7), peers::PeerError);
  const peers::Bytes jpeg = peers::jpeg_encode(img, 90);
  CHECK_THROWS_AS(peers::jxl_transcode_jpeg(jpeg, 0), peers::PeerError);
  // A pixel codestream holds no JPEG to rebuild; a truncated transcode is refused.
  CHECK_THROWS_AS(peers::jxl_reconstruct_jpeg(peers::jxl_lossless_encode(img, 7)), peers::PeerError);
  const peers::Bytes jxl = peers::jxl_transcode_jpeg(jpeg, 7);
  CHECK_THROWS_AS(peers::jxl_reconstruct_jpeg(peers::Bytes(jxl.begin(), jxl.begin() + jxl.size() / 2)),
                  peers::PeerError);
  CHECK_THROWS_AS(peers::jxl_reconstruct_jpeg(junk), peers::PeerError);
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
  a.roi_dct_images = 2;
  a.roi_dct_bytes = 600;
  a.roi_source_bytes = 800;
  CodecTotals f;  // the source files themselves: nothing to encode
  f.name = "source-file";
  f.lossless = true;
  f.timed_encode = false;
  f.bytes = 8000;
  f.encode_mps = std::numeric_limits<double>::quiet_NaN();
  f.decode_mps = 80;
  f.psnr = b.psnr;
  r.source_bytes = 8000;
  r.codecs = {a, b, f};
  CHECK(bench_csv(r) ==
        "name,bytes,size_vs_source,encode_mps,decode_mps,psnr,psnr_roi,psnr_bg,roi_dct_images,"
        "roi_vs_source_blocks\n"
        "smearpress,1000,0.1250,10.000,20.000,30.5000,inf,,2,0.7500\n"
        "png,4000,0.5000,40.000,40.000,inf,inf,inf,,\n"
        "source-file,8000,1.0000,,80.000,inf,,,,\n");
  const std::string table = bench_table(r);
  CHECK_THAT(table, test::contains_text("| smearpress  |"));
  CHECK_THAT(table, test::contains_text("| size vs source | size vs JXL |"));  // first ratio
  CHECK_THAT(table, test::contains_text("0.125x"));  // smearpress's size vs source
  CHECK_THAT(table, test::contains_text("0.250"));   // size vs PNG
  CHECK_THAT(table, test::contains_text("n/a"));     // source-file's encode
  CHECK_THAT(table, test::contains_text("on 2 of 2 images; there its ROI section is 0.750x"));
  const auto doc = bench_json(r);
  REQUIRE(doc["codecs"].size() == 3);
  CHECK(doc["source_bytes"] == 8000);
  CHECK(doc["codecs"][0]["psnr_bg"].is_null());
  CHECK(doc["codecs"][0]["size_vs_source"] == 0.125);
  CHECK(doc["codecs"][0]["roi_dct_images"] == 2);
  CHECK(doc["codecs"][0]["roi_vs_source_blocks"] == 0.75);
  CHECK(doc["codecs"][1]["bytes_vs_png"] == 1.0);
  CHECK(!doc["codecs"][1].contains("roi_dct_images"));
  CHECK(doc["codecs"][2]["encode_mps"].is_null());
  CHECK(doc["codecs"][2]["encode_s"].is_null());
  CHECK(dump_json(doc).find("\"psnr_roi\": Infinity") != std::string::npos);
}
