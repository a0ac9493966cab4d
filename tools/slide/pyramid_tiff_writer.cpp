// pyramid_tiff_writer.cpp - the tile-by-tile pyramidal BigTIFF writer (pyramid_tiff_writer.hpp).
#include "slide/pyramid_tiff_writer.hpp"

#include "slide/tiff_layout.hpp"

#include <atomic>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cassert>
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

// Appends the cells of the 2^size_log2-cell square block at (column, row) of the grid in Z order
// (left before right, top before bottom), skipping those outside `grid` (columns x rows).
void z_order_block(cv::Size grid, int column, int row, int size_log2, std::vector<cv::Point>& out) {
  if (column >= grid.width || row >= grid.height) return;
  if (size_log2 == 0) {
    out.emplace_back(column, row);
    return;
  }
  const int half = 1 << (size_log2 - 1);
  z_order_block(grid, column, row, size_log2 - 1, out);
  z_order_block(grid, column + half, row, size_log2 - 1, out);
  z_order_block(grid, column, row + half, size_log2 - 1, out);
  z_order_block(grid, column + half, row + half, size_log2 - 1, out);
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

std::vector<cv::Rect> z_order_cells(cv::Size image, cv::Size cell) {
  if (image.width <= 0 || image.height <= 0 || cell.width <= 0 || cell.height <= 0) return {};
  const cv::Size grid((image.width + cell.width - 1) / cell.width, (image.height + cell.height - 1) / cell.height);
  int size_log2 = 0;
  while ((1 << size_log2) < std::max(grid.width, grid.height)) ++size_log2;
  std::vector<cv::Point> order;
  order.reserve(static_cast<std::size_t>(grid.area()));
  z_order_block(grid, 0, 0, size_log2, order);
  std::vector<cv::Rect> cells;
  cells.reserve(order.size());
  for (const cv::Point& p : order)
    cells.push_back(cv::Rect(p.x * cell.width, p.y * cell.height, cell.width, cell.height) & cv::Rect({}, image));
  return cells;
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
  const int t = options.tile;
  for (int w = width, h = height;; w = (w + 1) / 2, h = (h + 1) / 2) {
    levels_.push_back(Level{w, h, (w + t - 1) / t, (h + t - 1) / t, {}, nullptr, {}});
    if (w <= t && h <= t) break;
  }
  put_.assign(static_cast<std::size_t>(levels_[0].columns) * static_cast<std::size_t>(levels_[0].rows), false);
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

// Why put(r, pixels) is refused, "" when it is not.
std::string PyramidTiffWriter::put_problem(const cv::Rect& r, const cv::Mat& pixels) const {
  const Level& top = levels_[0];
  const int t = options_.tile;
  if (finished_) return "the writer is finished";
  if (pixels.size() != r.size() || pixels.type() != CV_8UC(channels_))
    return "pixels are not " + std::to_string(channels_) + "-channel 8-bit of the rectangle's size";
  if (r.x < 0 || r.y < 0 || r.width <= 0 || r.height <= 0 || r.x + r.width > top.width || r.y + r.height > top.height)
    return "not inside the " + std::to_string(top.width) + "x" + std::to_string(top.height) + " image";
  if (r.x % t || r.y % t || (r.width % t && r.x + r.width != top.width) ||
      (r.height % t && r.y + r.height != top.height))
    return "not aligned to the " + std::to_string(t) + "-pixel tile grid";
  for (int y = r.y; y < r.y + r.height; y += t)
    for (int x = r.x; x < r.x + r.width; x += t)
      if (put_[static_cast<std::size_t>(y / t) * top.columns + x / t])
        return "the tile at (" + std::to_string(x) + ", " + std::to_string(y) + ") was put before";
  return {};
}

// Level-0 tiles are written at once; each is reduced into level 1, in Z order within `r` so that
// a large rectangle leaves few level-1 tiles partly filled.
void PyramidTiffWriter::put(const cv::Rect& r, const cv::Mat& pixels) {
  if (const std::string problem = put_problem(r, pixels); !problem.empty())
    throw codec::Error(ErrorCode::kInvalidArgument, path_.string() + ": put " + rect_text(r) + ": " + problem);
  const int t = options_.tile;
  Level& top = levels_[0];
  for (const cv::Rect& cell : z_order_cells(r.size(), {t, t})) {
    const cv::Rect at = cell + r.tl();
    const cv::Mat tile = pixels(cell);
    write_tile(top, at.tl(), tile);
    put_[static_cast<std::size_t>(at.y / t) * top.columns + at.x / t] = true;
    ++tiles_put_;
    if (levels_.size() > 1) reduce_into(1, at.x / t, at.y / t, tile);
  }
}

// Compresses one tile (its top left at `at`; pixels cut by the level's edge at most) into the
// level's file. Edge tiles are padded by repeating the last column and row, which JPEG and the
// predictors code more cheaply than a jump to black (isolated: `pixels` may be a view into more).
void PyramidTiffWriter::write_tile(Level& level, cv::Point at, const cv::Mat& pixels) {
  const int t = options_.tile;
  TIFF* tif = level.file->get();
  cv::Mat tile;
  cv::copyMakeBorder(pixels, tile, 0, t - pixels.rows, 0, t - pixels.cols, cv::BORDER_REPLICATE | cv::BORDER_ISOLATED);
  if (channels_ == 3) cv::cvtColor(tile, tile, cv::COLOR_BGR2RGB);
  const tmsize_t bytes = static_cast<tmsize_t>(tile.total() * tile.elemSize());
  errno = 0;
  const auto x = static_cast<std::uint32_t>(at.x), y = static_cast<std::uint32_t>(at.y);
  if (TIFFWriteEncodedTile(tif, TIFFComputeTile(tif, x, y, 0, 0), tile.data, bytes) != bytes)
    level.file->fail(kWriteFailed, "cannot write tile at (" + std::to_string(x) + ", " + std::to_string(y) + ")",
                     errno);
}

// Reduces `above`, the pixels of tile (column, row) of level k-1, into its quadrant of the level-k
// tile over it; the level-k tile's last quadrant writes it, reduces it into level k+1 and frees it.
void PyramidTiffWriter::reduce_into(std::size_t k, int column, int row, const cv::Mat& above) {
  const int t = options_.tile;
  Level& level = levels_[k];
  const Level& up = levels_[k - 1];
  const int c = column / 2, r = row / 2;
  const auto it = level.partial.try_emplace(static_cast<std::uint64_t>(r) * level.columns + c).first;
  Partial& p = it->second;
  if (p.expected == 0) {
    p.pixels.create(std::min(t, level.height - r * t), std::min(t, level.width - c * t), CV_8UC(channels_));
    p.expected = std::min(2, up.columns - 2 * c) * std::min(2, up.rows - 2 * r);
    peak_partial_ = std::max(peak_partial_, ++partial_);
  }
  const cv::Rect quadrant(column % 2 * t / 2, row % 2 * t / 2, (above.cols + 1) / 2, (above.rows + 1) / 2);
  reduce2x(above, p.pixels(quadrant));
  if (++p.received < p.expected) return;
  const cv::Mat done = p.pixels;
  level.partial.erase(it);
  --partial_;
  write_tile(level, {c * t, r * t}, done);
  if (k + 1 < levels_.size()) reduce_into(k + 1, c, r, done);
}

void PyramidTiffWriter::finish() {
  if (finished_ || tiles_put_ != put_.size())
    throw codec::Error(ErrorCode::kInvalidArgument,
                       path_.string() + ": finish() " +
                           (finished_ ? "called twice"
                                      : "before the whole image was put (" + std::to_string(tiles_put_) + " of " +
                                            std::to_string(put_.size()) + " tiles)"));
  // Every level-0 tile put completes every reduced tile: the expected quadrant counts say so.
  assert(partial_ == 0);
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
