// results.hpp - result rows, their CSV form, and per-class summaries.
//
// A result row becomes a Record: the formatted text of every column of results.csv. Summaries
// are computed from that text, so a summary made from a results.csv read back from disk (after
// `merge`, say) equals the one made during the run.
#pragma once

#include <codec/codec.hpp>
#include <smearpress/pipeline.hpp>

#include <filesystem>
#include <functional>
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
  std::size_t source_bytes = 0;  ///< the input file's size
  std::string roi_domain;        ///< "dct" (a JPEG's own coefficients) or "pixels"
  Quality quality;
  double encode_ms = 0;  ///< ROI detection + encoding, from pixels in memory to bytes
  double decode_ms = 0;  ///< decoding + weights + blending, from bytes to pixels
  std::vector<std::string> notices;  ///< what loading changed (alpha dropped, ...); logged, not in the CSV
};

/// The formatted cells of one row, in result_columns() order.
using Record = std::vector<std::string>;

/// The column names of results.csv, in order: image, class, status, error, roi_domain, then the
/// numeric ones.
const std::vector<std::string>& result_columns();
/// Index of a column of result_columns(); throws std::out_of_range for an unknown name.
std::size_t column_index(const std::string& name);
/// Number of leading text columns (image, class, status, error, roi_domain).
inline constexpr std::size_t kTextColumns = 5;

Record to_record(const ResultRow& row);

/// The numeric value of a cell: nullopt for an empty cell, +-infinity for "inf"/"-inf".
std::optional<double> cell_value(const std::string& cell);

/// Means of every numeric column over a group's ok rows.
struct GroupSummary {
  std::string label;  ///< class name or "ALL"
  std::size_t count = 0;
  std::size_t failed = 0;
  std::vector<std::optional<double>> means;  ///< one per numeric column, empty when undefined
};

/// Groups by class (sorted by name), then "ALL".
std::vector<GroupSummary> summarise(const std::vector<Record>& records);

/// A CSV document: header line, then one line per record.
std::string csv_text(const std::vector<std::string>& header, const std::vector<Record>& records);

/// summary.csv: class, count, failed, then the mean of every numeric column.
std::string summary_csv(const std::vector<GroupSummary>& groups);

/// The per-class table in the shape of the paper's Table 2, as Markdown.
std::string summary_markdown(const std::vector<GroupSummary>& groups);

/// The column titles and values of summary_markdown, for other renderers (HTML).
struct TableView {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};
TableView summary_table(const std::vector<GroupSummary>& groups);

/// Reads a results.csv written by smearpress; throws InputError on a malformed file.
std::vector<Record> read_results_csv(const std::filesystem::path& path);

}  // namespace smearpress
