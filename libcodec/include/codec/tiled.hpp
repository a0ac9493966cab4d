// codec/tiled.hpp - the tiled .smz file (format version 4): an image too large for one piece
// stored as a grid of independent tiles. This comment is the specification; docs/FORMAT.md
// summarises it.
//
//   tiled file = signature version=4 TILE tile* INDX
//   signature  = the 8 bytes of every .smz file (codec/format.hpp)
//   TILE, INDX = sections framed as in codec/format.hpp: tag | u32 length | payload | u32 CRC-32
//
// TILE (36 bytes), written first and completed last (a writer streams the tiles, then the index,
// then rewrites TILE in place with the index's offset):
//   u32 width, u32 height   1..kMaxSlideDimension; width * height <= kMaxSlidePixels
//   u8  channels            1 (gray) or 3 (B,G,R)
//   u8  reserved            0
//   u16 apron               0..kMaxApron: the background context each tile carries (below)
//   u32 tile_width          kMinTile..kMaxTile, a multiple of kTileAlign
//   u32 tile_height         the same
//   u32 tile_count          ceil(width / tile_width) * ceil(height / tile_height)
//   u64 index_offset        from the start of the file to INDX's tag
//   u32 reserved            0
// A reader finds everything from these first 58 bytes (signature, version, TILE) without scanning.
//
// Tiles, in any order between TILE and INDX, each a complete single-image .smz file (version 2
// or 3, codec/format.hpp) of one grid cell: cell (c, r) covers columns
// [c tile_width, min((c+1) tile_width, width)) and the same for rows. The tile's image is the
// cell grown by `apron` pixels on every side, clipped to the slide (its HEAD has that size and
// the slide's channel count): the apron's pixels are background only (the mask is 0 there), and
// give the background of both tiles at a seam the same block means to interpolate between, so
// that a smooth background shows no seam. A decoder keeps the cell and drops the apron. The
// cell's blend weights come from the cell's own mask with the cell border counting as inside (as
// the image border does). So a tile decodes on its own, and a region reads only the tiles it
// touches.
//
// INDX: tile_count entries in row-major order of the grid, 16 bytes each:
//   u64 offset   of the tile's first byte; >= the end of TILE, and offset + size <= index_offset
//   u32 size     1..kMaxSectionBytes
//   u32 crc      CRC-32 of the tile's bytes
// Tiles may not overlap. Nothing follows INDX.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace codec::tiled {

inline constexpr std::uint16_t kVersion = 4;
inline constexpr std::uint32_t kMaxSlideDimension = 1u << 24;          ///< 16.7 M pixels on a side
inline constexpr std::uint64_t kMaxSlidePixels = std::uint64_t{1} << 40;  ///< a terapixel
inline constexpr std::uint32_t kMinTile = 256;
inline constexpr std::uint32_t kMaxTile = 8192;
/// Tile sides are multiples of this, so a tile's wavelet blocks (2^levels, levels <= 6) never
/// straddle a seam.
inline constexpr std::uint32_t kTileAlign = 64;
inline constexpr std::uint32_t kMaxTiles = 1u << 22;  ///< an index of at most 64 MB
inline constexpr std::uint32_t kMaxApron = 64;
inline constexpr std::size_t kPrefixBytes = 8 + 2 + 4 + 4 + 36 + 4;  ///< signature .. TILE's CRC
inline constexpr std::size_t kIndexEntryBytes = 16;

/// The grid of a tiled image.
struct Grid {
  std::uint32_t width = 0, height = 0;
  int channels = 3;
  std::uint32_t tile_width = 1024, tile_height = 1024;
  std::uint32_t apron = 0;

  std::uint32_t columns() const { return (width + tile_width - 1) / tile_width; }
  std::uint32_t rows() const { return (height + tile_height - 1) / tile_height; }
  std::uint32_t tile_count() const { return columns() * rows(); }
  /// The pixel rectangle of tile `index` (row-major) as x, y, width, height.
  struct Cell {
    std::uint32_t x, y, width, height;
  };
  Cell cell(std::uint32_t index) const;
  /// The tile's image: the cell grown by the apron, clipped to the slide.
  Cell extent(std::uint32_t index) const;
};

/// Throws Error(kInvalidArgument) naming what is out of range (the limits above).
void validate(const Grid& g);

struct TileEntry {
  std::uint64_t offset = 0;
  std::uint32_t size = 0;
  std::uint32_t crc = 0;
};

/// True when `prefix` (at least the first 10 bytes of a file) is an .smz file of version 4.
bool is_tiled(std::span<const std::uint8_t> prefix);

/// The kPrefixBytes that open a tiled file: signature, version and TILE. Written once with
/// index_offset 0 as a placeholder, and again over it once the index's offset is known.
std::vector<std::uint8_t> write_prefix(const Grid& g, std::uint64_t index_offset);

/// The INDX section for `entries` (row-major, one per tile).
std::vector<std::uint8_t> write_index(std::span<const TileEntry> entries);

struct Prefix {
  Grid grid;
  std::uint64_t index_offset = 0;
};

/// Parses and checks the first kPrefixBytes of a tiled file whose size is `file_size`.
/// Throws Error (kTruncated, kCorrupt, kUnsupported, kLimitExceeded) naming what is wrong.
Prefix read_prefix(std::span<const std::uint8_t> prefix, std::uint64_t file_size);

/// The byte count of INDX for a grid (framing included), which must run to the end of the file.
std::uint64_t index_bytes(const Grid& g);

/// Parses and checks INDX (`bytes`: from index_offset to the end of the file): every entry
/// inside the tile area, no two overlapping. Throws Error naming the first bad entry.
std::vector<TileEntry> read_index(std::span<const std::uint8_t> bytes, const Prefix& p);

/// Throws Error(kCorrupt) when the tile's bytes do not match its CRC.
void check_tile(std::span<const std::uint8_t> bytes, const TileEntry& e, std::uint32_t index);

}  // namespace codec::tiled
