// pyramid_tiff_writer.hpp - writing a pyramidal tiled BigTIFF, the layout QuPath and OpenSlide's
// generic-tiff driver open, tile by tile in memory that does not grow with the image.
//
// File layout: IFD 0 is level 0 (the full image); IFD k is level k, 2^k times smaller (each pixel
// the rounded mean of a 2x2 box of level k-1; at an odd right or bottom edge the last column or
// row counts twice), with NewSubfileType = reduced image and the same tile size; the last level
// is the first that fits in one tile. Colour is stored RGB (YCbCr inside JPEG), gray as
// min-is-black, 8 bits, contiguous samples.
//
// How: the caller's rectangles may come in any order. Level-0 tiles are compressed and written as
// they arrive (a TIFF's tiles may lie in the file in any order). A level-k tile is the reduction
// of the (up to) 2x2 level-(k-1) tiles under it, so each reduced level keeps only its tiles that
// are partly filled: a tile is allocated when its first quadrant comes, written and passed on to
// level k+1 when its last does, then freed. The tile size is even, so only the image's last column
// or row can be odd and the reduction of a tile alone is the reduction of the whole. Fed in
// z_order_cells order, at most one tile per level is partly filled at a time (a few more when the
// caller's rectangles are not a power of two tiles a side); row-major order keeps a tile row of
// each level instead. Reduced levels are written to a temporary TIFF each, next to the output;
// finish() copies those still-compressed tiles into the output as its next IFDs. Until finish()
// renames it, the output is a temporary "<path>.tmp-<pid>-<n>" (as smearpress names every
// temporary); a writer destroyed before (an exception) removes it and the level temporaries.
#pragma once

#include "slide/tiff_file.hpp"

#include <opencv2/core.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace smearpress::slide {

enum class TiffCompression { kNone, kLzw, kDeflate, kZstd, kJpeg };

/// "none", "lzw", "deflate", "zstd", "jpeg".
std::string to_string(TiffCompression c);
/// The inverse of to_string; throws codec::Error(kInvalidArgument) listing the names.
TiffCompression parse_tiff_compression(const std::string& name);

struct PyramidTiffOptions {
  int tile = 512;  ///< tile width and height: a multiple of 16 in 16..4096
  TiffCompression compression = TiffCompression::kDeflate;
  int deflate_level = 1;  ///< 1..9 (1: fastest; see tests/tools/make_mosaic.cpp for sizes)
  int zstd_level = 3;     ///< 1..19
  int jpeg_quality = 90;  ///< 1..100
};

/// The cells of a grid of `cell`-sized cells over `image` (the last column and row cut by the
/// image's edge) in Morton (Z) order over the smallest power-of-two square grid holding it,
/// skipping the cells outside: every aligned block of 2^j x 2^j cells comes out together, so that
/// PyramidTiffWriter fed in this order keeps one partly filled tile per level.
std::vector<cv::Rect> z_order_cells(cv::Size image, cv::Size cell);

class PyramidTiffWriter {
 public:
  /// Creates the partial output and the temporaries for an image of width x height pixels with
  /// 1 (gray) or 3 (B, G, R) channels. Throws codec::Error naming the file.
  PyramidTiffWriter(std::filesystem::path path, int width, int height, int channels,
                    PyramidTiffOptions options = {});
  ~PyramidTiffWriter();
  PyramidTiffWriter(const PyramidTiffWriter&) = delete;
  PyramidTiffWriter& operator=(const PyramidTiffWriter&) = delete;

  /// The pixels of `r` (CV_8UC(channels), r's size), rectangles in any order (z_order_cells keeps
  /// memory least): x and y are multiples of the tile, and so are width and height except at the
  /// right and bottom edges. Throws codec::Error(kInvalidArgument) on a rectangle not so aligned,
  /// outside the image or overlapping one put before (nothing is written then), and codec::Error
  /// naming the file on a write error.
  void put(const cv::Rect& r, const cv::Mat& pixels);
  /// Writes the reduced levels into the output and renames it over the path. Throws
  /// codec::Error(kInvalidArgument) before every pixel was put, or on a write error (the partial
  /// files are removed by the destructor then).
  void finish();

  int levels() const { return static_cast<int>(levels_.size()); }
  cv::Size level_size(int level) const { return {levels_.at(level).width, levels_.at(level).height}; }
  /// The most reduced-level tiles held partly filled at once so far: the writer's memory, in tiles.
  std::size_t peak_partial_tiles() const { return peak_partial_; }

 private:
  // A reduced-level tile some of whose quadrants have come.
  struct Partial {
    cv::Mat pixels;  // the tile's size in the level (cut at the right and bottom edges)
    int received = 0;
    int expected = 0;  // 4, fewer at the right and bottom edges of the level above
  };
  struct Level {
    int width = 0;
    int height = 0;
    int columns = 0;  // of tiles
    int rows = 0;
    std::filesystem::path path;  // the partial output for level 0, a temporary otherwise
    std::unique_ptr<TiffFile> file;
    std::unordered_map<std::uint64_t, Partial> partial;  // levels >= 1, by tile index
  };

  void open_levels();
  void set_tags(TIFF* tif, const Level& level, bool reduced) const;
  std::string put_problem(const cv::Rect& r, const cv::Mat& pixels) const;
  void write_tile(Level& level, cv::Point at, const cv::Mat& pixels);
  void reduce_into(std::size_t k, int column, int row, const cv::Mat& above);
  void copy_level(const Level& level);
  void discard() noexcept;

  std::filesystem::path path_;
  int channels_ = 0;
  PyramidTiffOptions options_;
  std::vector<Level> levels_;
  std::vector<bool> put_;  // per level-0 tile, row-major (a bit a tile: 480 bytes for 1 GP in 512s)
  std::size_t tiles_put_ = 0;
  std::size_t partial_ = 0;  // reduced-level tiles partly filled, over all levels
  std::size_t peak_partial_ = 0;
  bool finished_ = false;
};

}  // namespace smearpress::slide
