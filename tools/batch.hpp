// batch.hpp - running the pipeline over a folder: job discovery, sharding, a resumable journal,
// parallel workers, panels and the outputs (results.csv, summary.csv/.md, report.html);
// and merging the outputs of shards.
#pragma once

#include "results.hpp"
#include "run_config.hpp"

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace smearpress {

struct ImageJob {
  std::filesystem::path file;
  std::string relative;  ///< '/'-separated path below the input folder
};

/// Image files under `dir` (recursive, sorted by relative path), skipping `exclude` if it lies
/// inside. Recognised by extension: png, jpg, jpeg, tif, tiff, bmp, webp, ppm, pgm, pnm, jp2.
std::vector<ImageJob> find_jobs(const std::filesystem::path& dir, const std::filesystem::path& exclude);

/// A 1-based shard K of N.
struct Shard {
  int index = 1;
  int count = 1;
};
/// Parses "K/N" (1 <= K <= N <= 100000); throws ConfigError-free std::invalid_argument.
Shard parse_shard(const std::string& text);
/// Whether a file belongs to a shard: FNV-1a of its relative path, modulo N. Deterministic on
/// every machine and independent of the other files.
bool in_shard(const std::string& relative, const Shard& shard);

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
                        const std::optional<PanelPaths>& panel_out);

/// process_image for an image already loaded (sweeps load once and measure many times).
ResultRow measure_image(const ImageJob& job, const codec::Image& image, const Settings& settings,
                        const std::optional<std::filesystem::path>& smz_out,
                        const std::optional<PanelPaths>& panel_out);

/// Runs `work(i)` for i in [0, n) on up to `jobs` threads (0 = all cores), each item once,
/// stopping early when SIGINT/SIGTERM arrives while a SignalScope is alive. Returns the threads used.
unsigned run_parallel(std::size_t n, int jobs, const std::function<void(std::size_t)>& work);

/// While alive, SIGINT/SIGTERM ask running work to stop (a second signal exits at once).
class SignalScope {
 public:
  SignalScope();
  ~SignalScope();
  SignalScope(const SignalScope&) = delete;
  SignalScope& operator=(const SignalScope&) = delete;
  /// True once a signal arrived.
  static bool stop_requested();

 private:
  struct Impl;
  Impl* impl_;
};

/// Writes a string atomically (see write_file_atomic).
void write_text_atomic(const std::filesystem::path& path, const std::string& text);

/// The current UTC time as 2026-01-31T12:00:00Z.
std::string now_iso8601();

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

/// The fingerprint of the settings that determine results (not the name, not the dumps).
std::string config_fingerprint(const RunConfig& config);

/// The `count` ok records with the lowest PSNR, worst first (ties by image path).
std::vector<const Record*> worst_records(const std::vector<Record>& records, std::size_t count);

}  // namespace smearpress
