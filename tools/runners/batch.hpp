// batch.hpp - running the pipeline over a folder (jobs.hpp finds the images, journal.hpp makes
// it resumable, parallel.hpp runs it): measuring one image, panels, the outputs (results.csv,
// summary.csv/.md, report.html, run.json); and merging the outputs of shards (merge.cpp).
#pragma once

#include "config/run_config.hpp"
#include "reporting/results.hpp"
#include "io/image_io.hpp"
#include "runners/jobs.hpp"

#include <nlohmann/json.hpp>

#include <smearpress/region_source.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace smearpress {

/// Where an image's comparison panel and its thumbnail go.
struct PanelPaths {
  std::filesystem::path panel;      ///< OUTPUT/panels/<relative>.png
  std::filesystem::path thumbnail;  ///< OUTPUT/panels/thumbs/<relative>.jpg
};
PanelPaths panel_paths(const std::filesystem::path& output, const std::string& relative);

/// Loads and measures one image; never throws for problems with the file (they become a row
/// with ok = false). Writes the .smz to `smz_out` and a panel with its thumbnail to `panel_out`
/// when given.
ResultRow process_image(const ImageJob& job, const Settings& settings,
                        const std::optional<std::filesystem::path>& smz_out,
                        const std::optional<PanelPaths>& panel_out,
                        const std::function<void(const std::string&)>& note = {});

/// Milliseconds since `t0` (a row's encode and decode times).
double ms_since(std::chrono::steady_clock::time_point t0);

/// process_image for a slide (a TIFF or OpenSlide file that settings.tile stores tiled): encoded
/// tile by tile on one thread (the batch runs images in parallel), decoded and compared tile by
/// tile against the source, in bounded memory; SSIM is left empty. `note` receives a line at
/// every tenth of the tiles. Never throws for problems with the file.
ResultRow measure_slide(const ImageJob& job, RegionSource& source, const Settings& settings,
                        const std::optional<std::filesystem::path>& smz_out,
                        const std::function<void(const std::string&)>& note);

/// process_image for an image already loaded (sweeps load once and measure many times).
ResultRow measure_image(const ImageJob& job, const LoadedImage& in, const Settings& settings,
                        const std::optional<std::filesystem::path>& smz_out,
                        const std::optional<PanelPaths>& panel_out);

struct BatchOptions {
  std::filesystem::path input;
  std::filesystem::path output;
  RunConfig config;
  int jobs = 0;           ///< 0 = all cores
  bool write_smz = true;  ///< keep OUTPUT/smz/<relative>.smz
  bool dumps = true;      ///< panels and thumbnails as config.dumps says; false = none
  bool resume = false;    ///< reuse the journal's rows for unchanged files
  Shard shard;
};

struct BatchOutcome {
  std::size_t total = 0;    ///< files in this run (this shard)
  std::size_t failed = 0;
  std::size_t resumed = 0;  ///< taken from the journal
  bool interrupted = false; ///< stopped by SIGINT/SIGTERM: outputs not written, resume possible
};

/// Runs the batch. Writes OUTPUT/results.csv, summary.csv, summary.md, report.html, run.json,
/// progress.journal and, as configured, smz/ and panels/. Throws InputError when the folders are
/// unusable or ConfigError when --resume meets a journal from another config.
BatchOutcome run_batch(const BatchOptions& options, std::ostream& log);

/// Combines the outputs of shard runs into `output`: results.csv and summary.csv identical to an
/// unsharded run (timings aside), summary.md, report.html and the worst panels. Throws
/// InputError when the shards do not fit together (different configs, missing or repeated shards,
/// an image in two shards).
void merge_batches(const std::vector<std::filesystem::path>& dirs, const std::filesystem::path& output,
                   std::ostream& log);

/// Checks that `input` is a folder and `output` another one, and creates `output`; throws
/// InputError.
void prepare_run_folders(const std::filesystem::path& input, const std::filesystem::path& output);

/// Writes every output that derives from the records: results.csv, summary.csv, summary.md,
/// report.html (with `panels`) and run.json.
void write_batch_outputs(const std::filesystem::path& output, const std::vector<Record>& records,
                         const nlohmann::json& run_info, const std::vector<const Record*>& panels);

/// The fingerprint of the settings that determine results (not the name, not the dumps).
std::string config_fingerprint(const RunConfig& config);

/// The `count` ok records with the lowest PSNR, worst first (ties by image path).
std::vector<const Record*> worst_records(const std::vector<Record>& records, std::size_t count);

}  // namespace smearpress
