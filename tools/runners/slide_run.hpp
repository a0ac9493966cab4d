// slide_run.hpp - whole slides from and to files: what `encode`, `decode`, `info`, `batch` and
// `bench --slide` share. A slide is read a tile at a time (slide/open_slide.hpp), written as a
// tiled .smz through a temporary renamed when complete, and decoded tile by tile into a
// pyramidal BigTIFF or by region.
#pragma once

#include "io/image_io.hpp"

#include <smearpress/settings.hpp>
#include <smearpress/slide.hpp>

#include <codec/codec.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace smearpress {

struct SlideRunOptions {
  int threads = 0;                   ///< 0: every core
  std::ostream* progress = nullptr;  ///< a progress bar over the tiles when set
  /// Also called after each tile: tiles written, tiles in all.
  std::function<void(std::uint32_t, std::uint32_t)> on_tile;
};

/// What encoding one slide (or large image) gave.
struct SlideRunResult {
  SlideEncoded encoded;
  std::string source_description;
  int width = 0, height = 0, channels = 0;
  std::uint64_t source_bytes = 0;
  double seconds = 0;
};

/// Encodes `source` into the tiled file `output` (atomically: nothing is left on failure or
/// interruption). Stops with an InputError when SIGINT/SIGTERM arrive under a SignalScope.
SlideRunResult encode_slide_file(RegionSource& source, const Settings& settings, const std::filesystem::path& output,
                                 const SlideRunOptions& options);

/// The region reader of a slide (a TIFF, or a format OpenSlide reads); nullptr for the images
/// OpenCV loads whole. A TIFF the region reader refuses is loaded whole too: its reason goes to
/// `notices` when given. Any other file the readers refuse: InputError.
std::unique_ptr<RegionSource> open_slide_source(const std::filesystem::path& path,
                                                std::vector<std::string>* notices = nullptr);

/// An input file as the encoder takes it: a slide larger than one tile, read by regions, or
/// else an image loaded whole (with its file's bytes, so a JPEG's ROI can stay in the DCT domain).
struct EncodeInput {
  std::unique_ptr<RegionSource> slide;  ///< set: encode tiled, by regions
  LoadedImage image;                    ///< otherwise: the whole image
};

/// Opens `path` for `encode`, `batch` and the Python module alike: the one place that decides
/// between a slide read by regions and an image loaded whole. A vendor slide small enough for
/// one piece is read whole through its region source (OpenCV cannot read it). Notices as
/// open_slide_source; InputError for an unreadable file.
EncodeInput open_encode_input(const std::filesystem::path& path, const Settings& settings,
                              std::vector<std::string>* notices = nullptr);

/// The threads `threads` means (0: every core), at least 1.
int slide_threads(int threads);

/// Parses "X,Y,W,H"; throws std::invalid_argument naming the expected form.
cv::Rect parse_region(const std::string& text);

/// Decodes every tile of `reader` into a pyramidal tiled BigTIFF at `output` (and the blend
/// weights into another at `weights_out`, when not empty), in bounded memory; both are renamed
/// into place only when complete. `compression`: slide::parse_tiff_compression's names.
void write_pyramid(const TiledReader& reader, const std::filesystem::path& output,
                   const std::filesystem::path& weights_out, const std::string& compression, int threads,
                   std::ostream* progress = nullptr);

}  // namespace smearpress
