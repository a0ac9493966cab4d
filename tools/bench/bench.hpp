// bench.hpp - `smearpress bench`: smearpress against the codecs a lab would otherwise use
// (peers.hpp), in one process, on the same decoded pixels, on one thread.
//
// For every image each codec encodes and decodes the same pixels `repeats` times; an image's time
// is the median of its runs (encode and decode separately), and a codec's speed is the total
// megapixels over the sum of those medians. Quality is pooled: squared errors are summed over all
// images before they become a PSNR, over all pixels, over smearpress's exact ROI (blend weight 1)
// and over its pure background (weight 0) of that image. Lossless peers must decode bit-exactly.
//
// smearpress encodes from the pixels and the source file (a JPEG's ROI can stay in its own DCT
// coefficients, as in `encode` and `batch`). The peers that encode the source file itself
// (source-file, jxl-jpeg-transcode) apply to JPEG files only: they are run only when every image
// of the run is a JPEG, and otherwise left out of the run (with a note in the log), so that every
// codec's totals cover the same images. Sizes are also given against the source files' total.
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/run_config.hpp"

namespace smearpress {

struct BenchOptions {
  std::filesystem::path input;    ///< folder of images, searched recursively
  RunConfig config;               ///< smearpress's settings
  std::string config_file;        ///< where they came from; empty = built-in defaults
  int repeats = 5;                ///< timed runs per image and codec (>= 1)
  bool rd = false;                ///< also measure size against background PSNR
  std::filesystem::path exclude;  ///< skipped when searching `input` (e.g. the report folder)
};

/// One codec's totals over all images.
struct CodecTotals {
  std::string name;
  bool lossless = false;
  bool timed_encode = true;  ///< false: nothing to encode (source-file), encode_s 0, speed n/a
  std::uint64_t bytes = 0;
  double encode_s = 0;  ///< sum over images of the median encode time
  double decode_s = 0;
  double encode_mps = 0;  ///< megapixels / encode_s; NaN when !timed_encode
  double decode_mps = 0;
  double psnr = 0;                 ///< +infinity when identical
  std::optional<double> psnr_roi;  ///< empty when no image has a weight-1 pixel
  std::optional<double> psnr_bg;   ///< empty when no image has a weight-0 pixel
  /// For a codec that rebuilds the source file (jxl-jpeg-transcode): on how many images the
  /// rebuilt file equals the source byte for byte; empty for the others.
  std::optional<std::size_t> source_rebuilt;
  /// smearpress only: the images whose ROI took the JPEG-DCT path (Compressed::roi_domain kDct),
  /// and over them the ROIP bytes and the bytes the source files' own entropy coding spends on
  /// the same blocks (codec::EncodeStats::roi_bytes, roi_source_bytes).
  std::size_t roi_dct_images = 0;
  std::uint64_t roi_dct_bytes = 0, roi_source_bytes = 0;
};

/// One codec on one image.
struct ImageCodecResult {
  std::uint64_t bytes = 0;
  double encode_ms = 0;  ///< median; NaN when the codec's encode is not timed
  double decode_ms = 0;
  double psnr = 0;
};

struct ImageResult {
  std::string image;  ///< relative path
  int width = 0, height = 0, channels = 0;
  std::uint64_t source_bytes = 0;        ///< the file's size
  std::string roi_domain;                ///< smearpress's: "dct" or "pixels"
  double roi_fraction = 0;               ///< share of weight-1 pixels
  double bg_fraction = 0;                ///< share of weight-0 pixels
  std::vector<ImageCodecResult> codecs;  ///< in BenchResult::codecs order
};

/// A point of the rate / background-distortion curves (--rd).
struct RdPoint {
  std::string codec;     ///< "smearpress", "jpeg", "jp2"
  double parameter = 0;  ///< codec.quant_step, JPEG quality, JPEG 2000 compression ratio
  std::uint64_t bytes = 0;
  std::optional<double> psnr_bg;  ///< pooled over weight-0 pixels
  double psnr = 0;                ///< pooled over all pixels
};

struct BenchResult {
  std::size_t images = 0;
  double megapixels = 0;
  std::uint64_t source_bytes = 0;  ///< the input files' total size
  int repeats = 0;
  /// smearpress, then peers::peer_codecs(): png, png-9, webp-lossless, jxl-lossless-e7,
  /// jp2-lossless, jpeg-q90, and when every image is a JPEG source-file, jxl-jpeg-transcode
  std::vector<CodecTotals> codecs;
  std::vector<ImageResult> per_image;
  std::vector<RdPoint> rd;     ///< empty without --rd
  nlohmann::ordered_json run;  ///< machine, date, input, config, version
};

/// The parameters --rd tries, per codec.
std::vector<int> rd_quant_steps();
std::vector<int> rd_jpeg_qualities();
std::vector<double> rd_jp2_ratios();

/// Measures. Progress goes to `log`. Throws InputError (unreadable folder or image),
/// peers::PeerError or std::runtime_error (a codec failed, a lossless peer was not bit-exact) and
/// ConfigError (an --rd parameter the config rejects).
BenchResult run_bench(const BenchOptions& options, std::ostream& log);

/// The JSON document: {"images", "megapixels", "codecs": [...], "rd": [...], ...}, keys in
/// that order.
nlohmann::ordered_json bench_json(const BenchResult& result);

/// Serialises with +-infinity as the tokens Infinity / -Infinity (as Python's json module writes
/// and reads them) instead of nlohmann's null; NaN stays null.
std::string dump_json(const nlohmann::ordered_json& doc, int indent = 2);
/// A JSON value for a number that may be infinite or undefined (empty -> null), for dump_json.
nlohmann::ordered_json json_number(double v);
nlohmann::ordered_json json_number(const std::optional<double>& v);

/// One CSV row per codec: name, bytes, size_vs_source, encode_mps (empty when not timed),
/// decode_mps, psnr, psnr_roi, psnr_bg, roi_dct_images and roi_vs_source_blocks (smearpress's;
/// empty for the peers, and the ratio without DCT-path images).
std::string bench_csv(const BenchResult& result);

/// The human-readable table (Markdown), and the --rd points as a second table when present.
std::string bench_table(const BenchResult& result);

/// DIR/bench.html and DIR/plots/*. The page links only files inside DIR. Never fails for a
/// missing gnuplot (the page then says so). Throws InputError when DIR cannot be written.
void write_bench_report(const std::filesystem::path& dir, const BenchResult& result);

}  // namespace smearpress
