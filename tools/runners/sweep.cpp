// sweep.cpp - every combination of a config's "sweep" over a folder (sweep.hpp).
#include "runners/sweep.hpp"

#include "config/config.hpp"
#include "io/image_io.hpp"
#include "reporting/progress.hpp"
#include "reporting/report.hpp"
#include "reporting/run_info.hpp"
#include "reporting/table.hpp"
#include "runners/batch.hpp"
#include "runners/parallel.hpp"

#include <opencv2/core.hpp>

#include <ostream>

namespace smearpress {

namespace fs = std::filesystem;

namespace {

// The combinations of the sweep: their settings and a label such as "codec.quant_step=30, ...".
struct Grid {
  std::vector<SweepPoint> points;
  std::vector<Settings> settings;
  std::vector<std::string> labels;
};

Grid make_grid(const RunConfig& config) {
  Grid g;
  g.points = sweep_grid(config);
  for (const auto& point : g.points) {
    g.settings.push_back(apply_point(config, point, "sweep").settings);
    std::string label;
    for (const auto& [key, value] : point) label += (label.empty() ? "" : ", ") + key + "=" + value_text(value);
    g.labels.push_back(label);
  }
  return g;
}

using Rows = std::vector<std::vector<Record>>;  // rows[image][combination]

// Measures one image with every combination; returns the first failure ("" if none).
std::string measure_all(const ImageJob& job, const Grid& grid, std::vector<Record>& rows) {
  LoadedImage in;
  try {
    in = load_image(job.file);
  } catch (const std::exception&) {
    // process_image turns the same failure into an error row for every combination.
    for (std::size_t c = 0; c < grid.points.size(); ++c)
      rows[c] = to_record(process_image(job, grid.settings[c], std::nullopt, std::nullopt));
    return job.relative + ": " + rows[0][column_index("error")];
  }
  std::string failure;
  for (std::size_t c = 0; c < grid.points.size() && !SignalScope::stop_requested(); ++c) {
    const ResultRow row = measure_image(job, in, grid.settings[c], std::nullopt, std::nullopt);
    if (!row.ok && failure.empty()) failure = job.relative + " [" + grid.labels[c] + "]: " + row.error;
    rows[c] = to_record(row);
  }
  return failure;
}

// sweep_summary.csv's lines of one combination: the combination's prefix before each line of
// summary.csv (without its header).
std::string prefixed_summary(const std::vector<std::string>& prefix, const std::vector<GroupSummary>& groups) {
  std::string block = summary_csv(groups);
  block.erase(0, block.find('\n') + 1);
  std::string prefix_text = csv_line(prefix);
  prefix_text.pop_back();
  std::string out;
  for (std::size_t start = 0; start < block.size();) {
    const auto end = block.find('\n', start);
    out += prefix_text + "," + block.substr(start, end - start + 1);
    start = end + 1;
  }
  return out;
}

// Writes sweep.csv and sweep_summary.csv; returns the per-combination summaries for the report
// and counts the failed rows.
std::vector<SweepResult> write_tables(const SweepOptions& opt, const Grid& grid, const Rows& rows,
                                      std::size_t& failed_rows) {
  std::vector<std::string> header = {"combination"};
  for (const auto& axis : opt.config.sweep) header.push_back(axis.key);
  for (const auto& c : result_columns()) header.push_back(c);
  std::string sweep_csv = csv_line(header), summary_text;
  std::vector<SweepResult> results;
  for (std::size_t c = 0; c < grid.points.size(); ++c) {
    std::vector<Record> records;
    for (const auto& image_rows : rows) {
      records.push_back(image_rows[c]);
      if (image_rows[c][column_index("status")] != "ok") ++failed_rows;
    }
    std::vector<std::string> prefix = {std::to_string(c + 1)};
    for (const auto& [key, value] : grid.points[c]) prefix.push_back(value_text(value));
    for (const auto& r : records) {
      std::vector<std::string> line = prefix;
      line.insert(line.end(), r.begin(), r.end());
      sweep_csv += csv_line(line);
    }
    const auto groups = summarise(records);
    summary_text += prefixed_summary(prefix, groups);
    results.push_back({grid.labels[c], groups});
  }
  std::string summary_header = "combination";
  for (const auto& axis : opt.config.sweep) summary_header += "," + csv_field(axis.key);
  summary_header += "," + summary_csv({}).substr(0, summary_csv({}).find('\n') + 1);
  write_text_atomic(opt.output / "sweep.csv", sweep_csv);
  write_text_atomic(opt.output / "sweep_summary.csv", summary_header + summary_text);
  return results;
}

}  // namespace

SweepOutcome run_sweep(const SweepOptions& opt, std::ostream& log) {
  if (opt.config.sweep.empty()) throw InputError("the config has no \"sweep\" object; use batch instead");
  prepare_run_folders(opt.input, opt.output);
  const auto jobs = find_jobs(opt.input, opt.output);
  if (jobs.empty()) throw InputError(opt.input.string() + ": no image files found");
  const Grid grid = make_grid(opt.config);

  SweepOutcome outcome;
  outcome.images = jobs.size();
  outcome.combinations = grid.points.size();
  log << "sweep: " << jobs.size() << " images x " << grid.points.size() << " combinations from "
      << opt.input.string() << "\n";

  Rows rows(jobs.size(), std::vector<Record>(grid.points.size()));
  cv::setNumThreads(1);
  SignalScope signals;
  Progress progress(log, jobs.size(), Progress::stderr_is_terminal());
  const unsigned threads = run_parallel(jobs.size(), opt.jobs, [&](std::size_t i) {
    progress.tick(measure_all(jobs[i], grid, rows[i]));
  });
  progress.finish();
  if (SignalScope::stop_requested()) {
    outcome.interrupted = true;
    log << "sweep: interrupted; nothing written\n";
    return outcome;
  }

  ReportInput report;
  report.sweep = write_tables(opt, grid, rows, outcome.failed_rows);
  nlohmann::json sweep_json = nlohmann::json::object();
  for (const auto& axis : opt.config.sweep) sweep_json[axis.key] = axis.values;
  nlohmann::json info = run_info_head("sweep", opt.config, opt.input);
  info["sweep"] = sweep_json;
  info["images"] = jobs.size();
  info["combinations"] = grid.points.size();
  info["failed_rows"] = outcome.failed_rows;
  info["jobs"] = threads;
  info["finished"] = now_iso8601();
  report.title = "smearpress sweep: " + opt.config.name;
  report.run_info = info;
  write_report(opt.output, report);
  write_text_atomic(opt.output / "run.json", info.dump(2) + "\n");
  return outcome;
}

}  // namespace smearpress
