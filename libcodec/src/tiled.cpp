#include <codec/tiled.hpp>

#include "byte_io.hpp"
#include <codec/crc32.hpp>
#include <codec/error.hpp>
#include <codec/format.hpp>

#include <algorithm>
#include <numeric>
#include <string>

namespace codec::tiled {
namespace {

constexpr std::uint8_t kTileTag[4] = {'T', 'I', 'L', 'E'};
constexpr std::uint8_t kIndexTag[4] = {'I', 'N', 'D', 'X'};
constexpr std::uint32_t kTilePayload = 36;

void put_u64(ByteWriter& out, std::uint64_t v) {
  out.u32(static_cast<std::uint32_t>(v));
  out.u32(static_cast<std::uint32_t>(v >> 32));
}

std::uint64_t get_u64(ByteReader& in) {
  const std::uint64_t lo = in.u32();
  return lo | (std::uint64_t{in.u32()} << 32);
}

// Frames `payload` as a section: tag, length, payload, CRC over tag and payload.
void put_section(ByteWriter& out, std::span<const std::uint8_t, 4> tag, std::span<const std::uint8_t> payload) {
  out.bytes(tag);
  out.u32(static_cast<std::uint32_t>(payload.size()));
  out.bytes(payload);
  out.u32(crc32(payload, crc32(tag)));
}

// The payload of a framed section whose tag must be `tag` and length `length`, CRC checked.
std::span<const std::uint8_t> take_section(ByteReader& in, std::span<const std::uint8_t, 4> tag,
                                           std::uint64_t length, const char* name) {
  const auto found = in.bytes(4);
  if (!std::equal(found.begin(), found.end(), tag.begin()))
    throw Error(ErrorCode::kCorrupt, std::string("tiled file: expected section ") + name);
  const std::uint32_t stored_length = in.u32();
  if (stored_length != length)
    throw Error(ErrorCode::kCorrupt, std::string("tiled file: section ") + name + " is " +
                                         std::to_string(stored_length) + " bytes, expected " +
                                         std::to_string(length));
  const auto payload = in.bytes(stored_length);
  if (in.u32() != crc32(payload, crc32(tag)))
    throw Error(ErrorCode::kCorrupt, std::string("tiled file: section ") + name + ": CRC mismatch");
  return payload;
}

std::string range_error(const char* what, std::uint64_t v, std::uint64_t lo, std::uint64_t hi) {
  return std::string(what) + " " + std::to_string(v) + " outside " + std::to_string(lo) + ".." + std::to_string(hi);
}

// Empty when the grid is within the limits, else what is wrong.
std::string check_grid(const Grid& g) {
  if (g.width < 1 || g.width > kMaxSlideDimension) return range_error("width", g.width, 1, kMaxSlideDimension);
  if (g.height < 1 || g.height > kMaxSlideDimension) return range_error("height", g.height, 1, kMaxSlideDimension);
  if (std::uint64_t{g.width} * g.height > kMaxSlidePixels)
    return std::to_string(g.width) + " x " + std::to_string(g.height) + " pixels: above the limit of " +
           std::to_string(kMaxSlidePixels);
  if (g.channels != 1 && g.channels != 3) return "channel count " + std::to_string(g.channels) + " (must be 1 or 3)";
  for (const std::uint32_t side : {g.tile_width, g.tile_height})
    if (side < kMinTile || side > kMaxTile || side % kTileAlign != 0)
      return "tile side " + std::to_string(side) + " (must be a multiple of " + std::to_string(kTileAlign) +
             " in " + std::to_string(kMinTile) + ".." + std::to_string(kMaxTile) + ")";
  if (g.apron > kMaxApron) return range_error("apron", g.apron, 0, kMaxApron);
  if (std::uint64_t{g.columns()} * g.rows() > kMaxTiles)
    return std::to_string(std::uint64_t{g.columns()} * g.rows()) + " tiles: above the limit of " +
           std::to_string(kMaxTiles) + " (use larger tiles)";
  return {};
}

}  // namespace

Grid::Cell Grid::cell(std::uint32_t index) const {
  const std::uint32_t c = index % columns(), r = index / columns();
  const std::uint32_t x = c * tile_width, y = r * tile_height;
  return {x, y, std::min(tile_width, width - x), std::min(tile_height, height - y)};
}

Grid::Cell Grid::extent(std::uint32_t index) const {
  const Cell c = cell(index);
  const std::uint32_t x0 = c.x - std::min(c.x, apron), y0 = c.y - std::min(c.y, apron);
  const std::uint32_t x1 = std::min(width, c.x + c.width + apron), y1 = std::min(height, c.y + c.height + apron);
  return {x0, y0, x1 - x0, y1 - y0};
}

void validate(const Grid& g) {
  if (const std::string e = check_grid(g); !e.empty()) throw Error(ErrorCode::kInvalidArgument, "tiling: " + e);
}

bool is_tiled(std::span<const std::uint8_t> prefix) {
  return prefix.size() >= 10 && std::equal(std::begin(kSignature), std::end(kSignature), prefix.begin()) &&
         (prefix[8] | (prefix[9] << 8)) == kVersion;
}

std::vector<std::uint8_t> write_prefix(const Grid& g, std::uint64_t index_offset) {
  validate(g);
  ByteWriter payload;
  payload.u32(g.width);
  payload.u32(g.height);
  payload.u8(static_cast<std::uint8_t>(g.channels));
  payload.u8(0);
  payload.u16(static_cast<std::uint16_t>(g.apron));
  payload.u32(g.tile_width);
  payload.u32(g.tile_height);
  payload.u32(g.tile_count());
  put_u64(payload, index_offset);
  payload.u32(0);
  ByteWriter out;
  out.bytes(kSignature);
  out.u16(kVersion);
  put_section(out, kTileTag, payload.buffer());
  return out.take();
}

std::uint64_t index_bytes(const Grid& g) { return 12 + std::uint64_t{g.tile_count()} * kIndexEntryBytes; }

std::vector<std::uint8_t> write_index(std::span<const TileEntry> entries) {
  ByteWriter payload;
  for (const TileEntry& e : entries) {
    put_u64(payload, e.offset);
    payload.u32(e.size);
    payload.u32(e.crc);
  }
  ByteWriter out;
  put_section(out, kIndexTag, payload.buffer());
  return out.take();
}

Prefix read_prefix(std::span<const std::uint8_t> bytes, std::uint64_t file_size) {
  if (!is_tiled(bytes)) throw Error(ErrorCode::kCorrupt, "not a tiled .smz file (bad signature or version)");
  if (bytes.size() < kPrefixBytes || file_size < kPrefixBytes)
    throw Error(ErrorCode::kTruncated, "tiled file: truncated inside section TILE");
  ByteReader in(bytes.first(kPrefixBytes), "tiled file: section TILE");
  in.bytes(10);
  ByteReader p(take_section(in, kTileTag, kTilePayload, "TILE"), "tiled file: section TILE");
  Prefix out;
  Grid& g = out.grid;
  g.width = p.u32();
  g.height = p.u32();
  g.channels = p.u8();
  const std::uint32_t reserved = p.u8();
  g.apron = p.u16();
  g.tile_width = p.u32();
  g.tile_height = p.u32();
  const std::uint32_t count = p.u32();
  out.index_offset = get_u64(p);
  if (reserved != 0 || p.u32() != 0) throw Error(ErrorCode::kCorrupt, "tiled file: TILE: reserved bytes not 0");
  if (const std::string e = check_grid(g); !e.empty())
    throw Error(ErrorCode::kLimitExceeded, "tiled file: TILE: " + e);
  if (count != g.tile_count())
    throw Error(ErrorCode::kCorrupt, "tiled file: TILE: " + std::to_string(count) + " tiles for a grid of " +
                                         std::to_string(g.tile_count()));
  if (out.index_offset < kPrefixBytes || out.index_offset > file_size ||
      file_size - out.index_offset != index_bytes(g))
    throw Error(file_size < out.index_offset + index_bytes(g) ? ErrorCode::kTruncated : ErrorCode::kCorrupt,
                "tiled file: the index (at byte " + std::to_string(out.index_offset) + ", " +
                    std::to_string(index_bytes(g)) + " bytes) does not end the " + std::to_string(file_size) +
                    "-byte file");
  return out;
}

std::vector<TileEntry> read_index(std::span<const std::uint8_t> bytes, const Prefix& p) {
  ByteReader in(bytes, "tiled file: section INDX");
  ByteReader body(take_section(in, kIndexTag, index_bytes(p.grid) - 12, "INDX"), "tiled file: section INDX");
  if (in.remaining() != 0) throw Error(ErrorCode::kCorrupt, "tiled file: bytes after the index");
  std::vector<TileEntry> entries(p.grid.tile_count());
  for (std::uint32_t i = 0; i < entries.size(); ++i) {
    TileEntry& e = entries[i];
    e.offset = get_u64(body);
    e.size = body.u32();
    e.crc = body.u32();
    if (e.size == 0 || e.size > kMaxSectionBytes || e.offset < kPrefixBytes || e.offset > p.index_offset ||
        p.index_offset - e.offset < e.size)
      throw Error(ErrorCode::kCorrupt, "tiled file: tile " + std::to_string(i) + " (" + std::to_string(e.size) +
                                           " bytes at " + std::to_string(e.offset) +
                                           ") lies outside the tile area of the file");
  }
  std::vector<std::uint32_t> order(entries.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return entries[a].offset < entries[b].offset; });
  for (std::size_t k = 1; k < order.size(); ++k) {
    const TileEntry& prev = entries[order[k - 1]];
    if (prev.offset + prev.size > entries[order[k]].offset)
      throw Error(ErrorCode::kCorrupt, "tiled file: tiles " + std::to_string(order[k - 1]) + " and " +
                                           std::to_string(order[k]) + " overlap");
  }
  return entries;
}

void check_tile(std::span<const std::uint8_t> bytes, const TileEntry& e, std::uint32_t index) {
  if (bytes.size() != e.size || crc32(bytes) != e.crc)
    throw Error(ErrorCode::kCorrupt, "tiled file: tile " + std::to_string(index) + ": CRC mismatch");
}

}  // namespace codec::tiled
