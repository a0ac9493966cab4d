// report.hpp - OUTPUT/report.html: a page to look at, offline, linking only files inside OUTPUT.
// Plots are drawn by gnuplot's SVG terminal (Debian package gnuplot-nox) into OUTPUT/plots/.
#pragma once

#include "reporting/results.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace smearpress {

struct PanelLink {
  std::string image;      ///< relative image path, for the caption
  std::string panel;      ///< path of the panel PNG relative to OUTPUT
  std::string thumbnail;  ///< path of its thumbnail relative to OUTPUT
  double psnr = 0;
};

/// One point of a sweep: its label and the ALL means of the combination.
struct SweepResult {
  std::string label;  ///< "codec.quant_step=30, roi.dilate_px=5"
  std::vector<GroupSummary> groups;
};

struct ReportInput {
  std::string title;
  nlohmann::json run_info;                          ///< shown as "Run"
  const std::vector<Record>* records = nullptr;     ///< per-image rows (batch), may be null
  const std::vector<GroupSummary>* groups = nullptr;///< per-class table (batch), may be null
  std::vector<PanelLink> panels;                    ///< worst first
  std::vector<SweepResult> sweep;                   ///< empty for a batch
};

/// Writes OUTPUT/report.html and OUTPUT/plots/*. Never fails for a missing gnuplot: the page
/// then says that the plots need it.
void write_report(const std::filesystem::path& output, const ReportInput& input);

/// Runs gnuplot on a script; returns an empty string on success, else why it failed.
std::string run_gnuplot(const std::filesystem::path& script);

/// Quotes a path for a single-quoted gnuplot string.
std::string gnuplot_quote(const std::string& s);

/// Escapes &, <, >, " and ' for HTML text and attributes.
std::string html_escape(const std::string& s);

/// The stylesheet every smearpress HTML page starts from (body, headings, tables, notes).
const char* report_base_style();

/// Percent-encodes a relative '/'-separated path for an href/src (slashes kept).
std::string url_path(const std::string& path);

}  // namespace smearpress
