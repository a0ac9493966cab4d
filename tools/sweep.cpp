#include "sweep.hpp"

#include "batch.hpp"
#include "config.hpp"
#include "image_io.hpp"
#include "progress.hpp"
#include "report.hpp"
#include "table.hpp"

#include <codec/format.hpp>

#include <opencv2/core.hpp>

#include <ostream>

#ifndef SMEARPRESS_VERSION
#define SMEARPRESS_VERSION "unknown"
#endif

namespace smearpress {

namespace fs = std::filesystem;

SweepOutcome run_sweep(const SweepOptions& opt, std::ostream& log) {
  std::error_code ec;
  if (opt.config.sweep.empty()) throw InputError("the config has no \"sweep\" object; use batch instead");
  if (!fs::is_directory(opt.input, ec)) throw InputError(opt.input.string() + ": not a directory");
  if (fs::exists(opt.output, ec) && fs::equivalent(opt.input, opt.output, ec))
    throw InputError("the output folder must differ from the input folder");
  fs::create_directories(opt.output, ec);
  if (ec) throw InputError(opt.output.string() + ": cannot create (" + ec.message() + ")");

  const auto jobs = find_jobs(opt.input, opt.output);
  if (jobs.empty()) throw InputError(opt.input.string() + ": no image files found");
  const auto grid = sweep_grid(opt.config);
  std::vector<Settings> settings;
  std::vector<std::string> labels;
  for (const auto& point : grid) {
    settings.push_back(apply_point(opt.config, point, "sweep").settings);
    std::string label;
    for (const auto& [key, value] : point) label += (label.empty() ? "" : ", ") + key + "=" + value_text(value);
    labels.push_back(label);
  }

  SweepOutcome outcome;
  outcome.images = jobs.size();
  outcome.combinations = grid.size();
  log << "sweep: " << jobs.size() << " images x " << grid.size() << " combinations from " << opt.input.string()
      << "\n";

  // rows[image][combination]
  std::vector<std::vector<Record>> rows(jobs.size(), std::vector<Record>(grid.size()));
  cv::setNumThreads(1);
  SignalScope signals;
  Progress progress(log, jobs.size(), Progress::stderr_is_terminal());
  const unsigned threads = run_parallel(jobs.size(), opt.jobs, [&](std::size_t i) {
    LoadedImage in;
    std::string failure;
    try {
      in = load_image(jobs[i].file);
    } catch (const std::exception&) {
      // process_image turns the same failure into an error row for every combination.
      for (std::size_t c = 0; c < grid.size(); ++c)
        rows[i][c] = to_record(process_image(jobs[i], settings[c], std::nullopt, std::nullopt));
      progress.tick(jobs[i].relative + ": " + rows[i][0][column_index("error")]);
      return;
    }
    for (std::size_t c = 0; c < grid.size() && !SignalScope::stop_requested(); ++c) {
      const ResultRow row = measure_image(jobs[i], in.image, settings[c], std::nullopt, std::nullopt);
      if (!row.ok && failure.empty()) failure = jobs[i].relative + " [" + labels[c] + "]: " + row.error;
      rows[i][c] = to_record(row);
    }
    progress.tick(failure);
  });
  progress.finish();
  if (SignalScope::stop_requested()) {
    outcome.interrupted = true;
    log << "sweep: interrupted; nothing written\n";
    return outcome;
  }

  // sweep.csv: combination, swept keys, results columns.
  std::vector<std::string> header = {"combination"};
  for (const auto& axis : opt.config.sweep) header.push_back(axis.key);
  for (const auto& c : result_columns()) header.push_back(c);
  std::string sweep_csv = csv_line(header);
  std::vector<SweepResult> results;
  std::string summary_text;
  for (std::size_t c = 0; c < grid.size(); ++c) {
    std::vector<Record> records;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      records.push_back(rows[i][c]);
      if (rows[i][c][column_index("status")] != "ok") ++outcome.failed_rows;
    }
    std::vector<std::string> prefix = {std::to_string(c + 1)};
    for (const auto& [key, value] : grid[c]) prefix.push_back(value_text(value));
    for (const auto& r : records) {
      std::vector<std::string> line = prefix;
      line.insert(line.end(), r.begin(), r.end());
      sweep_csv += csv_line(line);
    }
    const auto groups = summarise(records);
    // sweep_summary.csv: the same prefix before each summary.csv line.
    std::string block = summary_csv(groups);
    block.erase(0, block.find('\n') + 1);  // drop its header
    std::string prefix_text = csv_line(prefix);
    prefix_text.pop_back();
    for (std::size_t start = 0; start < block.size();) {
      const auto end = block.find('\n', start);
      summary_text += prefix_text + "," + block.substr(start, end - start + 1);
      start = end + 1;
    }
    results.push_back({labels[c], groups});
  }
  std::string summary_header = "combination";
  for (const auto& axis : opt.config.sweep) summary_header += "," + csv_field(axis.key);
  summary_header += "," + summary_csv({}).substr(0, summary_csv({}).find('\n') + 1);

  write_text_atomic(opt.output / "sweep.csv", sweep_csv);
  write_text_atomic(opt.output / "sweep_summary.csv", summary_header + summary_text);

  nlohmann::json sweep_json = nlohmann::json::object();
  for (const auto& axis : opt.config.sweep) sweep_json[axis.key] = axis.values;
  nlohmann::json info = {{"smearpress_version", SMEARPRESS_VERSION},
                         {"format_version", codec::kFormatVersion},
                         {"kind", "sweep"},
                         {"config_name", opt.config.name},
                         {"config", to_json(opt.config)},
                         {"sweep", sweep_json},
                         {"input", opt.input.string()},
                         {"images", jobs.size()},
                         {"combinations", grid.size()},
                         {"failed_rows", outcome.failed_rows},
                         {"jobs", threads},
                         {"finished", now_iso8601()}};
  ReportInput report;
  report.title = "smearpress sweep: " + opt.config.name;
  report.run_info = info;
  report.sweep = std::move(results);
  write_report(opt.output, report);
  write_text_atomic(opt.output / "run.json", info.dump(2) + "\n");
  return outcome;
}

}  // namespace smearpress
