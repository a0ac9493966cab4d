// PyramidTiffWriter: what it writes reads back through TiffSource, level by level.
#include "slide/pyramid_tiff_writer.hpp"
#include "slide/tiff_source.hpp"
#include "tiff_maker.hpp"

#include "../catch.hpp"

#include <algorithm>
#include <random>

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

TEST_CASE("z_order_cells: every cell once, aligned blocks together, cut at the edges", "[slide][pyramid]") {
  using smearpress::slide::z_order_cells;
  const std::vector<cv::Rect> cells = z_order_cells({45, 25}, {10, 10});  // 5 x 3 cells
  REQUIRE(cells.size() == 15);
  const std::vector<cv::Rect> first{
      {0, 0, 10, 10}, {10, 0, 10, 10}, {0, 10, 10, 10}, {10, 10, 10, 10}, {20, 0, 10, 10}};
  REQUIRE(std::equal(first.begin(), first.end(), cells.begin()));
  REQUIRE(cells[4 + 4] == cv::Rect(0, 20, 10, 5));   // the 4x4 block at 0 ends with the cut bottom row
  REQUIRE(cells.back() == cv::Rect(40, 20, 5, 5));  // the block at (4, 0) skips what lies outside
  cv::Mat1i covered(25, 45, 0);
  for (const cv::Rect& c : cells) covered(c) += 1;
  REQUIRE(cv::countNonZero(covered != 1) == 0);
  REQUIRE(z_order_cells({0, 10}, {10, 10}).empty());
  REQUIRE(z_order_cells({700, 10}, {10, 10}).size() == 70);  // a long thin grid
}

namespace {

// The rectangles of `order` (row-major, z or shuffled) over `image`, `cell` a side.
std::vector<cv::Rect> cells_in(const std::string& order, cv::Size image, int cell) {
  if (order == "row-major") {
    std::vector<cv::Rect> cells;
    for (int y = 0; y < image.height; y += cell)
      for (int x = 0; x < image.width; x += cell) cells.push_back(cv::Rect(x, y, cell, cell) & cv::Rect({}, image));
    return cells;
  }
  std::vector<cv::Rect> cells = smearpress::slide::z_order_cells(image, {cell, cell});
  if (order == "shuffled") std::shuffle(cells.begin(), cells.end(), std::mt19937(11));
  return cells;
}

}  // namespace

TEST_CASE("a pyramid is the same whatever the order of its rectangles", "[slide][pyramid]") {
  const int channels = GENERATE(1, 3);
  const int cell = GENERATE(64, 128);  // in 64 tiles: one tile, or 2x2 as a .smz tile in writer tiles
  const auto dir = test::temp_dir("pyramid_orders");
  const cv::Mat image = test::as_returned(test::pattern(1000, 701, channels, 5));
  PyramidTiffOptions options;
  options.tile = 64;
  std::vector<std::vector<cv::Mat>> pyramids;
  for (const std::string order : {"row-major", "z", "shuffled"}) {
    INFO(order << ", " << channels << " channel(s), " << cell << "-pixel rectangles");
    const auto path = dir / (order + ".tif");
    PyramidTiffWriter writer(path, image.cols, image.rows, channels, options);
    for (const cv::Rect& r : cells_in(order, image.size(), cell)) writer.put(r, image(r));
    writer.finish();
    REQUIRE(writer.levels() == 5);  // 1000x701 .. 63x44
    // In Z order a reduced level holds one partly filled tile at most.
    if (order == "z") REQUIRE(writer.peak_partial_tiles() <= 4);
    if (order == "row-major") REQUIRE(writer.peak_partial_tiles() > 4);
    std::vector<cv::Mat> levels;
    for (int k = 0; k < writer.levels(); ++k) levels.push_back(read_all(path, k));
    REQUIRE(cv::norm(levels[0], image, cv::NORM_INF) == 0);
    for (int k = 1; k < writer.levels(); ++k)
      REQUIRE(cv::norm(levels[k], box_reduce(levels[k - 1]), cv::NORM_INF) == 0);
    for (std::size_t k = 0; !pyramids.empty() && k < levels.size(); ++k)
      REQUIRE(cv::norm(levels[k], pyramids[0][k], cv::NORM_INF) == 0);
    pyramids.push_back(levels);
  }
}

TEST_CASE("misaligned and repeated rectangles are refused, a missing one fails finish", "[slide][pyramid]") {
  const auto dir = test::temp_dir("pyramid_order");
  const cv::Mat tile(64, 64, CV_8UC3, cv::Scalar(1, 2, 3));
  const cv::Mat edge(64, 8, CV_8UC3, cv::Scalar(4, 5, 6));  // 200 = 3 x 64 + 8
  PyramidTiffOptions options;
  options.tile = 64;
  {
    PyramidTiffWriter writer(dir / "o.tif", 200, 100, 3, options);
    REQUIRE_THROWS_WITH(writer.put({0, 0, 32, 64}, tile(cv::Rect(0, 0, 32, 64))), Catch::Contains("aligned to the 64"));
    REQUIRE_THROWS_WITH(writer.put({32, 0, 64, 64}, tile), Catch::Contains("aligned to the 64"));
    REQUIRE_THROWS_WITH(writer.put({192, 0, 64, 64}, tile), Catch::Contains("not inside the 200x100"));
    REQUIRE_THROWS_WITH(writer.put({0, 0, 64, 64}, cv::Mat(64, 64, CV_8UC1)), Catch::Contains("3-channel"));
    writer.put({64, 0, 64, 64}, tile);  // any order
    writer.put({192, 64, 8, 36}, edge(cv::Rect(0, 0, 8, 36)));
    const cv::Mat two(64, 128, CV_8UC3, cv::Scalar(7, 8, 9));
    REQUIRE_THROWS_WITH(writer.put({64, 0, 64, 64}, tile), Catch::Contains("the tile at (64, 0) was put before"));
    REQUIRE_THROWS_WITH(writer.put({0, 0, 128, 64}, two), Catch::Contains("the tile at (64, 0) was put before"));
    writer.put({0, 0, 64, 64}, tile);  // the refused put above wrote nothing of its first tile
    writer.put({128, 0, 64, 64}, tile);
    writer.put({192, 0, 8, 64}, edge);
    writer.put({0, 64, 128, 36}, two(cv::Rect(0, 0, 128, 36)));
    REQUIRE_THROWS_WITH(writer.finish(), Catch::Contains("before the whole image was put (7 of 8 tiles)"));
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
