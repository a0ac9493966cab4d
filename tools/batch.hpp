// batch.hpp - one image through the whole pipeline into a result row; a folder into
// results.csv and summary.csv.
#pragma once

#include "pipeline.hpp"
#include "settings.hpp"

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace smearpress {

/// Everything measured for one input file. When ok is false only image, class and error are set.
struct ResultRow {
  std::string image;  ///< path relative to the batch input folder, '/'-separated
  std::string cls;    ///< name of the image's parent folder
  bool ok = false;
  std::string error;
  int width = 0, height = 0, channels = 0;
  codec::EncodeStats stats;
  Quality quality;
  double encode_ms = 0;  ///< ROI detection + encoding, from pixels in memory to bytes
  double decode_ms = 0;  ///< decoding + weights + blending, from bytes to pixels
};

/// The column names of results.csv, in order.
std::vector<std::string> result_columns();

/// Runs one file through load -> compress -> (optionally save .smz) -> reconstruct -> evaluate.
/// Never throws for problems with the file: they become a row with ok = false.
ResultRow process_image(const std::filesystem::path& file, const std::string& relative,
                        const Settings& settings, const std::optional<std::filesystem::path>& smz_out);

/// Image files under `dir` (recursive, sorted by relative path), skipping `exclude` if it lies
/// inside. Recognised by extension: png, jpg, jpeg, tif, tiff, bmp, webp, ppm, pgm, pnm, jp2.
std::vector<std::filesystem::path> find_images(const std::filesystem::path& dir,
                                               const std::filesystem::path& exclude);

/// results.csv text: a header line, then one line per row.
std::string results_csv(const std::vector<ResultRow>& rows);

/// Per-class means of every numeric column of results.csv (over ok rows), classes sorted by
/// name, then "ALL".
struct ClassSummary {
  std::string cls;
  std::size_t count = 0;
  std::size_t failed = 0;
  std::vector<std::optional<double>> means;  ///< one per numeric column, empty when undefined
};
std::vector<ClassSummary> summarise(const std::vector<ResultRow>& rows);

/// summary.csv text: per class (sorted, then "ALL"): class, count, failed, and the mean over the
/// class's ok rows of every numeric column of results.csv.
std::string summary_csv(const std::vector<ResultRow>& rows);

/// summary.md text: the per-class table in the shape of the paper's Table 2 (Markdown).
std::string summary_markdown(const std::vector<ResultRow>& rows);

struct BatchOptions {
  std::filesystem::path input;
  std::filesystem::path output;
  Settings settings;
  int jobs = 0;          ///< 0 = all cores
  bool write_smz = true; ///< keep OUTPUT/smz/<relative path>.smz
};

struct BatchOutcome {
  std::size_t total = 0;
  std::size_t failed = 0;
};

/// Runs the batch, writing OUTPUT/results.csv, OUTPUT/summary.csv and OUTPUT/summary.md;
/// progress goes to `log`.
/// Throws InputError when the folders are unusable.
BatchOutcome run_batch(const BatchOptions& options, std::ostream& log);

}  // namespace smearpress
