// tiff_source.hpp - a RegionSource over a TIFF or BigTIFF file (libtiff): directory 0, tiled or
// striped, 8-bit gray or RGB (extra samples such as alpha are dropped), any compression libtiff
// decodes, YCbCr JPEG included. A read decodes only the tiles or strips the rectangle touches.
//
// Threads: libtiff handles are not thread-safe, so each concurrent read borrows a handle of its
// own from a pool (opened on demand: as many as reads ever ran at once) and decodes in parallel
// with the others. Decoded blocks are kept in an LRU cache within a byte budget, so neighbouring
// reads that share tiles (a tile read with a margin) decode each tile once.
#pragma once

#include "slide/block_cache.hpp"
#include "slide/tiff_layout.hpp"

#include <smearpress/region_source.hpp>

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

namespace smearpress::slide {

class TiffSource final : public RegionSource {
 public:
  static constexpr std::size_t kDefaultCacheBytes = std::size_t{64} << 20;

  /// Opens and checks `path` (see read_layout for what is refused); throws codec::Error naming
  /// the file. `cache_bytes` bounds the decoded blocks kept (one block is kept whatever it is).
  /// `directory` 0 is the full image; a pyramid's reduced levels follow it.
  explicit TiffSource(const std::filesystem::path& path, std::size_t cache_bytes = kDefaultCacheBytes,
                      int directory = 0);
  ~TiffSource() override;

  int width() const override { return layout_.width; }
  int height() const override { return layout_.height; }
  int channels() const override { return layout_.channels; }
  /// Throws codec::Error(kInvalidArgument) for a rectangle not inside the image, and
  /// codec::Error "<file>: region WxH at (x, y): tile N at (x, y): <reason>" on damaged data.
  void read(const cv::Rect& r, cv::Mat& out) override;
  cv::Size natural_block() const override { return {layout_.block_width, layout_.block_height}; }
  std::string describe() const override { return slide::describe(layout_); }

  const TiffLayout& layout() const { return layout_; }

 private:
  class Lease;
  std::unique_ptr<TiffFile> open_file() const;
  std::unique_ptr<TiffFile> open_handle() const;
  cv::Mat block(int bx, int by);
  cv::Mat decode_block(const cv::Rect& area);

  std::filesystem::path path_;
  int directory_ = 0;
  TiffLayout layout_;
  int blocks_across_ = 0;
  BlockCache cache_;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<TiffFile>> idle_;  // handles no read is using
};

}  // namespace smearpress::slide
