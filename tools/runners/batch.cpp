#include "runners/batch.hpp"

#include <smearpress/slide.hpp>

#include "config/config.hpp"
#include "io/image_io.hpp"
#include "reporting/panel.hpp"
#include "reporting/progress.hpp"
#include "reporting/report.hpp"
#include "reporting/run_info.hpp"
#include "reporting/table.hpp"
#include "runners/journal.hpp"
#include "runners/parallel.hpp"
#include "runners/slide_run.hpp"

#include <codec/format.hpp>
#include <smearpress/pipeline.hpp>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <ostream>

namespace smearpress {

namespace fs = std::filesystem;
using nlohmann::json;

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

namespace {

using Clock = std::chrono::steady_clock;

std::string caption_for(const ResultRow& r) {
  const Record rec = to_record(r);
  auto cell = [&](const char* name) { return rec[column_index(name)]; };
  char buf[400];
  std::snprintf(buf, sizeof buf,
                "%s   cr_file %.2f   cr_seed %.2f   PSNR %s dB   background PSNR %s dB   SSIM %s   ROI (stored exact) %.1f%% of pixels",
                r.image.c_str(), cell_value(cell("cr_file")).value_or(0), cell_value(cell("cr_seed")).value_or(0),
                format_number(r.quality.psnr, 2).c_str(), format_number(r.quality.psnr_bg, 2).c_str(),
                format_number(r.quality.ssim, 3).c_str(), 100 * r.quality.roi_fraction);
  return buf;
}

void write_png(const fs::path& path, const cv::Mat& img) {
  fs::create_directories(path.parent_path());
  write_file_atomic(path, encode_png(img));
}

void write_jpeg(const fs::path& path, const cv::Mat& img) {
  std::vector<std::uint8_t> buf;
  if (!cv::imencode(".jpg", img, buf, {cv::IMWRITE_JPEG_QUALITY, 85})) throw InputError("JPEG encoding failed");
  fs::create_directories(path.parent_path());
  write_file_atomic(path, buf);
}

}  // namespace

void write_batch_outputs(const fs::path& output, const std::vector<Record>& records, const json& run_info,
                         const std::vector<const Record*>& panels) {
  const auto groups = summarise(records);
  write_text_atomic(output / "results.csv", csv_text(result_columns(), records));
  write_text_atomic(output / "summary.csv", summary_csv(groups));
  write_text_atomic(output / "summary.md", summary_markdown(groups));
  ReportInput report;
  report.title = "smearpress batch: " + run_info.value("config_name", std::string("?"));
  report.run_info = run_info;
  report.records = &records;
  report.groups = &groups;
  for (const Record* r : panels)
  {
    const PanelPaths p = panel_paths(fs::path(), (*r)[0]);
    report.panels.push_back({(*r)[0], p.panel.generic_string(), p.thumbnail.generic_string(),
                             cell_value((*r)[column_index("psnr")]).value_or(0)});
  }
  write_report(output, report);
  write_text_atomic(output / "run.json", run_info.dump(2) + "\n");
}

PanelPaths panel_paths(const fs::path& output, const std::string& relative) {
  return {output / "panels" / (relative + ".png"), output / "panels" / "thumbs" / (relative + ".jpg")};
}

namespace {

ResultRow error_row(const ImageJob& job, const std::string& cls, const std::exception& e) {
  ResultRow failed;
  failed.image = job.relative;
  failed.cls = cls;
  // The row names the file already; keep only the reason.
  std::string reason = e.what();
  const std::string prefix = job.file.string() + ": ";
  if (reason.rfind(prefix, 0) == 0) reason.erase(0, prefix.size());
  failed.error = reason;
  return failed;
}
}  // namespace

ResultRow measure_image(const ImageJob& job, const LoadedImage& in, const Settings& settings,
                        const std::optional<fs::path>& smz_out, const std::optional<PanelPaths>& panel_out) {
  ResultRow row;
  row.image = job.relative;
  row.cls = class_of(job);
  const codec::Image& image = in.image;
  try {
    row.width = image.width;
    row.height = image.height;
    row.channels = image.channels;
    row.source_bytes = in.file.size();
    auto t0 = Clock::now();
    const Compressed c = compress(image, settings, in.file);
    row.encode_ms = ms_since(t0);
    row.stats = c.encoded.stats;
    row.roi_domain = to_string(c.roi_domain);
    row.notices = c.notices;
    if (smz_out) {
      fs::create_directories(smz_out->parent_path());
      write_file_atomic(*smz_out, c.encoded.bytes);
    }
    t0 = Clock::now();
    const Reconstruction rec = reconstruct(c.encoded.bytes);
    row.decode_ms = ms_since(t0);
    row.quality = evaluate(image, rec);
    row.ok = true;
    if (panel_out) {
      const cv::Mat panel = make_panel(image, rec, caption_for(row));
      write_png(panel_out->panel, panel);
      write_jpeg(panel_out->thumbnail, make_thumbnail(panel));
    }
  } catch (const std::exception& e) {
    return error_row(job, row.cls, e);
  }
  return row;
}

ResultRow process_image(const ImageJob& job, const Settings& settings, const std::optional<fs::path>& smz_out,
                        const std::optional<PanelPaths>& panel_out, const std::function<void(const std::string&)>& note) {
  LoadedImage in;
  try {
    EncodeInput input = open_encode_input(job.file, settings);
    if (input.slide) return measure_slide(job, *input.slide, settings, smz_out, note);
    in = std::move(input.image);
  } catch (const std::exception& e) {
    return error_row(job, class_of(job), e);
  }
  ResultRow row = measure_image(job, in, settings, smz_out, panel_out);
  row.notices.insert(row.notices.begin(), in.notices.begin(), in.notices.end());
  return row;
}

std::string config_fingerprint(const RunConfig& config) {
  json j = to_json(config);
  j.erase("name");
  j.erase("dumps");
  return hex64(fnv1a64(j.dump() + "|format " + std::to_string(codec::kFormatVersion)));
}

std::vector<const Record*> worst_records(const std::vector<Record>& records, std::size_t count) {
  const std::size_t status = column_index("status"), psnr = column_index("psnr");
  std::vector<const Record*> ok;
  for (const auto& r : records)
    if (r[status] == "ok") ok.push_back(&r);
  std::stable_sort(ok.begin(), ok.end(), [&](const Record* a, const Record* b) {
    const double pa = cell_value((*a)[psnr]).value_or(INFINITY), pb = cell_value((*b)[psnr]).value_or(INFINITY);
    if (pa != pb) return pa < pb;
    return (*a)[0] < (*b)[0];
  });
  if (ok.size() > count) ok.resize(count);
  return ok;
}

void prepare_run_folders(const fs::path& input, const fs::path& output) {
  std::error_code ec;
  if (!fs::is_directory(input, ec)) throw InputError(input.string() + ": not a directory");
  if (fs::exists(output, ec) && fs::equivalent(input, output, ec))
    throw InputError("the output folder must differ from the input folder");
  fs::create_directories(output, ec);
  if (ec) throw InputError(output.string() + ": cannot create (" + ec.message() + ")");
}

namespace {

// What a batch has to do: the images of its shard, the rows already known from the journal
// (--resume), the files' stamps for the journal, and the indices still to process.
struct Plan {
  std::size_t all_images = 0;  // in the folder, before sharding
  std::vector<ImageJob> jobs;
  std::vector<Record> records;
  std::vector<bool> done;
  std::vector<FileStamp> stamps;
  std::vector<std::size_t> todo;
  std::size_t resumed = 0;
};

Plan plan_batch(const BatchOptions& opt, const std::string& fingerprint) {
  Plan p;
  const auto all_jobs = find_jobs(opt.input, opt.output);
  if (all_jobs.empty()) throw InputError(opt.input.string() + ": no image files found");
  p.all_images = all_jobs.size();
  for (const auto& j : all_jobs)
    if (in_shard(j.relative, opt.shard)) p.jobs.push_back(j);
  std::map<std::string, JournalEntry> previous;
  if (opt.resume) previous = Journal::load(opt.output / "progress.journal", fingerprint);
  const std::size_t n = p.jobs.size();
  p.records.resize(n);
  p.done.assign(n, false);
  p.stamps.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    p.stamps[i] = stamp_of(p.jobs[i].file);
    auto it = previous.find(p.jobs[i].relative);
    if (it != previous.end() && it->second.size == p.stamps[i].size && it->second.mtime == p.stamps[i].mtime) {
      p.records[i] = it->second.record;
      p.done[i] = true;
      ++p.resumed;
    } else {
      p.todo.push_back(i);
    }
  }
  return p;
}

// Temporaries of a run that was killed mid-write are never results; and a fresh run starts
// clean: panels of an earlier run in this folder are ours to remove.
void clean_output(const BatchOptions& opt, std::ostream& log) {
  if (const std::size_t n = remove_stale_temporaries(opt.output))
    log << "batch: removed " << n << " unfinished file" << (n == 1 ? "" : "s") << " of an earlier run\n";
  std::error_code ec;
  if (!opt.resume) fs::remove_all(opt.output / "panels", ec);
}

void log_start(std::ostream& log, const BatchOptions& opt, const Plan& p, unsigned threads) {
  log << "batch: " << p.jobs.size() << " images";
  if (opt.shard.count > 1) log << " (shard " << opt.shard.index << "/" << opt.shard.count << " of " << p.all_images << ")";
  log << " from " << opt.input.string();
  if (p.resumed) log << ", " << p.resumed << " already done";
  log << ", " << threads << (threads == 1 ? " job" : " jobs") << "\n";
}

// Processes the images still to do on `threads` workers, journaling each as it finishes.
void process_todo(const BatchOptions& opt, Plan& p, unsigned threads, const std::string& fingerprint,
                  std::ostream& log) {
  const bool all_panels = opt.dumps && opt.config.dumps.panels == PanelMode::kAll;
  Journal journal(opt.output / "progress.journal", fingerprint, opt.resume);
  Progress progress(log, p.todo.size(), Progress::stderr_is_terminal());
  run_parallel(p.todo.size(), static_cast<int>(threads), [&](std::size_t k) {
    const std::size_t i = p.todo[k];
    std::optional<fs::path> smz;
    std::optional<PanelPaths> panel;
    if (opt.write_smz) smz = opt.output / "smz" / (p.jobs[i].relative + ".smz");
    if (all_panels) panel = panel_paths(opt.output, p.jobs[i].relative);
    const ResultRow row = process_image(p.jobs[i], opt.config.settings, smz, panel,
                                        [&](const std::string& line) { progress.note(p.jobs[i].relative + ": " + line); });
    // A slide stopped half-way by the signal is not a result: it is done again on --resume.
    if (!row.ok && SignalScope::stop_requested()) return;
    p.records[i] = to_record(row);
    journal.append(p.stamps[i], p.records[i]);
    p.done[i] = true;
    for (const auto& n : row.notices) progress.note("notice: " + row.image + ": " + n);
    progress.tick(row.ok ? std::string() : row.image + ": " + row.error);
  });
  progress.finish();
}

// The records whose panels the report shows; with panels "worst", draws them now (the images
// are measured again, once the worst are known).
std::vector<const Record*> choose_panels(const BatchOptions& opt, const Plan& p, unsigned threads, std::ostream& log) {
  if (!opt.dumps || opt.config.dumps.panels == PanelMode::kNone) return {};
  if (opt.config.dumps.panels == PanelMode::kAll) return worst_records(p.records, p.records.size());
  std::error_code ec;
  fs::remove_all(opt.output / "panels", ec);
  const auto panels = worst_records(p.records, static_cast<std::size_t>(opt.config.dumps.count));
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < p.jobs.size(); ++i) index[p.jobs[i].relative] = i;
  log << "batch: panels for the " << panels.size() << " images with the lowest PSNR\n";
  run_parallel(panels.size(), static_cast<int>(threads), [&](std::size_t k) {
    const ImageJob& job = p.jobs[index.at((*panels[k])[0])];
    process_image(job, opt.config.settings, std::nullopt, panel_paths(opt.output, job.relative));
  });
  return panels;
}

}  // namespace

BatchOutcome run_batch(const BatchOptions& opt, std::ostream& log) {
  prepare_run_folders(opt.input, opt.output);
  const std::string fingerprint = config_fingerprint(opt.config);
  Plan plan = plan_batch(opt, fingerprint);
  BatchOutcome outcome;
  outcome.total = plan.jobs.size();
  outcome.resumed = plan.resumed;
  clean_output(opt, log);

  // Within an image everything runs on one thread; parallelism comes from the jobs.
  cv::setNumThreads(1);
  const unsigned threads = worker_count(opt.jobs, plan.todo.size());
  log_start(log, opt, plan, threads);
  SignalScope signals;
  process_todo(opt, plan, threads, fingerprint, log);
  if (SignalScope::stop_requested()) {
    outcome.interrupted = true;
    const auto n = std::count(plan.done.begin(), plan.done.end(), true);
    log << "batch: interrupted with " << n << " of " << plan.jobs.size()
        << " images done; run again with --resume to continue\n";
    return outcome;
  }
  const auto panels = choose_panels(opt, plan, threads, log);
  if (SignalScope::stop_requested()) {
    outcome.interrupted = true;
    log << "batch: interrupted while drawing panels; run again with --resume\n";
    return outcome;
  }

  for (const auto& r : plan.records) outcome.failed += r[column_index("status")] == "ok" ? 0 : 1;
  json info = run_info_head("batch", opt.config, opt.input);
  info["config_fingerprint"] = fingerprint;
  info["shard"] = {{"index", opt.shard.index}, {"count", opt.shard.count}};
  info["images"] = plan.records.size();
  info["failed"] = outcome.failed;
  info["resumed"] = outcome.resumed;
  info["jobs"] = threads;
  info["finished"] = now_iso8601();
  write_batch_outputs(opt.output, plan.records, info, panels);
  return outcome;
}

}  // namespace smearpress
