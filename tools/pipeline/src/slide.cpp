#include <smearpress/slide.hpp>

#include <smearpress/mat_bridge.hpp>

#include "ordered_parallel.hpp"

#include <codec/crc32.hpp>
#include <codec/error.hpp>
#include <codec/methods.hpp>
#include <roi/blend.hpp>
#include <roi/weights.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

namespace smearpress {

void VectorSink::write_at(std::uint64_t offset, std::span<const std::uint8_t> bytes) {
  if (offset > bytes_.size() || bytes_.size() - offset < bytes.size())
    throw codec::Error(codec::ErrorCode::kInvalidArgument, "write_at beyond the bytes written");
  std::copy(bytes.begin(), bytes.end(), bytes_.begin() + static_cast<std::ptrdiff_t>(offset));
}

void SpanSource::read(std::uint64_t offset, std::span<std::uint8_t> out) const {
  if (offset > bytes_.size() || bytes_.size() - offset < out.size())
    throw codec::Error(codec::ErrorCode::kTruncated, "tiled file: read beyond the end of the file");
  std::memcpy(out.data(), bytes_.data() + offset, out.size());
}

bool stored_tiled(int width, int height, const Settings& settings, bool jpeg_dct_source) {
  return settings.tile > 0 && !jpeg_dct_source && (width > settings.tile || height > settings.tile);
}

namespace {

cv::Rect to_rect(const codec::tiled::Grid::Cell& c) {
  return {static_cast<int>(c.x), static_cast<int>(c.y), static_cast<int>(c.width), static_cast<int>(c.height)};
}

// The red-cell radius of the slide: the median over up to nine tiles spread over the grid of
// those with enough red cells to measure (the rule the detector applies to one image); 0 when
// none has.
double sample_rbc_radius(RegionSource& source, const codec::tiled::Grid& g, roi::DetectParams p, int threads) {
  p.rbc_radius = 0;
  std::vector<std::uint32_t> picks;
  for (std::uint32_t ry = 0; ry < 3; ++ry)
    for (std::uint32_t rx = 0; rx < 3; ++rx)
      picks.push_back((2 * ry + 1) * g.rows() / 6 * g.columns() + (2 * rx + 1) * g.columns() / 6);
  std::sort(picks.begin(), picks.end());
  picks.erase(std::unique(picks.begin(), picks.end()), picks.end());
  std::vector<double> radii;
  detail::ordered_parallel(
      static_cast<std::uint32_t>(picks.size()), threads,
      [&](std::uint32_t i) {
        cv::Mat pixels;
        source.read(to_rect(g.cell(picks[i])), pixels);
        const roi::Detection d = roi::detect(pixels, p);
        const bool measured = cv::countNonZero(d.red_cells) >= static_cast<int>(d.red_cells.total() / 100);
        return measured ? d.rbc_radius : 0.0;
      },
      [&](std::uint32_t, double r) {
        if (r > 0) radii.push_back(r);
      });
  if (radii.empty()) return 0;
  std::nth_element(radii.begin(), radii.begin() + static_cast<std::ptrdiff_t>(radii.size() / 2), radii.end());
  return radii[radii.size() / 2];
}

// The context around a tile that detection reads: enough for the largest nucleus with its
// margin (about 4 red-cell radii) to be seen whole from either side of a seam.
int detection_margin(const roi::DetectParams& p, double rbc_radius, int tile) {
  if (p.method == roi::Method::kNone || p.method == roi::Method::kAll) return 0;
  if (p.method == roi::Method::kSaturation) return std::min(tile / 2, 64 + 2 * p.dilate_px);
  if (rbc_radius <= 0) return tile / 4;
  const int m = static_cast<int>(std::ceil(4 * rbc_radius / 16)) * 16;
  return std::clamp(m, 32, tile / 2);
}

struct EncodedTile {
  std::vector<std::uint8_t> bytes;
  codec::EncodeStats stats;
};

// The background context of a tile: one block of the coarsest smooth-reconstructed plane, so
// that the interpolation between block means at a seam sees the same means from both sides.
std::uint32_t background_apron(const codec::EncodeParams& p) {
  if (p.upsample != codec::Upsample::kSmooth) return 0;
  const int levels = p.levels + (p.colour == codec::BackgroundColour::kYCoCg ? p.chroma_levels : 0);
  return std::min<std::uint32_t>(1u << std::min(levels, 8), codec::tiled::kMaxApron);
}

// `m` placed in a zero matrix of `size` at `at`.
cv::Mat1b embedded(const cv::Mat1b& m, cv::Size size, cv::Point at) {
  cv::Mat1b out(size, static_cast<std::uint8_t>(0));
  m.copyTo(out(cv::Rect(at, m.size())));
  return out;
}

// One tile: detection over the cell with `margin` pixels of context, the mask cropped to the
// cell; the image coded is the cell with its apron (background only).
EncodedTile encode_tile(RegionSource& source, const codec::tiled::Grid& g, std::uint32_t t, int margin,
                        const roi::DetectParams& detect, const codec::EncodeParams& params) {
  const cv::Rect cell = to_rect(g.cell(t)), extent = to_rect(g.extent(t));
  const int reach = std::max(margin, static_cast<int>(g.apron));
  const cv::Rect window = cv::Rect(cell.x - reach, cell.y - reach, cell.width + 2 * reach, cell.height + 2 * reach) &
                          cv::Rect(0, 0, source.width(), source.height());
  cv::Mat pixels;
  source.read(window, pixels);
  const cv::Rect margin_rect = (cell + cv::Size(2 * margin, 2 * margin) - cv::Point(margin, margin)) & window;
  const roi::Detection d = roi::detect(pixels(margin_rect - window.tl()), detect);
  const cv::Mat1b cell_mask = d.mask(cell - margin_rect.tl());
  const cv::Point at = cell.tl() - extent.tl();
  const cv::Mat1b mask = embedded(cell_mask, extent.size(), at);
  codec::Image hidden;
  if (codec::traits(params.background_method).skips_hidden && cv::countNonZero(cell_mask) > 0) {
    cv::Mat1b h;
    cv::compare(roi::compute_weights(cell_mask, params.feather_px), 255, h, cv::CMP_EQ);
    hidden = to_image(embedded(h, extent.size(), at));
  }
  codec::Encoded e = codec::encode(to_image(pixels(extent - window.tl())), to_image(mask), params,
                                   hidden.empty() ? nullptr : &hidden);
  return {std::move(e.bytes), e.stats};
}

// The order tiles are encoded in: vertical stripes about 4096 pixels wide, row by row within
// each, so that the source blocks a tile shares with the tile above it (its detection context)
// are still in the source's cache, however wide the slide.
std::vector<std::uint32_t> stripe_order(const codec::tiled::Grid& g) {
  const std::uint32_t per = std::max<std::uint32_t>(1, 4096 / g.tile_width);
  std::vector<std::uint32_t> order;
  order.reserve(g.tile_count());
  for (std::uint32_t c0 = 0; c0 < g.columns(); c0 += per)
    for (std::uint32_t r = 0; r < g.rows(); ++r)
      for (std::uint32_t c = c0; c < std::min(c0 + per, g.columns()); ++c) order.push_back(r * g.columns() + c);
  return order;
}

void add_stats(codec::EncodeStats& sum, const codec::EncodeStats& s) {
  sum.mask_bytes += s.mask_bytes;
  sum.roi_bytes += s.roi_bytes;
  sum.background_bytes += s.background_bytes;
  sum.ll_bits += s.ll_bits;
  sum.roi_pixels += s.roi_pixels;
  sum.roi_source_bytes += s.roi_source_bytes;
}

}  // namespace

SlideEncoded encode_slide(RegionSource& source, const Settings& settings, ByteSink& out, const SlideOptions& options) {
  SlideEncoded result;
  codec::tiled::Grid& g = result.grid;
  g.width = static_cast<std::uint32_t>(source.width());
  g.height = static_cast<std::uint32_t>(source.height());
  g.channels = source.channels();
  g.tile_width = g.tile_height = static_cast<std::uint32_t>(settings.tile);
  codec::EncodeParams params = settings.codec;
  params.feather_px = settings.feather_px;
  codec::validate(params);
  g.apron = background_apron(params);
  codec::tiled::validate(g);
  roi::DetectParams detect = settings.detect;
  if (detect.method == roi::Method::kStain && detect.rbc_radius <= 0)
    detect.rbc_radius = sample_rbc_radius(source, g, detect, options.threads);
  result.rbc_radius = detect.method == roi::Method::kStain ? detect.rbc_radius : 0;
  if (detect.method == roi::Method::kStain && detect.rbc_radius <= 0)
    result.notices.push_back("no sampled tile has enough red cells to measure their size: measured per tile");
  result.margin_px = detection_margin(detect, detect.rbc_radius, settings.tile);

  const std::uint64_t start = out.position();
  out.write(codec::tiled::write_prefix(g, 0));
  std::vector<codec::tiled::TileEntry> entries(g.tile_count());
  const std::vector<std::uint32_t> order = stripe_order(g);
  detail::ordered_parallel(
      g.tile_count(), options.threads,
      [&](std::uint32_t k) { return encode_tile(source, g, order[k], result.margin_px, detect, params); },
      [&](std::uint32_t k, EncodedTile& tile) {
        entries[order[k]] = {out.position() - start, static_cast<std::uint32_t>(tile.bytes.size()),
                             codec::crc32(tile.bytes)};
        out.write(tile.bytes);
        add_stats(result.stats, tile.stats);
        if (options.progress) options.progress(k + 1, g.tile_count());
      });
  const std::uint64_t index_offset = out.position() - start;
  out.write(codec::tiled::write_index(entries));
  out.write_at(start, codec::tiled::write_prefix(g, index_offset));
  result.stats.file_bytes = static_cast<std::size_t>(out.position() - start);
  return result;
}

TiledReader::TiledReader(const ByteSource& source) : source_(source) {
  std::vector<std::uint8_t> prefix(static_cast<std::size_t>(std::min<std::uint64_t>(source.size(), codec::tiled::kPrefixBytes)));
  source.read(0, prefix);
  const codec::tiled::Prefix p = codec::tiled::read_prefix(prefix, source.size());
  grid_ = p.grid;
  std::vector<std::uint8_t> index(static_cast<std::size_t>(codec::tiled::index_bytes(grid_)));
  source.read(p.index_offset, index);
  index_ = codec::tiled::read_index(index, p);
}

cv::Rect TiledReader::cell(std::uint32_t tile) const { return to_rect(grid_.cell(tile)); }

std::vector<std::uint8_t> TiledReader::tile_bytes(std::uint32_t tile) const {
  const codec::tiled::TileEntry& e = index_.at(tile);
  std::vector<std::uint8_t> bytes(e.size);
  source_.read(e.offset, bytes);
  codec::tiled::check_tile(bytes, e, tile);
  return bytes;
}

DecodedTile TiledReader::tile(std::uint32_t tile) const {
  const std::vector<std::uint8_t> bytes = tile_bytes(tile);
  const cv::Rect c = cell(tile), extent = to_rect(grid_.extent(tile));
  codec::Decoded d;
  try {
    d = codec::decode(bytes);
  } catch (const codec::Error& e) {
    throw codec::Error(e.code(), "tiled file: tile " + std::to_string(tile) + ": " + e.what());
  }
  const codec::Header& h = d.header;
  if (static_cast<int>(h.width) != extent.width || static_cast<int>(h.height) != extent.height ||
      h.channels != grid_.channels)
    throw codec::Error(codec::ErrorCode::kCorrupt,
                       "tiled file: tile " + std::to_string(tile) + " is " + std::to_string(h.width) + "x" +
                           std::to_string(h.height) + "x" + std::to_string(h.channels) + ", its extent " +
                           std::to_string(extent.width) + "x" + std::to_string(extent.height) + "x" +
                           std::to_string(grid_.channels));
  const cv::Rect inner = c - extent.tl();
  DecodedTile out;
  out.header = h;
  out.image = as_mat(d.background)(inner).clone();
  // The exact pixels' box is the mask's bounding box (empty for an empty mask): it must lie in the
  // cell, and it bounds the weights' work as in reconstruct().
  const cv::Rect exact(d.exact_x, d.exact_y, d.exact.width, d.exact.height);
  if (!d.exact.empty() && (exact & inner) != exact)
    throw codec::Error(codec::ErrorCode::kCorrupt, "tiled file: tile " + std::to_string(tile) + " has ROI in its apron");
  const cv::Rect box = d.exact.empty() ? cv::Rect() : exact - inner.tl();
  out.weights = roi::compute_weights(as_mat(d.mask)(inner), h.feather_px, box);
  if (!d.exact.empty()) {
    cv::Mat target = out.image(box);
    roi::blend_into(as_mat(d.exact), target, out.weights(box));
  }
  return out;
}

std::vector<std::uint32_t> tiles_touching(const codec::tiled::Grid& g, const cv::Rect& region) {
  std::vector<std::uint32_t> tiles;
  if (region.empty()) return tiles;
  const std::uint32_t c0 = static_cast<std::uint32_t>(region.x) / g.tile_width;
  const std::uint32_t c1 = static_cast<std::uint32_t>(region.x + region.width - 1) / g.tile_width;
  const std::uint32_t r0 = static_cast<std::uint32_t>(region.y) / g.tile_height;
  const std::uint32_t r1 = static_cast<std::uint32_t>(region.y + region.height - 1) / g.tile_height;
  for (std::uint32_t r = r0; r <= r1; ++r)
    for (std::uint32_t c = c0; c <= c1; ++c) tiles.push_back(r * g.columns() + c);
  return tiles;
}

void check_region(const cv::Rect& region, int width, int height) {
  if (region.empty() || (region & cv::Rect(0, 0, width, height)) != region)
    throw codec::Error(codec::ErrorCode::kInvalidArgument,
                       "region " + std::to_string(region.x) + "," + std::to_string(region.y) + "," +
                           std::to_string(region.width) + "," + std::to_string(region.height) +
                           " is empty or not inside the " + std::to_string(width) + "x" +
                           std::to_string(height) + " image");
}

cv::Mat decode_region(const TiledReader& reader, const cv::Rect& region, cv::Mat1b* weights, int threads) {
  const codec::tiled::Grid& g = reader.grid();
  check_region(region, static_cast<int>(g.width), static_cast<int>(g.height));
  cv::Mat out(region.size(), CV_8UC(g.channels));
  if (weights) weights->create(region.size());
  const std::vector<std::uint32_t> tiles = tiles_touching(g, region);
  detail::ordered_parallel(
      static_cast<std::uint32_t>(tiles.size()), threads, [&](std::uint32_t i) { return reader.tile(tiles[i]); },
      [&](std::uint32_t i, DecodedTile& r) {
        const cv::Rect cell = reader.cell(tiles[i]);
        const cv::Rect part = cell & region;
        const cv::Rect in_tile = part - cell.tl(), in_out = part - region.tl();
        r.image(in_tile).copyTo(out(in_out));
        if (weights) r.weights(in_tile).copyTo((*weights)(in_out));
      });
  return out;
}

void decode_tiles(const TiledReader& reader, int threads,
                  const std::function<void(std::uint32_t, const cv::Rect&, DecodedTile&)>& sink) {
  std::vector<std::uint32_t> row_major(reader.grid().tile_count());
  std::iota(row_major.begin(), row_major.end(), 0u);
  decode_tiles(reader, threads, row_major, sink);
}

void decode_tiles(const TiledReader& reader, int threads, const std::vector<std::uint32_t>& order,
                  const std::function<void(std::uint32_t, const cv::Rect&, DecodedTile&)>& sink) {
  for (const std::uint32_t t : order)
    if (t >= reader.grid().tile_count())
      throw codec::Error(codec::ErrorCode::kInvalidArgument, "tiled file: no tile " + std::to_string(t) + " of " +
                                                                 std::to_string(reader.grid().tile_count()));
  detail::ordered_parallel(
      static_cast<std::uint32_t>(order.size()), threads, [&](std::uint32_t i) { return reader.tile(order[i]); },
      [&](std::uint32_t i, DecodedTile& r) { sink(order[i], reader.cell(order[i]), r); });
}

}  // namespace smearpress
