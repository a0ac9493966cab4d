// slide.hpp - images too large to hold: whole slides as tiled .smz files (codec/tiled.hpp).
//
//   RegionSource -> per tile: read with a margin -> roi::detect -> crop to the tile -> encode
//                -> ByteSink (tiles in row-major order, then the index)
//   ByteSource -> TiledReader -> per tile: reconstruct -> region / tile stream
//
// Memory is bounded by the tiles in flight (about two per thread), never the whole image.
#pragma once

#include <smearpress/pipeline.hpp>
#include <smearpress/region_source.hpp>
#include <smearpress/settings.hpp>

#include <codec/tiled.hpp>

#include <opencv2/core.hpp>

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace smearpress {

/// Where a tiled file is written: appended to, with one rewrite of its first bytes at the end.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual void write(std::span<const std::uint8_t> bytes) = 0;
  /// Overwrites bytes already written, from `offset`.
  virtual void write_at(std::uint64_t offset, std::span<const std::uint8_t> bytes) = 0;
  virtual std::uint64_t position() const = 0;
};

/// Random access to a file's bytes. read() is safe to call from several threads at once.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual std::uint64_t size() const = 0;
  /// Fills `out` from `offset`; throws codec::Error(kTruncated) past the end.
  virtual void read(std::uint64_t offset, std::span<std::uint8_t> out) const = 0;
};

class VectorSink final : public ByteSink {
 public:
  void write(std::span<const std::uint8_t> bytes) override { bytes_.insert(bytes_.end(), bytes.begin(), bytes.end()); }
  void write_at(std::uint64_t offset, std::span<const std::uint8_t> bytes) override;
  std::uint64_t position() const override { return bytes_.size(); }
  std::vector<std::uint8_t>& bytes() { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
};

/// A ByteSource over bytes in memory, which must outlive it.
class SpanSource final : public ByteSource {
 public:
  explicit SpanSource(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  std::uint64_t size() const override { return bytes_.size(); }
  void read(std::uint64_t offset, std::span<std::uint8_t> out) const override;

 private:
  std::span<const std::uint8_t> bytes_;
};

/// True when an image of this size with these settings is stored tiled (settings.tile, and not
/// a JPEG source whose ROI goes the DCT path: see Settings::tile).
bool stored_tiled(int width, int height, const Settings& settings, bool jpeg_dct_source = false);

struct SlideOptions {
  int threads = 1;
  /// Called on the calling thread after each tile is written: tiles written, tiles in all.
  std::function<void(std::uint32_t, std::uint32_t)> progress;
};

struct SlideEncoded {
  codec::tiled::Grid grid;
  codec::EncodeStats stats;  ///< summed over the tiles; file_bytes is the whole file
  double rbc_radius = 0;     ///< the red-cell radius used for every tile (0: measured per tile)
  int margin_px = 0;         ///< the context read around each tile for detection
  std::vector<std::string> notices;
};

/// Encodes `source` as a tiled file into `out` (settings.tile > 0). Detection runs on each tile
/// with `margin_px` pixels of context on every side, so that an object cut by a seam is seen
/// whole from both tiles, and its mask is cropped to the tile; with the stain detector the
/// red-cell scale is measured once, on a sample of tiles. Output does not depend on threads.
/// Throws codec::Error (or what the source throws); `out` then holds an incomplete file.
SlideEncoded encode_slide(RegionSource& source, const Settings& settings, ByteSink& out,
                          const SlideOptions& options = {});

/// One decoded tile: its cell's pixels, blended, and the blend weights (255 = exact ROI).
struct DecodedTile {
  cv::Mat image;
  cv::Mat1b weights;
  codec::Header header;  ///< of the tile's own .smz
};

/// A tiled file opened for reading: its grid and index, checked; tiles decoded on demand.
/// Safe to use from several threads at once.
class TiledReader {
 public:
  /// Reads and checks the first bytes and the index; throws codec::Error.
  explicit TiledReader(const ByteSource& source);
  const codec::tiled::Grid& grid() const { return grid_; }
  const std::vector<codec::tiled::TileEntry>& index() const { return index_; }
  cv::Rect cell(std::uint32_t tile) const;
  /// The tile's bytes, CRC-checked.
  std::vector<std::uint8_t> tile_bytes(std::uint32_t tile) const;
  /// The tile decoded and blended; throws codec::Error naming the tile on a bad one.
  DecodedTile tile(std::uint32_t tile) const;

 private:
  const ByteSource& source_;
  codec::tiled::Grid grid_;
  std::vector<codec::tiled::TileEntry> index_;
};

/// The tiles a region touches, row-major.
std::vector<std::uint32_t> tiles_touching(const codec::tiled::Grid& g, const cv::Rect& region);

/// Throws codec::Error(kInvalidArgument), naming the region and the image size, unless `region`
/// is non-empty and inside a width x height image.
void check_region(const cv::Rect& region, int width, int height);

/// The decoded pixels of `region` (inside the image; else codec::Error(kInvalidArgument)),
/// reading only the tiles it touches, `threads` decoding them at once; `weights` (optional)
/// receives the blend weights.
cv::Mat decode_region(const TiledReader& reader, const cv::Rect& region, cv::Mat1b* weights = nullptr,
                      int threads = 1);

/// Decodes every tile and hands it to `sink` in row-major order, `threads` decoding ahead.
void decode_tiles(const TiledReader& reader, int threads,
                  const std::function<void(std::uint32_t tile, const cv::Rect& cell, DecodedTile& t)>& sink);
/// The same for the tiles of `order` (tile indices, each of the grid: else
/// codec::Error(kInvalidArgument)), handed to `sink` in that order.
void decode_tiles(const TiledReader& reader, int threads, const std::vector<std::uint32_t>& order,
                  const std::function<void(std::uint32_t tile, const cv::Rect& cell, DecodedTile& t)>& sink);

}  // namespace smearpress
