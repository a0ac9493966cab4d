// TiffSource on small TIFFs made with libtiff: every layout reads back what was written.
#include "slide/open_slide.hpp"
#include "slide/tiff_source.hpp"
#include "tiff_maker.hpp"

#include "../catch.hpp"
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>

using smearpress::slide::TiffSource;

namespace {

bool same(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

// Seeded rectangles inside a w x h image, from single pixels to the whole image.
std::vector<cv::Rect> rects(int w, int h, std::uint32_t seed, int count) {
  std::mt19937 rng(seed);
  std::vector<cv::Rect> out{{0, 0, w, h}, {w - 1, h - 1, 1, 1}};
  for (int i = 0; i < count; ++i) {
    const int x = static_cast<int>(rng() % w), y = static_cast<int>(rng() % h);
    out.emplace_back(x, y, 1 + static_cast<int>(rng() % (w - x)), 1 + static_cast<int>(rng() % (h - y)));
  }
  return out;
}

}  // namespace

TEST_CASE("every lossless layout reads back the pixels written", "[slide][tiff]") {
  const auto dir = test::temp_dir("tiff_layouts");
  const int tile = GENERATE(0, 32);
  const bool bigtiff = GENERATE(false, true);
  const int channels = GENERATE(1, 3, 4);
  const std::uint16_t compression =
      GENERATE(as<std::uint16_t>{}, COMPRESSION_NONE, COMPRESSION_LZW, COMPRESSION_ADOBE_DEFLATE, COMPRESSION_PACKBITS, COMPRESSION_ZSTD);
  const cv::Mat samples = test::pattern(100, 70, channels, 7);  // not a multiple of the tile
  const auto path = dir / "t.tif";
  test::write_tiff(path, samples, {bigtiff, tile, 8, compression, 8});
  TiffSource source(path);
  INFO(source.describe());
  REQUIRE(source.width() == 100);
  REQUIRE(source.height() == 70);
  REQUIRE(source.channels() == (channels == 1 ? 1 : 3));
  REQUIRE(source.natural_block() == (tile ? cv::Size(32, 32) : cv::Size(100, 8)));
  const cv::Mat expected = test::as_returned(samples);
  cv::Mat got;
  for (const cv::Rect& r : rects(100, 70, 3, 20)) {
    source.read(r, got);
    INFO("rect " << r);
    REQUIRE(same(got, expected(r)));
  }
}

TEST_CASE("describe names the container, the blocks, the compression and the samples", "[slide][tiff]") {
  const auto dir = test::temp_dir("tiff_describe");
  test::write_tiff(dir / "a.tif", test::pattern(40, 40, 3, 1), {true, 32, 8, COMPRESSION_ADOBE_DEFLATE, 8});
  REQUIRE(TiffSource(dir / "a.tif").describe() == "BigTIFF, tiled 32x32, deflate, 3 samples");
  test::write_tiff(dir / "b.tif", test::pattern(40, 40, 1, 1), {false, 0, 1, COMPRESSION_LZW, 8});
  REQUIRE(TiffSource(dir / "b.tif").describe() == "TIFF, striped 1 row, lzw, 1 sample");
}

TEST_CASE("JPEG tiles and strips decode as libtiff's RGBA interface decodes them", "[slide][tiff]") {
  const auto dir = test::temp_dir("tiff_jpeg");
  const int tile = GENERATE(0, 32);
  const int channels = GENERATE(1, 3);
  const cv::Mat samples = test::pattern(90, 50, channels, 11);
  const auto path = dir / "j.tif";
  test::write_tiff(path, samples, {false, tile, 16, COMPRESSION_JPEG, 8});
  TiffSource source(path);
  cv::Mat got;
  source.read({0, 0, 90, 50}, got);
  // The reference: TIFFReadRGBAImageOriented, libtiff's other decoding path (ABGR words).
  TIFF* tif = TIFFOpen(path.c_str(), "r");
  REQUIRE(tif);
  cv::Mat rgba(50, 90, CV_8UC4);
  REQUIRE(TIFFReadRGBAImageOriented(tif, 90, 50, rgba.ptr<std::uint32_t>(), ORIENTATION_TOPLEFT, 0) == 1);
  TIFFClose(tif);
  cv::Mat reference;
  cv::cvtColor(rgba, reference, channels == 1 ? cv::COLOR_RGBA2GRAY : cv::COLOR_RGBA2BGR);
  INFO(source.describe());
  // The RGBA path's YCbCr conversion rounds differently from libjpeg's by at most 1 or 2.
  REQUIRE(cv::norm(got, reference, cv::NORM_INF) <= 2);
  // And near the original (libtiff's default quality 75 on a noisy picture).
  REQUIRE(cv::PSNR(got, test::as_returned(samples)) > 18);
}

TEST_CASE("min-is-white gray is returned inverted", "[slide][tiff]") {
  const auto dir = test::temp_dir("tiff_white");
  const cv::Mat samples = test::pattern(40, 20, 1, 5);
  test::write_tiff(dir / "w.tif", samples, {false, 0, 4, COMPRESSION_NONE, 8});
  test::patch_tag(dir / "w.tif", TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
  TiffSource source(dir / "w.tif");
  cv::Mat got;
  source.read({0, 0, 40, 20}, got);
  cv::Mat inverted;
  cv::bitwise_not(samples, inverted);
  REQUIRE(same(got, inverted));
}

TEST_CASE("four threads reading overlapping regions get the same pixels", "[slide][tiff][threads]") {
  const auto dir = test::temp_dir("tiff_threads");
  const cv::Mat samples = test::pattern(512, 384, 3, 9);
  test::write_tiff(dir / "t.tif", samples, {true, 32, 8, COMPRESSION_ADOBE_DEFLATE, 8});
  const std::size_t cache = GENERATE(std::size_t{16} << 10, std::size_t{64} << 20);  // evicting, holding all
  TiffSource source(dir / "t.tif", cache);
  const cv::Mat expected = test::as_returned(samples);
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      cv::Mat got;
      // Tiles of 64 with a margin of 8: neighbours share tiles, as a tiled encode reads them.
      for (int i = 0; i < 3; ++i)
        for (int y = 0; y < 384; y += 64)
          for (int x = (t * 64) % 512; x < 512 + (t * 64) % 512; x += 64) {
            const cv::Rect r = cv::Rect(x % 512 - 8, y - 8, 80, 80) & cv::Rect(0, 0, 512, 384);
            source.read(r, got);
            mismatches[t] += same(got, expected(r)) ? 0 : 1;
          }
    });
  for (auto& th : threads) th.join();
  REQUIRE(mismatches == std::vector<int>(4, 0));
}

TEST_CASE("a region not inside the image is refused", "[slide][tiff]") {
  const auto dir = test::temp_dir("tiff_outside");
  test::write_tiff(dir / "t.tif", test::pattern(40, 30, 1, 1), {false, 16, 8, COMPRESSION_NONE, 8});
  TiffSource source(dir / "t.tif");
  cv::Mat out;
  for (const cv::Rect r : {cv::Rect(-1, 0, 5, 5), cv::Rect(0, 0, 41, 1), cv::Rect(39, 29, 2, 1), cv::Rect(0, 0, 0, 3)}) {
    INFO(r);
    REQUIRE_THROWS_MATCHES(source.read(r, out), codec::Error,
                           Catch::Matchers::Predicate<codec::Error>([](const codec::Error& e) {
                             return e.code() == codec::ErrorCode::kInvalidArgument;
                           }));
  }
}

TEST_CASE("open_region_source takes TIFFs and leaves other images to the caller", "[slide]") {
  const auto dir = test::temp_dir("open_slide");
  test::write_tiff(dir / "t.tif", test::pattern(40, 30, 3, 1), {false, 16, 8, COMPRESSION_LZW, 8});
  std::vector<std::uint8_t> jpeg;
  REQUIRE(cv::imencode(".jpg", test::pattern(40, 30, 3, 1), jpeg));
  const auto jpg = dir / "t.jpg";
  std::FILE* f = std::fopen(jpg.c_str(), "wb");
  REQUIRE(f);
  std::fwrite(jpeg.data(), 1, jpeg.size(), f);
  std::fclose(f);
  REQUIRE(smearpress::slide::looks_like_tiff(dir / "t.tif"));
  REQUIRE_FALSE(smearpress::slide::looks_like_tiff(jpg));
  const std::uint8_t big_motorola[] = {'M', 'M', 0, 43, 0, 8};
  REQUIRE(smearpress::slide::looks_like_tiff(big_motorola));
  REQUIRE(smearpress::slide::open_region_source(jpg) == nullptr);
  const auto source = smearpress::slide::open_region_source(dir / "t.tif");
  REQUIRE(source);
  REQUIRE(source->describe() == "TIFF, tiled 16x16, lzw, 3 samples");
}

// Not run by CTest: reads a whole slide (SMEARPRESS_BENCH_SLIDE) in 512-pixel tiles with an
// 8-pixel margin on 2 threads, as a tiled encode would, and prints the speed. Run with
// /usr/bin/time -v to see the peak memory.
TEST_CASE("read a whole slide tile by tile", "[.bench]") {
  const char* slide = std::getenv("SMEARPRESS_BENCH_SLIDE");
  if (!slide) return;
  const auto source = smearpress::slide::open_region_source(slide);
  REQUIRE(source);
  const int w = source->width(), h = source->height();
  std::atomic<int> next{0};
  const int across = (w + 511) / 512, tiles = across * ((h + 511) / 512);
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t)
    threads.emplace_back([&] {
      cv::Mat out;
      for (int i = next++; i < tiles; i = next++) {
        const cv::Rect r = cv::Rect(i % across * 512 - 8, i / across * 512 - 8, 528, 528) & cv::Rect(0, 0, w, h);
        source->read(r, out);
      }
    });
  for (auto& th : threads) th.join();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s: %s, %d tiles in %.1f s, %.0f MP/s\n", slide, source->describe().c_str(), tiles, s,
              static_cast<double>(w) * h / s / 1e6);
}
