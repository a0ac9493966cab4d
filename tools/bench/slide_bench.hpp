// slide_bench.hpp - `smearpress bench --slide`: one whole slide, measured the way a lab would run
// it. Each phase runs in a child process of its own, so that its peak RSS (getrusage) is its own:
//   encode     the slide (TIFF / BigTIFF / OpenSlide) into a tiled .smz, once per thread count
//              (the files must be identical); MP/s and peak RSS
//   decode     the .smz into a pyramidal tiled BigTIFF; MP/s and peak RSS
// and then, in this process:
//   regions    random regions (default 1024 x 1024, seeded) decoded from the .smz: latency median
//              and 95th percentile; each compared with the same crop of the decoded BigTIFF
//   exactness  every tile's weight-1 pixels against the slide's own pixels (seams included)
//   detection  (with --boxes) recall and precision against Pascal-VOC boxes, scored as roi-eval
//              scores, a box's cover summed over the tiles it spans
//   fields     (with --fields) the images of a folder encoded one by one from their pixels with
//              the same settings: bytes per megapixel against the slide's
#pragma once

#include "config/run_config.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace smearpress {

struct SlideBenchOptions {
  std::filesystem::path slide;
  std::filesystem::path boxes;   ///< optional Pascal-VOC XML of the slide
  std::filesystem::path fields;  ///< optional folder of the images the slide was built from
  std::filesystem::path work;    ///< where the .smz and the decoded BigTIFF go (kept)
  RunConfig config;
  std::vector<int> threads = {1};
  int regions = 50;
  int region_side = 1024;
  std::uint32_t seed = 1;
};

struct SlidePhase {
  int threads = 1;
  double seconds = 0;
  double mps = 0;
  std::uint64_t peak_rss_kb = 0;
};

struct SlideBenchResult {
  std::string slide, source_description;
  int width = 0, height = 0, channels = 0;
  std::uint64_t source_bytes = 0, smz_bytes = 0;
  std::uint32_t tiles = 0, tile_side = 0;
  double roi_fraction = 0;
  std::vector<SlidePhase> encode;
  SlidePhase decode;
  std::vector<double> region_ms;  ///< sorted
  std::size_t region_mismatches = 0;
  std::uint64_t exact_pixels = 0, exact_mismatches = 0;
  std::optional<double> recall, precision;
  std::size_t boxes = 0;
  std::optional<double> fields_bytes_per_mp;
  std::size_t fields = 0;
};

/// Runs every phase; progress and notes go to `log`. Throws on a failed phase.
SlideBenchResult run_slide_bench(const SlideBenchOptions& options, std::ostream& log);

nlohmann::json slide_bench_json(const SlideBenchResult& r);
std::string slide_bench_table(const SlideBenchResult& r);

}  // namespace smearpress
