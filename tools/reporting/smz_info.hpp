// smz_info.hpp - what `smearpress info --json` prints about a .smz file, as a JSON document:
// shared by the command line and the Python module, so both report the same fields.
#pragma once

#include <smearpress/slide.hpp>

#include <codec/codec.hpp>
#include <codec/tiled.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>

namespace smearpress {

/// The coding parameters of a header (those its background method uses).
nlohmann::json parameters_json(const codec::Header& h);

/// A one-piece file's fields (every field of `info --json` but "file").
nlohmann::json info_json(const codec::FileInfo& info);

/// A tiled file: the grid, and every tile inspected (headers and CRCs, no pixels) for the totals.
struct TiledInfo {
  codec::tiled::Grid grid;
  std::uint64_t file_bytes = 0;
  codec::FileInfo first;  ///< tile 0, for the coding parameters; ll_bits summed over the tiles
  std::uint64_t roi_pixels = 0, mask_bytes = 0, roi_bytes = 0, background_bytes = 0;
  std::uint32_t smallest = 0, largest = 0;
};

/// Inspects every tile of a tiled file; throws codec::Error naming the tile on a bad one.
TiledInfo inspect_tiled(const ByteSource& file);

/// A tiled file's fields (every field of `info --json` but "file").
nlohmann::json tiled_info_json(const TiledInfo& t);

}  // namespace smearpress
