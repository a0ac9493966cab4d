// pyramid_tiff_writer.hpp - writing a pyramidal tiled BigTIFF, the layout QuPath and OpenSlide's
// generic-tiff driver open, band by band in bounded memory.
//
// File layout: IFD 0 is level 0 (the full image); IFD k is level k, 2^k times smaller (each pixel
// the rounded mean of a 2x2 box of level k-1; at an odd right or bottom edge the last column or
// row counts twice), with NewSubfileType = reduced image and the same tile size; the last level
// is the first that fits in one tile. Colour is stored RGB (YCbCr inside JPEG), gray as
// min-is-black, 8 bits, contiguous samples.
//
// How: level-0 tiles are compressed and written as they arrive. Each reduced level keeps only
// the band of rows it has not written yet (one tile row plus half the caller's band: about
// width/2 x tile x channels bytes for level 1, half that for level 2, ...) and writes its tiles to
// a temporary TIFF of its own next to the output; finish() copies those still-compressed tiles
// into the output as its next IFDs. Until finish() renames it, the output is a temporary
// "<path>.tmp-<pid>-<n>" (as smearpress names every temporary); a writer destroyed before (an
// exception) removes it and the level temporaries.
#pragma once

#include "slide/tiff_file.hpp"

#include <opencv2/core.hpp>

#include <filesystem>
#include <memory>
#include <string>
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

class PyramidTiffWriter {
 public:
  /// Creates the partial output and the temporaries for an image of width x height pixels with
  /// 1 (gray) or 3 (B, G, R) channels. Throws codec::Error naming the file.
  PyramidTiffWriter(std::filesystem::path path, int width, int height, int channels,
                    PyramidTiffOptions options = {});
  ~PyramidTiffWriter();
  PyramidTiffWriter(const PyramidTiffWriter&) = delete;
  PyramidTiffWriter& operator=(const PyramidTiffWriter&) = delete;

  /// The pixels of `r` (CV_8UC(channels), r's size). Calls come in bands (rectangles of equal y
  /// and height, full width together), each band's rectangles in increasing x, bands in
  /// increasing y; x and y are multiples of the tile, and so are width and height except at the
  /// right and bottom edges. Throws codec::Error(kInvalidArgument) on a call out of that order,
  /// and codec::Error naming the file on a write error.
  void put(const cv::Rect& r, const cv::Mat& pixels);
  /// Writes the reduced levels into the output and renames it over the path. Throws
  /// codec::Error(kInvalidArgument) before the whole image was put, or on a write error (the
  /// partial files are removed by the destructor then).
  void finish();

  int levels() const { return static_cast<int>(levels_.size()); }
  cv::Size level_size(int level) const { return {levels_.at(level).width, levels_.at(level).height}; }

 private:
  struct Level {
    int width = 0;
    int height = 0;
    std::filesystem::path path;  // the partial output for level 0, a temporary otherwise
    std::unique_ptr<TiffFile> file;
    cv::Mat band;  // levels >= 1: rows y0.. of the level, not yet written
    int y0 = 0;  // first row in `band`, a multiple of the tile
    int filled = 0;  // rows of the level complete so far
  };

  void open_levels();
  void set_tags(TIFF* tif, const Level& level, bool reduced) const;
  void check_put(const cv::Rect& r, const cv::Mat& pixels) const;
  void write_tiles(Level& level, const cv::Rect& r, const cv::Mat& pixels);
  void feed(std::size_t k, const cv::Rect& r, const cv::Mat& pixels);
  void flush_band(std::size_t k);
  void copy_level(const Level& level);
  void discard() noexcept;

  std::filesystem::path path_;
  int channels_ = 0;
  PyramidTiffOptions options_;
  std::vector<Level> levels_;
  int next_x_ = 0;  // where the next put() must start
  int next_y_ = 0;
  int band_height_ = 0;
  bool finished_ = false;
};

}  // namespace smearpress::slide
