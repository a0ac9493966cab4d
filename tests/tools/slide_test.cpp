// Tiled files (codec/tiled.hpp) and the slide path (smearpress/slide.hpp): a mosaic of the
// sample fields encoded tile by tile, decoded whole and by regions, and damaged indexes.
#include "../catch.hpp"
#include "../temp_dir.hpp"

#include "slide/openslide_source.hpp"
#include "slide/pyramid_tiff_writer.hpp"

#include <smearpress/mat_bridge.hpp>
#include <smearpress/slide.hpp>

#include <codec/crc32.hpp>
#include <codec/error.hpp>
#include <codec/tiled.hpp>
#include <roi/weights.hpp>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <random>

using namespace smearpress;

namespace {

// The three sample fields side by side and again flipped below: 1920 x 960 pixels of real smear,
// with white cells near the seams of 256-pixel tiles.
const cv::Mat& mosaic() {
  static const cv::Mat m = [] {
    std::vector<cv::Mat> top;
    for (const char* f : {"BloodImage_00002.jpg", "BloodImage_00029.jpg", "BloodImage_00104.jpg"})
      top.push_back(cv::imread(std::string(SMEARPRESS_SOURCE_DIR "/samples/bccd/") + f, cv::IMREAD_COLOR));
    cv::Mat row, flipped, out;
    cv::hconcat(top, row);
    cv::flip(row, flipped, 1);
    cv::vconcat(row, flipped, out);
    return out;
  }();
  return m;
}

Settings tiled_settings(int tile) {
  Settings s;
  s.tile = tile;
  return s;
}

std::vector<std::uint8_t> encode_mosaic(int tile, int threads, SlideEncoded* info = nullptr) {
  MatSource src(mosaic());
  VectorSink sink;
  SlideOptions opt;
  opt.threads = threads;
  SlideEncoded e = encode_slide(src, tiled_settings(tile), sink, opt);
  if (info) *info = e;
  return std::move(sink.bytes());
}

// Every pixel of weight 255 equals the original, and such pixels exist.
void require_exact(const cv::Mat& original, const cv::Mat& decoded, const cv::Mat1b& weights) {
  REQUIRE(decoded.size() == original.size());
  REQUIRE(decoded.type() == CV_8UC3);
  int exact = 0, bad = 0;
  for (int y = 0; y < original.rows; ++y)
    for (int x = 0; x < original.cols; ++x) {
      if (weights(y, x) != 255) continue;
      ++exact;
      bad += original.at<cv::Vec3b>(y, x) != decoded.at<cv::Vec3b>(y, x);
    }
  REQUIRE(exact > 1000);
  REQUIRE(bad == 0);
}

}  // namespace

TEST_CASE("tiled: a mosaic round-trips with an exact ROI across the seams", "[slide]") {
  SlideEncoded info;
  const auto bytes = encode_mosaic(256, 1, &info);
  REQUIRE(codec::tiled::is_tiled(bytes));
  REQUIRE(info.grid.columns() == 8);
  REQUIRE(info.grid.rows() == 4);
  REQUIRE(info.rbc_radius > 5);
  REQUIRE(info.stats.roi_pixels > 0);
  SpanSource src(bytes);
  TiledReader reader(src);
  cv::Mat1b weights;
  const cv::Mat whole = decode_region(reader, cv::Rect(0, 0, 1920, 960), &weights);
  require_exact(mosaic(), whole, weights);
  // ROI pixels on both sides of some seam: the objects cut by seams are kept on both sides.
  int seam_roi = 0;
  for (int x = 256; x < 1920; x += 256)
    for (int y = 0; y < 960; ++y) seam_roi += weights(y, x - 1) == 255 && weights(y, x) == 255;
  REQUIRE(seam_roi > 0);
  // Background quality holds up over the whole mosaic.
  REQUIRE(cv::PSNR(mosaic(), whole) > 28);
}

TEST_CASE("tiled: the output does not depend on the thread count", "[slide]") {
  REQUIRE(encode_mosaic(256, 1) == encode_mosaic(256, 3));
}

TEST_CASE("tiled: a region equals the same crop of the whole decode", "[slide]") {
  const auto bytes = encode_mosaic(256, 2);
  SpanSource src(bytes);
  TiledReader reader(src);
  cv::Mat1b all_w;
  const cv::Mat whole = decode_region(reader, cv::Rect(0, 0, 1920, 960), &all_w);
  std::mt19937 rng(7);
  for (int k = 0; k < 6; ++k) {
    const int w = 1 + static_cast<int>(rng() % 700), h = 1 + static_cast<int>(rng() % 500);
    const cv::Rect r(static_cast<int>(rng() % (1920 - w + 1)), static_cast<int>(rng() % (960 - h + 1)), w, h);
    cv::Mat1b rw;
    const cv::Mat part = decode_region(reader, r, &rw);
    REQUIRE(cv::norm(part, whole(r), cv::NORM_INF) == 0);
    REQUIRE(cv::norm(rw, all_w(r), cv::NORM_INF) == 0);
  }
  std::uint32_t count = 0;
  decode_tiles(reader, 2, [&](std::uint32_t t, const cv::Rect& cell, DecodedTile& r) {
    REQUIRE(t == count++);
    REQUIRE(cv::norm(r.image, whole(cell), cv::NORM_INF) == 0);
  });
  REQUIRE(count == reader.grid().tile_count());
  // Any order: here backwards, as the caller lists them.
  std::vector<std::uint32_t> backwards;
  for (std::uint32_t t = reader.grid().tile_count(); t-- > 0;) backwards.push_back(t);
  std::vector<std::uint32_t> seen;
  decode_tiles(reader, 2, backwards, [&](std::uint32_t t, const cv::Rect& cell, DecodedTile& r) {
    seen.push_back(t);
    REQUIRE(cv::norm(r.image, whole(cell), cv::NORM_INF) == 0);
  });
  REQUIRE(seen == backwards);
  REQUIRE_THROWS_AS(decode_tiles(reader, 1, {reader.grid().tile_count()}, [](auto, auto&, auto&) {}), codec::Error);
  REQUIRE_THROWS_AS(decode_region(reader, cv::Rect(1900, 0, 40, 10)), codec::Error);
  REQUIRE_THROWS_AS(decode_region(reader, cv::Rect(0, 0, 0, 10)), codec::Error);
}

TEST_CASE("tiled: tiles cover exactly their cells and seams are not visible", "[slide]") {
  const auto bytes = encode_mosaic(256, 2);
  SpanSource src(bytes);
  TiledReader reader(src);
  const cv::Mat whole = decode_region(reader, cv::Rect(0, 0, 1920, 960));
  // The mean absolute step between neighbouring columns, decoded over original, at the seams
  // and elsewhere: a seam would add steps the original does not have.
  cv::Mat gray, gray_in;
  cv::cvtColor(whole, gray, cv::COLOR_BGR2GRAY);
  cv::cvtColor(mosaic(), gray_in, cv::COLOR_BGR2GRAY);
  double seam = 0, seam_in = 0, other = 0, other_in = 0;
  for (int x = 1; x < gray.cols; ++x)
    for (int y = 0; y < gray.rows; ++y) {
      const int d = std::abs(gray.at<std::uint8_t>(y, x) - gray.at<std::uint8_t>(y, x - 1));
      const int d_in = std::abs(gray_in.at<std::uint8_t>(y, x) - gray_in.at<std::uint8_t>(y, x - 1));
      (x % 256 == 0 ? seam : other) += d;
      (x % 256 == 0 ? seam_in : other_in) += d_in;
    }
  INFO("decoded / original step: at seams " << seam / seam_in << ", elsewhere " << other / other_in);
  REQUIRE(seam / seam_in < 1.2 * other / other_in);
}

TEST_CASE("tiled: damaged files give clear errors", "[slide]") {
  const auto good = encode_mosaic(512, 2);
  SpanSource good_src(good);
  const TiledReader reader(good_src);
  const std::uint64_t index_offset = good.size() - codec::tiled::index_bytes(reader.grid());
  auto expect_error = [](std::vector<std::uint8_t> bytes, const char* fragment) {
    SpanSource src(bytes);
    try {
      TiledReader r(src);
      for (std::uint32_t t = 0; t < r.grid().tile_count(); ++t) (void)r.tile(t);
      FAIL("no error");
    } catch (const codec::Error& e) {
      INFO(e.what());
      REQUIRE(std::string(e.what()).find(fragment) != std::string::npos);
    }
  };
  // Rewrites index entry `t` (offset, size) and the index CRC.
  auto with_entry = [&](std::uint32_t t, std::uint64_t offset, std::uint32_t size) {
    std::vector<std::uint8_t> b = good;
    std::uint8_t* e = b.data() + index_offset + 8 + 16 * t;
    for (int i = 0; i < 8; ++i) e[i] = static_cast<std::uint8_t>(offset >> (8 * i));
    for (int i = 0; i < 4; ++i) e[8 + i] = static_cast<std::uint8_t>(size >> (8 * i));
    const std::span<const std::uint8_t> payload(b.data() + index_offset + 8, b.size() - index_offset - 12);
    const std::uint32_t crc = codec::crc32(payload, codec::crc32(std::span<const std::uint8_t>(b.data() + index_offset, 4)));
    for (int i = 0; i < 4; ++i) b[b.size() - 4 + i] = static_cast<std::uint8_t>(crc >> (8 * i));
    return b;
  };
  const auto& e0 = reader.index()[0];
  const auto& e1 = reader.index()[1];
  expect_error(with_entry(1, index_offset + 100, e1.size), "outside the tile area");
  expect_error(with_entry(1, e0.offset + 10, e1.size), "overlap");
  std::vector<std::uint8_t> flipped = good;
  flipped[index_offset + 20] ^= 1;
  expect_error(flipped, "INDX: CRC mismatch");
  std::vector<std::uint8_t> tile_damaged = good;
  tile_damaged[e1.offset + 30] ^= 0x40;
  expect_error(tile_damaged, "tile 1: CRC mismatch");
  expect_error(std::vector<std::uint8_t>(good.begin(), good.end() - 5), "does not end the");
  expect_error(std::vector<std::uint8_t>(good.begin(), good.begin() + 30), "truncated");
  std::vector<std::uint8_t> prefix_damaged = good;
  prefix_damaged[20] ^= 1;
  expect_error(prefix_damaged, "TILE: CRC mismatch");
  // A single-image reader refuses a tiled file by name.
  REQUIRE_THROWS_WITH(codec::decode(good), Catch::Contains("tiled file"));
}

TEST_CASE("tiled: small images and JPEG DCT sources keep one piece", "[slide]") {
  Settings s;
  REQUIRE_FALSE(stored_tiled(640, 480, s));
  REQUIRE(stored_tiled(1025, 10, s));
  REQUIRE_FALSE(stored_tiled(4000, 3000, s, true));
  s.tile = 0;
  REQUIRE_FALSE(stored_tiled(5000, 5000, s));
  codec::tiled::Grid g;
  g.width = g.height = 1000;
  g.tile_width = g.tile_height = 300;
  REQUIRE_THROWS_WITH(codec::tiled::validate(g), Catch::Contains("multiple of 64"));
}

TEST_CASE("tiled: OpenSlide opens a generic tiled TIFF and the encoder reads the slide through it", "[slide]") {
  const auto dir = test::temp_dir("openslide_mosaic");
  const auto path = dir / "mosaic.tif";
  {
    slide::PyramidTiffOptions opt;
    opt.tile = 256;
    slide::PyramidTiffWriter writer(path, mosaic().cols, mosaic().rows, 3, opt);
    for (int y = 0; y < mosaic().rows; y += 256) {
      const cv::Rect band = cv::Rect(0, y, mosaic().cols, 256) & cv::Rect(0, 0, mosaic().cols, mosaic().rows);
      writer.put(band, mosaic()(band));
    }
    writer.finish();
  }
  slide::OpenSlideSource source(path);
  REQUIRE(source.describe().find("generic-tiff") != std::string::npos);
  VectorSink sink;
  const SlideEncoded e = encode_slide(source, tiled_settings(512), sink);
  REQUIRE(e.grid.tile_count() == 8);
  REQUIRE(sink.bytes() == encode_mosaic(512, 1));  // the same pixels as from memory
  SpanSource src(sink.bytes());
  TiledReader reader(src);
  cv::Mat1b weights;
  require_exact(mosaic(), decode_region(reader, cv::Rect(0, 0, 1920, 960), &weights), weights);
  std::filesystem::remove_all(dir);
}
