// tables.hpp - the bench's tables (codecs, --rd points) as cells, and their Markdown and HTML
// renderings, shared by the text table (output.cpp) and the report (html_report.cpp). Internal.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bench/bench.hpp"

namespace smearpress::bench {

inline constexpr const char* kReference = "jxl-lossless-e7";  // the "vs JXL" column
inline constexpr const char* kSpeedReference = "png";         // the "vs PNG" columns

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

/// The codec named `name` in `r`, or nullptr.
const CodecTotals* find_codec(const BenchResult& r, const std::string& name);

/// Megapixels with 3 decimals.
std::string megapixels_text(double mp);

/// One row per codec: size, size relative to the source files, size and speed relative to
/// kReference / kSpeedReference, PSNRs; "n/a" for the speed of an encode that is not timed.
Table codec_table(const BenchResult& r);
/// A codec's ROI section bytes over the source files' bytes for the same blocks, pooled over the
/// images whose ROI took the JPEG-DCT path; empty without such images.
std::optional<double> roi_vs_source_blocks(const CodecTotals& c);
/// Sentences under the codec table: which codec rebuilds the source files, smearpress's DCT path.
std::vector<std::string> codec_notes(const BenchResult& r);
/// One row per --rd point.
Table rd_table(const BenchResult& r);

/// Markdown with padded columns: the first left-aligned, the others right-aligned.
std::string markdown(const Table& t);
/// An HTML <table>; smearpress's row has class "ours".
std::string html_table(const Table& t);

}  // namespace smearpress::bench
