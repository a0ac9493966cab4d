// PyramidTiffWriter: what it writes reads back through TiffSource, level by level.
#include "slide/pyramid_tiff_writer.hpp"
#include "slide/tiff_source.hpp"
#include "tiff_maker.hpp"

#include "../catch.hpp"

using smearpress::slide::PyramidTiffOptions;
using smearpress::slide::PyramidTiffWriter;
using smearpress::slide::TiffCompression;
using smearpress::slide::TiffSource;
namespace fs = std::filesystem;

namespace {

// The definition of a reduced level, written out plainly: each pixel the rounded mean of a 2x2
// box, the last column or row counted twice at an odd edge.
cv::Mat box_reduce(const cv::Mat& src) {
  const int ch = src.channels();
  cv::Mat out((src.rows + 1) / 2, (src.cols + 1) / 2, src.type());
  for (int y = 0; y < out.rows; ++y)
    for (int x = 0; x < out.cols; ++x)
      for (int c = 0; c < ch; ++c) {
        int sum = 0;
        for (int dy = 0; dy < 2; ++dy)
          for (int dx = 0; dx < 2; ++dx)
            sum += src.ptr<std::uint8_t>(std::min(2 * y + dy, src.rows - 1))[std::min(2 * x + dx, src.cols - 1) * ch + c];
        out.ptr<std::uint8_t>(y)[x * ch + c] = static_cast<std::uint8_t>((sum + 2) / 4);
      }
  return out;
}

// Writes `image` in bands of `band` rows, each band in pieces of `piece` columns.
void write_pyramid(const fs::path& path, const cv::Mat& image, const PyramidTiffOptions& options, int band,
                   int piece) {
  PyramidTiffWriter writer(path, image.cols, image.rows, image.channels(), options);
  for (int y = 0; y < image.rows; y += band)
    for (int x = 0; x < image.cols; x += piece) {
      const cv::Rect r = cv::Rect(x, y, piece, band) & cv::Rect(0, 0, image.cols, image.rows);
      writer.put(r, image(r));
    }
  writer.finish();
}

cv::Mat read_all(const fs::path& path, int directory) {
  TiffSource source(path, TiffSource::kDefaultCacheBytes, directory);
  cv::Mat out;
  source.read({0, 0, source.width(), source.height()}, out);
  return out;
}

}  // namespace

TEST_CASE("a pyramid reads back: level 0 exact, each level the box reduction of the one above", "[slide][pyramid]") {
  struct Case {
    int channels;
    TiffCompression compression;
    int band, piece;  // in tiles
  };
  const Case c = GENERATE(Case{3, TiffCompression::kDeflate, 1, 1}, Case{1, TiffCompression::kLzw, 2, 3},
                          Case{3, TiffCompression::kNone, 3, 8}, Case{3, TiffCompression::kZstd, 1, 2});
  const auto dir = test::temp_dir("pyramid");
  const cv::Mat image = test::as_returned(test::pattern(1000, 700, c.channels, 3));
  PyramidTiffOptions options;
  options.tile = 128;
  options.compression = c.compression;
  const auto path = dir / "p.tif";
  write_pyramid(path, image, options, c.band * 128, c.piece * 128);
  // 1000x700, 500x350, 250x175, 125x88: the first to fit in a 128 tile is the last.
  const std::vector<cv::Size> sizes{{1000, 700}, {500, 350}, {250, 175}, {125, 88}};
  cv::Mat above = read_all(path, 0);
  REQUIRE(cv::norm(above, image, cv::NORM_INF) == 0);
  for (int k = 1; k < 4; ++k) {
    TiffSource level(path, TiffSource::kDefaultCacheBytes, k);
    INFO("level " << k << ": " << level.describe());
    REQUIRE(cv::Size(level.width(), level.height()) == sizes[k]);
    REQUIRE(level.natural_block() == cv::Size(128, 128));
    const cv::Mat got = read_all(path, k);
    REQUIRE(cv::norm(got, box_reduce(above), cv::NORM_INF) == 0);
    above = got;
  }
  REQUIRE_THROWS_WITH(TiffSource(path, TiffSource::kDefaultCacheBytes, 4), Catch::Contains("no directory 4"));
  TIFF* tif = TIFFOpen(path.c_str(), "r");
  std::uint32_t subfile = 0;
  REQUIRE(TIFFSetDirectory(tif, 2) == 1);
  REQUIRE(TIFFGetField(tif, TIFFTAG_SUBFILETYPE, &subfile) == 1);
  TIFFClose(tif);
  REQUIRE(subfile == FILETYPE_REDUCEDIMAGE);
  // Only the output is left: no partial file, no temporaries.
  REQUIRE(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
}

TEST_CASE("a JPEG pyramid keeps each level's tables and reads back close to the input", "[slide][pyramid]") {
  const auto dir = test::temp_dir("pyramid_jpeg");
  const cv::Mat image = test::as_returned(test::pattern(300, 200, 3, 8));
  PyramidTiffOptions options;
  options.tile = 64;
  options.compression = TiffCompression::kJpeg;
  write_pyramid(dir / "j.tif", image, options, 64, 64);
  REQUIRE(cv::PSNR(read_all(dir / "j.tif", 0), image) > 20);
  const cv::Mat level2 = read_all(dir / "j.tif", 2);
  REQUIRE(cv::PSNR(level2, box_reduce(box_reduce(image))) > 25);
}

TEST_CASE("a single-tile image is one level", "[slide][pyramid]") {
  const auto dir = test::temp_dir("pyramid_small");
  const cv::Mat image = test::pattern(50, 20, 1, 1);
  write_pyramid(dir / "s.tif", image, {}, 512, 512);
  REQUIRE(cv::norm(read_all(dir / "s.tif", 0), image, cv::NORM_INF) == 0);
  REQUIRE_THROWS(TiffSource(dir / "s.tif", TiffSource::kDefaultCacheBytes, 1));
}

TEST_CASE("puts out of order are refused, and an unfinished writer leaves no file", "[slide][pyramid]") {
  const auto dir = test::temp_dir("pyramid_order");
  const cv::Mat tile(64, 64, CV_8UC3, cv::Scalar(1, 2, 3));
  PyramidTiffOptions options;
  options.tile = 64;
  {
    PyramidTiffWriter writer(dir / "o.tif", 200, 100, 3, options);
    REQUIRE_THROWS_WITH(writer.put({64, 0, 64, 64}, tile), Catch::Contains("out of order, expected x 0, y 0"));
    REQUIRE_THROWS_WITH(writer.put({0, 0, 32, 64}, tile(cv::Rect(0, 0, 32, 64))), Catch::Contains("multiple of the 64"));
    REQUIRE_THROWS_WITH(writer.put({0, 0, 64, 64}, cv::Mat(64, 64, CV_8UC1)), Catch::Contains("3-channel"));
    writer.put({0, 0, 64, 64}, tile);
    REQUIRE_THROWS_WITH(writer.put({64, 0, 64, 100}, cv::Mat(100, 64, CV_8UC3)), Catch::Contains("height differs"));
    REQUIRE_THROWS_WITH(writer.finish(), Catch::Contains("before the whole image was put"));
    REQUIRE(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 3);  // partial + 2 levels
  }
  REQUIRE(fs::is_empty(dir));
}

TEST_CASE("an output that cannot be created is an error naming it", "[slide][pyramid]") {
  const auto path = test::temp_dir("pyramid_bad") / "missing" / "o.tif";
  REQUIRE_THROWS_WITH(PyramidTiffWriter(path, 100, 100, 3), Catch::Contains(path.string() + ".tmp-"));
  REQUIRE_THROWS_WITH(PyramidTiffWriter(path, 0, 100, 3), Catch::Contains("width 0 is outside"));
  REQUIRE_THROWS_WITH(smearpress::slide::parse_tiff_compression("lz4"), Catch::Contains("(none, lzw, deflate, zstd or jpeg)"));
  REQUIRE(smearpress::slide::parse_tiff_compression("zstd") == TiffCompression::kZstd);
}
