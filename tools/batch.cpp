#include "batch.hpp"

#include "config.hpp"
#include "image_io.hpp"
#include "panel.hpp"
#include "progress.hpp"
#include "report.hpp"
#include "table.hpp"

#include <codec/crc32.hpp>
#include <codec/format.hpp>
#include <smearpress/pipeline.hpp>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <mutex>
#include <ostream>
#include <set>
#include <sstream>
#include <thread>
#include <unistd.h>

#ifndef SMEARPRESS_VERSION
#define SMEARPRESS_VERSION "unknown"
#endif

namespace smearpress {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

std::uint64_t fnv1a64(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

std::string hex64(std::uint64_t v) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

bool is_image_extension(std::string ext) {
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  static const std::set<std::string> known = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp",
                                              ".webp", ".ppm", ".pgm", ".pnm", ".jp2"};
  return known.count(ext) > 0;
}

bool is_inside(const fs::path& child, const fs::path& parent) {
  auto c = child.begin(), p = parent.begin();
  for (; p != parent.end(); ++p, ++c)
    if (c == child.end() || *c != *p) return false;
  return true;
}

// ---- interruption -------------------------------------------------------------------------

std::atomic<bool> g_stop{false};

extern "C" void on_signal(int) {
  if (g_stop.exchange(true)) std::_Exit(130);  // second signal: leave now
  static const char msg[] =
      "\nsmearpress: interrupted; finishing the images in progress (again to abort now)\n";
  [[maybe_unused]] auto n = ::write(STDERR_FILENO, msg, sizeof msg - 1);
}

// ---- journal ------------------------------------------------------------------------------
//
// OUTPUT/progress.journal records every finished image as it finishes, so an interrupted run
// can resume. Line 1: "smearpress-journal 1 <config fingerprint>". Then one line per image:
// "<crc32 hex> <size> <mtime ns> <CSV record>", the CRC covering everything after it. A line
// cut short by a crash fails its CRC and is ignored.

struct JournalEntry {
  std::uintmax_t size = 0;
  long long mtime = 0;
  Record record;
};

struct FileStamp {
  std::uintmax_t size = 0;
  long long mtime = 0;
};

FileStamp stamp_of(const fs::path& p) {
  std::error_code ec;
  FileStamp s;
  s.size = fs::file_size(p, ec);
  if (ec) s.size = 0;
  auto t = fs::last_write_time(p, ec);
  s.mtime = ec ? 0 : static_cast<long long>(t.time_since_epoch().count());
  return s;
}

std::uint32_t line_crc(const std::string& s) {
  return codec::crc32({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
}

class Journal {
 public:
  static constexpr const char* kMagic = "smearpress-journal 1 ";

  /// Reads the entries of an existing journal made with `fingerprint`.
  static std::map<std::string, JournalEntry> load(const fs::path& path, const std::string& fingerprint) {
    std::map<std::string, JournalEntry> out;
    std::ifstream in(path);
    if (!in) return out;
    std::string line;
    if (!std::getline(in, line) || line.rfind(kMagic, 0) != 0) return out;
    if (line.substr(std::string(kMagic).size()) != fingerprint)
      throw ConfigError(path.string() + ": made with a different config; resume with the same config, "
                        "or run without --resume (or into another --output) to start afresh");
    while (std::getline(in, line)) {
      std::istringstream ls(line);
      std::string crc_hex;
      JournalEntry e;
      if (!(ls >> crc_hex >> e.size >> e.mtime)) continue;
      const auto body_at = line.find(' ');
      if (body_at == std::string::npos) continue;
      if (crc_hex != hex32(line_crc(line.substr(body_at + 1)))) continue;  // torn line
      std::string rest;
      std::getline(ls >> std::ws, rest);
      e.record = parse_csv_line(rest);
      if (e.record.size() != result_columns().size()) continue;
      out[e.record[0]] = std::move(e);
    }
    return out;
  }

  Journal(const fs::path& path, const std::string& fingerprint, bool append) {
    file_ = std::fopen(path.c_str(), append ? "a" : "w");
    if (!file_) throw InputError(path.string() + ": cannot write the journal");
    if (!append || std::ftell(file_) == 0) {
      std::fprintf(file_, "%s%s\n", kMagic, fingerprint.c_str());
      std::fflush(file_);
    }
  }
  ~Journal() {
    if (file_) std::fclose(file_);
  }
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  void append(const FileStamp& stamp, const Record& record) {
    std::string line = csv_line(record);
    line.pop_back();  // the newline
    const std::string body = std::to_string(stamp.size) + " " + std::to_string(stamp.mtime) + " " + line;
    std::lock_guard lock(mutex_);
    std::fprintf(file_, "%s %s\n", hex32(line_crc(body)).c_str(), body.c_str());
    std::fflush(file_);
  }

 private:
  static std::string hex32(std::uint32_t v) {
    char buf[12];
    std::snprintf(buf, sizeof buf, "%08x", v);
    return buf;
  }

  std::FILE* file_ = nullptr;
  std::mutex mutex_;
};

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

// Writes every output that derives from the records: CSVs, Markdown, panels' report, run.json.
void write_outputs(const fs::path& output, const std::vector<Record>& records, const json& run_info,
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

}  // namespace

struct SignalScope::Impl {
  struct sigaction old_int {};
  struct sigaction old_term {};
};

SignalScope::SignalScope() : impl_(new Impl) {
  g_stop = false;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &impl_->old_int);
  sigaction(SIGTERM, &sa, &impl_->old_term);
}

SignalScope::~SignalScope() {
  sigaction(SIGINT, &impl_->old_int, nullptr);
  sigaction(SIGTERM, &impl_->old_term, nullptr);
  delete impl_;
}

bool SignalScope::stop_requested() { return g_stop; }

unsigned run_parallel(std::size_t n, int jobs, const std::function<void(std::size_t)>& work) {
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const unsigned want = jobs > 0 ? static_cast<unsigned>(jobs) : hw;
  const unsigned threads = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(want, n)));
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; !g_stop && (i = next++) < n;) work(i);
  };
  std::vector<std::thread> pool;
  for (unsigned j = 1; j < threads; ++j) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  return threads;
}

void write_text_atomic(const fs::path& path, const std::string& text) {
  write_file_atomic(path, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

std::string now_iso8601() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::vector<ImageJob> find_jobs(const fs::path& dir, const fs::path& exclude) {
  std::vector<ImageJob> out;
  const fs::path ex = fs::weakly_canonical(exclude);
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied);
       it != fs::recursive_directory_iterator(); ++it) {
    std::error_code ec;
    if (it->is_directory(ec) && is_inside(fs::weakly_canonical(it->path()), ex)) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && is_image_extension(it->path().extension().string()))
      out.push_back({it->path(), it->path().lexically_relative(dir).generic_string()});
  }
  std::sort(out.begin(), out.end(), [](const ImageJob& a, const ImageJob& b) { return a.relative < b.relative; });
  return out;
}

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  Shard s;
  try {
    if (slash == std::string::npos) throw std::invalid_argument("");
    std::size_t a = 0, b = 0;
    s.index = std::stoi(text.substr(0, slash), &a);
    s.count = std::stoi(text.substr(slash + 1), &b);
    if (a != slash || b != text.size() - slash - 1) throw std::invalid_argument("");
  } catch (const std::exception&) {
    throw std::invalid_argument("--shard must be K/N, e.g. 2/8; got '" + text + "'");
  }
  if (s.count < 1 || s.count > 100000 || s.index < 1 || s.index > s.count)
    throw std::invalid_argument("--shard K/N needs 1 <= K <= N <= 100000; got '" + text + "'");
  return s;
}

bool in_shard(const std::string& relative, const Shard& shard) {
  return fnv1a64(relative) % static_cast<std::uint64_t>(shard.count) ==
         static_cast<std::uint64_t>(shard.index - 1);
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

std::string class_of(const ImageJob& job) { return job.file.parent_path().filename().string(); }

}  // namespace

ResultRow measure_image(const ImageJob& job, const codec::Image& image, const Settings& settings,
                        const std::optional<fs::path>& smz_out, const std::optional<PanelPaths>& panel_out) {
  ResultRow row;
  row.image = job.relative;
  row.cls = class_of(job);
  try {
    row.width = image.width;
    row.height = image.height;
    row.channels = image.channels;
    auto t0 = Clock::now();
    const Compressed c = compress(image, settings);
    row.encode_ms = ms_since(t0);
    row.stats = c.encoded.stats;
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
                        const std::optional<PanelPaths>& panel_out) {
  LoadedImage in;
  try {
    in = load_image(job.file);
  } catch (const std::exception& e) {
    return error_row(job, class_of(job), e);
  }
  ResultRow row = measure_image(job, in.image, settings, smz_out, panel_out);
  row.notices = std::move(in.notices);
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

BatchOutcome run_batch(const BatchOptions& opt, std::ostream& log) {
  std::error_code ec;
  if (!fs::is_directory(opt.input, ec)) throw InputError(opt.input.string() + ": not a directory");
  if (fs::exists(opt.output, ec) && fs::equivalent(opt.input, opt.output, ec))
    throw InputError("the output folder must differ from the input folder");
  fs::create_directories(opt.output, ec);
  if (ec) throw InputError(opt.output.string() + ": cannot create (" + ec.message() + ")");

  std::vector<ImageJob> jobs;
  const auto all_jobs = find_jobs(opt.input, opt.output);
  if (all_jobs.empty()) throw InputError(opt.input.string() + ": no image files found");
  for (const auto& j : all_jobs)
    if (in_shard(j.relative, opt.shard)) jobs.push_back(j);

  const std::string fingerprint = config_fingerprint(opt.config);
  const fs::path journal_path = opt.output / "progress.journal";
  std::map<std::string, JournalEntry> previous;
  if (opt.resume) previous = Journal::load(journal_path, fingerprint);

  std::vector<Record> records(jobs.size());
  std::vector<bool> done(jobs.size(), false);
  std::vector<FileStamp> stamps(jobs.size());
  BatchOutcome outcome;
  outcome.total = jobs.size();
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    stamps[i] = stamp_of(jobs[i].file);
    auto it = previous.find(jobs[i].relative);
    if (it != previous.end() && it->second.size == stamps[i].size && it->second.mtime == stamps[i].mtime) {
      records[i] = it->second.record;
      done[i] = true;
      ++outcome.resumed;
    }
  }
  // Temporaries of a run that was killed mid-write are never results: remove them.
  if (fs::exists(opt.output, ec))
    if (const std::size_t n = remove_stale_temporaries(opt.output))
      log << "batch: removed " << n << " unfinished file" << (n == 1 ? "" : "s") << " of an earlier run\n";
  // A fresh run starts clean: panels of an earlier run in this folder are ours to remove.
  const bool all_panels = opt.dumps && opt.config.dumps.panels == PanelMode::kAll;
  if (!opt.resume) fs::remove_all(opt.output / "panels", ec);

  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < jobs.size(); ++i)
    if (!done[i]) todo.push_back(i);

  // Within an image everything runs on one thread; parallelism comes from the jobs.
  cv::setNumThreads(1);
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const unsigned threads = static_cast<unsigned>(
      std::max<std::size_t>(1, std::min<std::size_t>(opt.jobs > 0 ? static_cast<unsigned>(opt.jobs) : hw, todo.size())));
  log << "batch: " << jobs.size() << " images";
  if (opt.shard.count > 1) log << " (shard " << opt.shard.index << "/" << opt.shard.count << " of " << all_jobs.size() << ")";
  log << " from " << opt.input.string();
  if (outcome.resumed) log << ", " << outcome.resumed << " already done";
  log << ", " << threads << (threads == 1 ? " job" : " jobs") << "\n";

  Journal journal(journal_path, fingerprint, opt.resume);
  SignalScope signals;
  Progress progress(log, todo.size(), Progress::stderr_is_terminal());
  run_parallel(todo.size(), static_cast<int>(threads), [&](std::size_t k) {
    const std::size_t i = todo[k];
    std::optional<fs::path> smz;
    std::optional<PanelPaths> panel;
    if (opt.write_smz) smz = opt.output / "smz" / (jobs[i].relative + ".smz");
    if (all_panels) panel = panel_paths(opt.output, jobs[i].relative);
    const ResultRow row = process_image(jobs[i], opt.config.settings, smz, panel);
    records[i] = to_record(row);
    journal.append(stamps[i], records[i]);
    done[i] = true;
    for (const auto& n : row.notices) progress.note("notice: " + row.image + ": " + n);
    progress.tick(row.ok ? std::string() : row.image + ": " + row.error);
  });
  progress.finish();

  if (g_stop) {
    outcome.interrupted = true;
    std::size_t n = 0;
    for (bool d : done) n += d ? 1 : 0;
    log << "batch: interrupted with " << n << " of " << jobs.size()
        << " images done; run again with --resume to continue\n";
    return outcome;
  }

  std::vector<const Record*> panels;
  if (opt.dumps && opt.config.dumps.panels == PanelMode::kWorst) {
    fs::remove_all(opt.output / "panels", ec);
    panels = worst_records(records, static_cast<std::size_t>(opt.config.dumps.count));
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < jobs.size(); ++i) index[jobs[i].relative] = i;
    log << "batch: panels for the " << panels.size() << " images with the lowest PSNR\n";
    run_parallel(panels.size(), static_cast<int>(threads), [&](std::size_t k) {
      const ImageJob& job = jobs[index.at((*panels[k])[0])];
      process_image(job, opt.config.settings, std::nullopt, panel_paths(opt.output, job.relative));
    });
  } else if (all_panels) {
    panels = worst_records(records, records.size());
  }
  if (g_stop) {
    outcome.interrupted = true;
    log << "batch: interrupted while drawing panels; run again with --resume\n";
    return outcome;
  }

  for (const auto& r : records) outcome.failed += r[column_index("status")] == "ok" ? 0 : 1;
  json info = {{"smearpress_version", SMEARPRESS_VERSION},
               {"format_version", codec::kFormatVersion},
               {"kind", "batch"},
               {"config_name", opt.config.name},
               {"config", to_json(opt.config)},
               {"config_fingerprint", fingerprint},
               {"input", opt.input.string()},
               {"shard", {{"index", opt.shard.index}, {"count", opt.shard.count}}},
               {"images", records.size()},
               {"failed", outcome.failed},
               {"resumed", outcome.resumed},
               {"jobs", threads},
               {"finished", now_iso8601()}};
  write_outputs(opt.output, records, info, panels);
  return outcome;
}

void merge_batches(const std::vector<fs::path>& dirs, const fs::path& output, std::ostream& log) {
  if (dirs.empty()) throw InputError("merge: no shard folders given");
  std::string fingerprint;
  json first_info;
  int count = 0;
  std::set<int> seen;
  std::vector<Record> records;
  std::map<std::string, fs::path> owner;  // image -> shard folder
  for (const auto& dir : dirs) {
    const fs::path info_path = dir / "run.json";
    std::ifstream in(info_path);
    if (!in) throw InputError(info_path.string() + ": missing (not a finished batch output folder)");
    json info;
    try {
      info = json::parse(in);
    } catch (const std::exception& e) {
      throw InputError(info_path.string() + ": unreadable (" + e.what() + ")");
    }
    const std::string fp = info.value("config_fingerprint", "");
    const int index = info["shard"].value("index", 0), n = info["shard"].value("count", 0);
    if (fingerprint.empty()) {
      fingerprint = fp;
      first_info = info;
      count = n;
    } else if (fp != fingerprint) {
      throw InputError(dir.string() + ": made with a different config than " + dirs[0].string());
    } else if (n != count) {
      throw InputError(dir.string() + ": shard count " + std::to_string(n) + " differs from " +
                       std::to_string(count));
    }
    if (!seen.insert(index).second) throw InputError(dir.string() + ": shard " + std::to_string(index) + " given twice");
    for (auto& r : read_results_csv(dir / "results.csv")) {
      auto [it, fresh] = owner.emplace(r[0], dir);
      if (!fresh) throw InputError("image " + r[0] + " appears in both " + it->second.string() + " and " + dir.string());
      records.push_back(std::move(r));
    }
  }
  for (int k = 1; k <= count; ++k)
    if (!seen.count(k)) throw InputError("merge: shard " + std::to_string(k) + "/" + std::to_string(count) + " is missing");
  std::sort(records.begin(), records.end(), [](const Record& a, const Record& b) { return a[0] < b[0]; });

  std::error_code ec;
  fs::create_directories(output, ec);
  if (ec) throw InputError(output.string() + ": cannot create (" + ec.message() + ")");
  fs::remove_all(output / "panels", ec);

  // The worst panels overall are among each shard's worst; copy those that exist.
  const auto mode = first_info["config"]["dumps"].value("panels", std::string("worst"));
  const auto n_panels = mode == "all" ? records.size()
                                      : static_cast<std::size_t>(first_info["config"]["dumps"].value("count", 16));
  std::vector<const Record*> panels;
  for (const Record* r : worst_records(records, mode == "none" ? 0 : n_panels)) {
    const fs::path& src_dir = owner.at((*r)[0]);
    const PanelPaths src = panel_paths(src_dir, (*r)[0]), dst = panel_paths(output, (*r)[0]);
    if (!fs::exists(src.panel) || !fs::exists(src.thumbnail)) continue;
    for (const auto& [from, to] : {std::pair{src.panel, dst.panel}, std::pair{src.thumbnail, dst.thumbnail}}) {
      fs::create_directories(to.parent_path());
      write_file_atomic(to, read_file(from));
    }
    panels.push_back(r);
  }

  std::size_t failed = 0;
  for (const auto& r : records) failed += r[column_index("status")] == "ok" ? 0 : 1;
  json info = first_info;
  info["kind"] = "merge";
  info["merged_from"] = json::array();
  for (const auto& d : dirs) info["merged_from"].push_back(d.string());
  info["shard"] = {{"index", 1}, {"count", 1}};
  info["images"] = records.size();
  info["failed"] = failed;
  info["finished"] = now_iso8601();
  write_outputs(output, records, info, panels);
  log << "merge: " << dirs.size() << " shards, " << records.size() << " images (" << failed << " failed) -> "
      << output.string() << "\n";
}

}  // namespace smearpress
