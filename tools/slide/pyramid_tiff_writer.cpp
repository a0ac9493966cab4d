// pyramid_tiff_writer.cpp - the band-by-band pyramidal BigTIFF writer (pyramid_tiff_writer.hpp).
#include "slide/pyramid_tiff_writer.hpp"

#include "slide/tiff_layout.hpp"

#include <atomic>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <unistd.h>

namespace smearpress::slide {

namespace fs = std::filesystem;
using codec::ErrorCode;

namespace {

constexpr std::array<std::pair<TiffCompression, const char*>, 5> kCompressionNames{{
    {TiffCompression::kNone, "none"},
    {TiffCompression::kLzw, "lzw"},
    {TiffCompression::kDeflate, "deflate"},
    {TiffCompression::kZstd, "zstd"},
    {TiffCompression::kJpeg, "jpeg"},
}};

std::uint16_t libtiff_code(TiffCompression c) {
  switch (c) {
    case TiffCompression::kNone: return COMPRESSION_NONE;
    case TiffCompression::kLzw: return COMPRESSION_LZW;
    case TiffCompression::kDeflate: return COMPRESSION_ADOBE_DEFLATE;
    case TiffCompression::kZstd: return COMPRESSION_ZSTD;
    case TiffCompression::kJpeg: return COMPRESSION_JPEG;
  }
  return COMPRESSION_NONE;
}

void check_range(const fs::path& path, const char* what, int v, int lo, int hi) {
  if (v < lo || v > hi)
    throw codec::Error(ErrorCode::kInvalidArgument, path.string() + ": " + what + " " + std::to_string(v) +
                                                        " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
}

// dst (ceil(w/2) x ceil(h/2)) = the rounded mean of each 2x2 box of src; at an odd edge the
// missing column or row is the last one again.
void reduce2x(const cv::Mat& src, cv::Mat dst) {
  const int ch = src.channels();
  for (int y = 0; y < dst.rows; ++y) {
    const std::uint8_t* a = src.ptr<std::uint8_t>(2 * y);
    const std::uint8_t* b = src.ptr<std::uint8_t>(std::min(2 * y + 1, src.rows - 1));
    std::uint8_t* out = dst.ptr<std::uint8_t>(y);
    for (int x = 0; x < dst.cols; ++x) {
      const int x0 = 2 * x * ch, x1 = std::min(2 * x + 1, src.cols - 1) * ch;
      for (int c = 0; c < ch; ++c)
        out[x * ch + c] = static_cast<std::uint8_t>((a[x0 + c] + a[x1 + c] + b[x0 + c] + b[x1 + c] + 2) >> 2);
    }
  }
}

std::string rect_text(const cv::Rect& r) {
  return std::to_string(r.width) + "x" + std::to_string(r.height) + " at (" + std::to_string(r.x) + ", " +
         std::to_string(r.y) + ")";
}

}  // namespace

std::string to_string(TiffCompression c) {
  for (const auto& [value, name] : kCompressionNames)
    if (value == c) return name;
  return "none";
}

TiffCompression parse_tiff_compression(const std::string& name) {
  for (const auto& [value, text] : kCompressionNames)
    if (name == text) return value;
  throw codec::Error(ErrorCode::kInvalidArgument,
                     "unknown TIFF compression '" + name + "' (none, lzw, deflate, zstd or jpeg)");
}

PyramidTiffWriter::PyramidTiffWriter(fs::path path, int width, int height, int channels, PyramidTiffOptions options)
    : path_(std::move(path)), channels_(channels), options_(options) {
  check_range(path_, "width", width, 1, kMaxTiffSide);
  check_range(path_, "height", height, 1, kMaxTiffSide);
  if (channels != 1 && channels != 3) check_range(path_, "channel count", channels, 1, 1);
  check_range(path_, "tile size", options.tile, 16, 4096);
  if (options.tile % 16) throw codec::Error(ErrorCode::kInvalidArgument, path_.string() + ": tile size is not a multiple of 16");
  check_range(path_, "deflate level", options.deflate_level, 1, 9);
  check_range(path_, "zstd level", options.zstd_level, 1, 19);
  check_range(path_, "JPEG quality", options.jpeg_quality, 1, 100);
  // Level k+1 is added while level k does not fit in one tile.
  for (int w = width, h = height;; w = (w + 1) / 2, h = (h + 1) / 2) {
    levels_.push_back(Level{w, h, {}, nullptr, {}, 0, 0});
    if (w <= options.tile && h <= options.tile) break;
  }
  try {
    open_levels();
  } catch (...) {
    discard();
    throw;
  }
}

PyramidTiffWriter::~PyramidTiffWriter() {
  if (!finished_) discard();
}

// The partial output (level 0) and one temporary per reduced level, all BigTIFF: a reduced
// level of a large slide can pass 4 GB as well.
// Named PATH.tmp-PID-N, as every temporary of smearpress (tools/io/files.hpp), so that what a
// killed writer left is recognised and removed.
void PyramidTiffWriter::open_levels() {
  static std::atomic<unsigned> counter{0};
  for (std::size_t k = 0; k < levels_.size(); ++k) {
    Level& level = levels_[k];
    level.path = path_;
    level.path += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    level.file = std::make_unique<TiffFile>(level.path, "w8");
    set_tags(level.file->get(), level, k > 0);
  }
}

void PyramidTiffWriter::set_tags(TIFF* tif, const Level& level, bool reduced) const {
  const bool jpeg = options_.compression == TiffCompression::kJpeg;
  bool ok = TIFFSetField(tif, TIFFTAG_SUBFILETYPE, reduced ? FILETYPE_REDUCEDIMAGE : 0) == 1 &&
            TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, static_cast<std::uint32_t>(level.width)) == 1 &&
            TIFFSetField(tif, TIFFTAG_IMAGELENGTH, static_cast<std::uint32_t>(level.height)) == 1 &&
            TIFFSetField(tif, TIFFTAG_TILEWIDTH, static_cast<std::uint32_t>(options_.tile)) == 1 &&
            TIFFSetField(tif, TIFFTAG_TILELENGTH, static_cast<std::uint32_t>(options_.tile)) == 1 &&
            TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 8) == 1 &&
            TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, channels_) == 1 &&
            TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG) == 1 &&
            TIFFSetField(tif, TIFFTAG_COMPRESSION, libtiff_code(options_.compression)) == 1;
  const int photometric = channels_ == 1 ? PHOTOMETRIC_MINISBLACK : jpeg ? PHOTOMETRIC_YCBCR : PHOTOMETRIC_RGB;
  ok = ok && TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, photometric) == 1;
  if (options_.compression == TiffCompression::kDeflate)
    ok = ok && TIFFSetField(tif, TIFFTAG_ZIPQUALITY, options_.deflate_level) == 1;
  if (options_.compression == TiffCompression::kZstd)
    ok = ok && TIFFSetField(tif, TIFFTAG_ZSTD_LEVEL, options_.zstd_level) == 1;
  if (jpeg) {
    ok = ok && TIFFSetField(tif, TIFFTAG_JPEGQUALITY, options_.jpeg_quality) == 1;
    // libjpeg converts our RGB tiles to YCbCr (2x2 chroma subsampling, libtiff's default).
    if (channels_ == 3) ok = ok && TIFFSetField(tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB) == 1;
  }
  if (!ok) throw codec::Error(ErrorCode::kInvalidArgument, path_.string() + ": libtiff refused the TIFF tags");
}

void PyramidTiffWriter::check_put(const cv::Rect& r, const cv::Mat& pixels) const {
  const Level& top = levels_[0];
  const int t = options_.tile;
  std::string problem;
  if (finished_) problem = "the writer is finished";
  else if (pixels.size() != r.size() || pixels.type() != CV_8UC(channels_))
    problem = "pixels are not " + std::to_string(channels_) + "-channel 8-bit of the rectangle's size";
  else if (r.x != next_x_ || r.y != next_y_)
    problem = "out of order, expected x " + std::to_string(next_x_) + ", y " + std::to_string(next_y_);
  else if (r.width <= 0 || r.height <= 0 || r.x + r.width > top.width || r.y + r.height > top.height)
    problem = "not inside the " + std::to_string(top.width) + "x" + std::to_string(top.height) + " image";
  else if ((r.width % t && r.x + r.width != top.width) || (r.height % t && r.y + r.height != top.height))
    problem = "not a multiple of the " + std::to_string(t) + "-pixel tile";
  else if (r.x > 0 && r.height != band_height_)
    problem = "height differs from the band's " + std::to_string(band_height_);
  if (!problem.empty())
    throw codec::Error(ErrorCode::kInvalidArgument, path_.string() + ": put " + rect_text(r) + ": " + problem);
}

void PyramidTiffWriter::put(const cv::Rect& r, const cv::Mat& pixels) {
  check_put(r, pixels);
  write_tiles(levels_[0], r, pixels);
  if (levels_.size() > 1) feed(1, r, pixels);
  band_height_ = r.height;
  next_x_ += r.width;
  if (next_x_ == levels_[0].width) next_x_ = 0, next_y_ += r.height;
}

// Compresses the tiles covering r (tile-aligned at its top left) and appends them to the level's
// file. Edge tiles are padded by repeating the last column and row, which JPEG and the predictors
// code more cheaply than a jump to black.
void PyramidTiffWriter::write_tiles(Level& level, const cv::Rect& r, const cv::Mat& pixels) {
  const int t = options_.tile;
  TIFF* tif = level.file->get();
  cv::Mat tile;
  for (int y = r.y; y < r.y + r.height; y += t)
    for (int x = r.x; x < r.x + r.width; x += t) {
      const cv::Rect part = cv::Rect(x, y, t, t) & r;
      cv::copyMakeBorder(pixels(part - r.tl()), tile, 0, t - part.height, 0, t - part.width, cv::BORDER_REPLICATE);
      if (channels_ == 3) cv::cvtColor(tile, tile, cv::COLOR_BGR2RGB);
      const tmsize_t bytes = static_cast<tmsize_t>(tile.total() * tile.elemSize());
      errno = 0;
      if (TIFFWriteEncodedTile(tif, TIFFComputeTile(tif, x, y, 0, 0), tile.data, bytes) != bytes)
        level.file->fail(kWriteFailed, "cannot write tile at (" + std::to_string(x) + ", " + std::to_string(y) + ")",
                         errno);
    }
}

// Reduces the pixels of r (of level k-1) into level k's band; when r ends a band of level k-1,
// writes the level's complete tile rows.
void PyramidTiffWriter::feed(std::size_t k, const cv::Rect& r, const cv::Mat& pixels) {
  Level& level = levels_[k];
  const cv::Rect half(r.x / 2, r.y / 2, (r.width + 1) / 2, (r.height + 1) / 2);
  const int rows = half.y + half.height - level.y0;
  if (level.band.rows < rows) {
    cv::Mat bigger(rows, level.width, CV_8UC(channels_));
    if (!level.band.empty()) level.band.copyTo(bigger.rowRange(0, level.band.rows));
    level.band = bigger;
  }
  reduce2x(pixels, level.band(half - cv::Point(0, level.y0)));
  if (r.x + r.width < levels_[k - 1].width) return;
  level.filled = half.y + half.height;
  while (level.filled - level.y0 >= options_.tile || (level.filled == level.height && level.y0 < level.height))
    flush_band(k);
}

// Writes the first tile row of level k's band, passes it down to level k+1, and moves the rows
// after it to the top of the band.
void PyramidTiffWriter::flush_band(std::size_t k) {
  Level& level = levels_[k];
  const int rows = std::min(options_.tile, level.height - level.y0);
  const cv::Rect r(0, level.y0, level.width, rows);
  const cv::Mat done = level.band.rowRange(0, rows);
  write_tiles(level, r, done);
  if (k + 1 < levels_.size()) feed(k + 1, r, done);
  const int rest = level.filled - (level.y0 + rows);
  if (rest > 0) level.band.rowRange(rows, rows + rest).clone().copyTo(level.band.rowRange(0, rest));
  level.y0 += rows;
}

void PyramidTiffWriter::finish() {
  if (finished_ || next_y_ != levels_[0].height)
    throw codec::Error(ErrorCode::kInvalidArgument, path_.string() + ": finish() " +
                                                        (finished_ ? "called twice" : "before the whole image was put"));
  Level& top = levels_[0];
  errno = 0;
  if (TIFFWriteDirectory(top.file->get()) != 1) top.file->fail(kWriteFailed, "cannot write level 0", errno);
  for (std::size_t k = 1; k < levels_.size(); ++k) {
    levels_[k].file->close_checked();
    levels_[k].file.reset();
    copy_level(levels_[k]);
  }
  top.file->close_checked();
  top.file.reset();
  std::error_code ec;
  fs::rename(top.path, path_, ec);
  if (ec) throw codec::Error(kWriteFailed, path_.string() + ": cannot replace (" + ec.message() + ")");
  finished_ = true;
  for (std::size_t k = 1; k < levels_.size(); ++k) fs::remove(levels_[k].path, ec);
}

// Appends a reduced level, written to its temporary, as the output's next IFD: the compressed
// tiles are copied as they are, with the JPEG tables they were coded with.
void PyramidTiffWriter::copy_level(const Level& level) {
  TiffFile in(level.path, "r");
  TiffFile& out = *levels_[0].file;
  set_tags(out.get(), level, true);
  std::uint32_t table_bytes = 0;
  void* tables = nullptr;
  if (TIFFGetField(in.get(), TIFFTAG_JPEGTABLES, &table_bytes, &tables) == 1)
    TIFFSetField(out.get(), TIFFTAG_JPEGTABLES, table_bytes, tables);
  float* reference = nullptr;
  if (TIFFGetField(in.get(), TIFFTAG_REFERENCEBLACKWHITE, &reference) == 1)
    TIFFSetField(out.get(), TIFFTAG_REFERENCEBLACKWHITE, reference);
  std::vector<std::uint8_t> raw;
  const std::uint32_t tiles = TIFFNumberOfTiles(in.get());
  for (std::uint32_t i = 0; i < tiles; ++i) {
    raw.resize(TIFFGetStrileByteCount(in.get(), i));
    const tmsize_t n = static_cast<tmsize_t>(raw.size());
    if (TIFFReadRawTile(in.get(), i, raw.data(), n) != n) in.fail(ErrorCode::kCorrupt, "cannot read back tile " + std::to_string(i));
    errno = 0;
    if (TIFFWriteRawTile(out.get(), i, raw.data(), n) != n)
      out.fail(kWriteFailed, "cannot write tile " + std::to_string(i) + " of a reduced level", errno);
  }
  errno = 0;
  if (TIFFWriteDirectory(out.get()) != 1) out.fail(kWriteFailed, "cannot write a reduced level", errno);
}

// Closes every file and removes the partial output and the temporaries.
void PyramidTiffWriter::discard() noexcept {
  std::error_code ec;
  for (Level& level : levels_) {
    level.file.reset();
    if (!level.path.empty()) fs::remove(level.path, ec);
  }
}

}  // namespace smearpress::slide
