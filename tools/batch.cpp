#include "batch.hpp"

#include "image_io.hpp"
#include "table.hpp"

#include <codec/error.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <mutex>
#include <ostream>
#include <set>
#include <thread>

namespace smearpress {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// One numeric column: its name, decimals in results.csv, and how to read it from a row.
struct NumericColumn {
  const char* name;
  int decimals;
  std::function<std::optional<double>(const ResultRow&)> value;
};

double raw_bytes(const ResultRow& r) {
  return static_cast<double>(r.width) * r.height * r.channels;
}

const std::vector<NumericColumn>& numeric_columns() {
  static const std::vector<NumericColumn> cols = {
      {"width", 0, [](const ResultRow& r) { return std::optional<double>(r.width); }},
      {"height", 0, [](const ResultRow& r) { return std::optional<double>(r.height); }},
      {"channels", 0, [](const ResultRow& r) { return std::optional<double>(r.channels); }},
      {"raw_bytes", 0, [](const ResultRow& r) { return std::optional<double>(raw_bytes(r)); }},
      {"file_bytes", 0, [](const ResultRow& r) { return std::optional<double>(r.stats.file_bytes); }},
      {"mask_bytes", 0, [](const ResultRow& r) { return std::optional<double>(r.stats.mask_bytes); }},
      {"roi_bytes", 0, [](const ResultRow& r) { return std::optional<double>(r.stats.roi_bytes); }},
      {"bg_bytes", 0, [](const ResultRow& r) { return std::optional<double>(r.stats.background_bytes); }},
      {"ll_bits", 0, [](const ResultRow& r) { return std::optional<double>(r.stats.ll_bits); }},
      {"cr_seed", 4,
       [](const ResultRow& r) {
         return std::optional<double>(raw_bytes(r) * 8 / static_cast<double>(r.stats.ll_bits));
       }},
      {"cr_file", 4,
       [](const ResultRow& r) {
         return std::optional<double>(raw_bytes(r) / static_cast<double>(r.stats.file_bytes));
       }},
      {"mse", 4, [](const ResultRow& r) { return std::optional<double>(r.quality.mse); }},
      {"psnr", 4, [](const ResultRow& r) { return std::optional<double>(r.quality.psnr); }},
      {"ssim", 6, [](const ResultRow& r) { return r.quality.ssim; }},
      {"psnr_roi", 4, [](const ResultRow& r) { return r.quality.psnr_roi; }},
      {"psnr_bg", 4, [](const ResultRow& r) { return r.quality.psnr_bg; }},
      {"roi_fraction", 6, [](const ResultRow& r) { return std::optional<double>(r.quality.roi_fraction); }},
      {"roi_exact", 0, [](const ResultRow& r) { return std::optional<double>(r.quality.roi_exact ? 1 : 0); }},
      {"encode_ms", 3, [](const ResultRow& r) { return std::optional<double>(r.encode_ms); }},
      {"decode_ms", 3, [](const ResultRow& r) { return std::optional<double>(r.decode_ms); }},
  };
  return cols;
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

}  // namespace

std::vector<std::string> result_columns() {
  std::vector<std::string> cols = {"image", "class", "status", "error"};
  for (const auto& c : numeric_columns()) cols.emplace_back(c.name);
  return cols;
}

ResultRow process_image(const fs::path& file, const std::string& relative, const Settings& settings,
                        const std::optional<fs::path>& smz_out) {
  ResultRow row;
  row.image = relative;
  row.cls = file.parent_path().filename().string();
  try {
    const LoadedImage in = load_image(file);
    row.width = in.image.width;
    row.height = in.image.height;
    row.channels = in.image.channels;

    auto t0 = Clock::now();
    const Compressed c = compress(in.image, settings);
    row.encode_ms = ms_since(t0);
    row.stats = c.encoded.stats;
    if (smz_out) {
      fs::create_directories(smz_out->parent_path());
      write_file_atomic(*smz_out, c.encoded.bytes);
    }
    t0 = Clock::now();
    const Reconstruction rec = reconstruct(c.encoded.bytes);
    row.decode_ms = ms_since(t0);
    row.quality = evaluate(in.image, rec);
    row.ok = true;
  } catch (const std::exception& e) {
    ResultRow failed;
    failed.image = relative;
    failed.cls = row.cls;
    // The row names the file already; keep only the reason.
    std::string reason = e.what();
    const std::string prefix = file.string() + ": ";
    if (reason.rfind(prefix, 0) == 0) reason.erase(0, prefix.size());
    failed.error = reason;
    row = std::move(failed);
  }
  return row;
}

std::vector<fs::path> find_images(const fs::path& dir, const fs::path& exclude) {
  std::vector<fs::path> out;
  const fs::path ex = fs::weakly_canonical(exclude);
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied);
       it != fs::recursive_directory_iterator(); ++it) {
    if (it->is_directory() && is_inside(fs::weakly_canonical(it->path()), ex)) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && is_image_extension(it->path().extension().string()))
      out.push_back(it->path());
  }
  std::sort(out.begin(), out.end(), [&](const fs::path& a, const fs::path& b) {
    return a.lexically_relative(dir).generic_string() < b.lexically_relative(dir).generic_string();
  });
  return out;
}

std::string results_csv(const std::vector<ResultRow>& rows) {
  std::string out = csv_line(result_columns());
  for (const auto& r : rows) {
    std::vector<std::string> f = {r.image, r.cls, r.ok ? "ok" : "error", r.error};
    for (const auto& c : numeric_columns()) f.push_back(r.ok ? format_number(c.value(r), c.decimals) : "");
    out += csv_line(f);
  }
  return out;
}

std::vector<ClassSummary> summarise(const std::vector<ResultRow>& rows) {
  std::map<std::string, std::vector<const ResultRow*>> by_class;
  std::vector<const ResultRow*> all;
  for (const auto& r : rows) {
    by_class[r.cls].push_back(&r);
    all.push_back(&r);
  }
  auto one = [](const std::string& name, const std::vector<const ResultRow*>& group) {
    ClassSummary s;
    s.cls = name;
    s.count = group.size();
    for (auto* r : group) s.failed += r->ok ? 0 : 1;
    for (const auto& c : numeric_columns()) {
      double sum = 0;
      std::size_t n = 0;
      for (auto* r : group) {
        if (!r->ok) continue;
        if (auto v = c.value(*r); v && !std::isnan(*v)) {
          sum += *v;
          ++n;
        }
      }
      s.means.push_back(n ? std::optional<double>(sum / static_cast<double>(n)) : std::nullopt);
    }
    return s;
  };
  std::vector<ClassSummary> out;
  for (const auto& [cls, group] : by_class) out.push_back(one(cls, group));
  out.push_back(one("ALL", all));
  return out;
}

std::string summary_csv(const std::vector<ResultRow>& rows) {
  std::vector<std::string> header = {"class", "count", "failed"};
  for (const auto& c : numeric_columns()) header.emplace_back(c.name);
  std::string out = csv_line(header);
  for (const auto& s : summarise(rows)) {
    std::vector<std::string> f = {s.cls, std::to_string(s.count), std::to_string(s.failed)};
    for (std::size_t i = 0; i < s.means.size(); ++i)
      f.push_back(format_number(s.means[i], numeric_columns()[i].decimals + 2));
    out += csv_line(f);
  }
  return out;
}

std::string summary_markdown(const std::vector<ResultRow>& rows) {
  // The paper's Table 2 shape, with both ratios and the ROI/background split.
  struct Col {
    const char* title;
    const char* column;
    int decimals;
    double scale;
  };
  static const Col cols[] = {{"file KB", "file_bytes", 1, 1.0 / 1024},
                             {"LL KB", "ll_bits", 2, 1.0 / 8192},
                             {"cr_seed", "cr_seed", 2, 1},
                             {"cr_file", "cr_file", 2, 1},
                             {"PSNR dB", "psnr", 2, 1},
                             {"SSIM", "ssim", 3, 1},
                             {"MSE", "mse", 1, 1},
                             {"PSNR ROI", "psnr_roi", 2, 1},
                             {"PSNR bg", "psnr_bg", 2, 1},
                             {"ROI %", "roi_fraction", 1, 100},
                             {"exact ROI %", "roi_exact", 0, 100},
                             {"enc ms", "encode_ms", 1, 1},
                             {"dec ms", "decode_ms", 1, 1}};
  const auto& nc = numeric_columns();
  auto index_of = [&](const char* name) {
    for (std::size_t i = 0; i < nc.size(); ++i)
      if (std::string(nc[i].name) == name) return i;
    return nc.size();
  };
  std::string out = "| class | n | failed |";
  std::string rule = "|---|---:|---:|";
  for (const auto& c : cols) {
    out += std::string(" ") + c.title + " |";
    rule += "---:|";
  }
  out += "\n" + rule + "\n";
  for (const auto& s : summarise(rows)) {
    const bool all = s.cls == "ALL";
    out += "| ";
    out += all ? "**ALL**" : s.cls;
    out += " | " + std::to_string(s.count) + " | " + std::to_string(s.failed) + " |";
    for (const auto& c : cols) {
      const auto& m = s.means[index_of(c.column)];
      out += ' ';
      out += m ? format_number(*m * c.scale, c.decimals) : std::string("–");
      out += " |";
    }
    out += "\n";
  }
  return out;
}

BatchOutcome run_batch(const BatchOptions& opt, std::ostream& log) {
  std::error_code ec;
  if (!fs::is_directory(opt.input, ec)) throw InputError(opt.input.string() + ": not a directory");
  if (fs::exists(opt.output, ec) && fs::equivalent(opt.input, opt.output, ec))
    throw InputError("the output folder must differ from the input folder");
  fs::create_directories(opt.output, ec);
  if (ec) throw InputError(opt.output.string() + ": cannot create (" + ec.message() + ")");

  const auto files = find_images(opt.input, opt.output);
  if (files.empty()) throw InputError(opt.input.string() + ": no image files found");

  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const unsigned jobs = std::min<unsigned>(opt.jobs > 0 ? static_cast<unsigned>(opt.jobs) : hw,
                                           static_cast<unsigned>(files.size()));
  log << "batch: " << files.size() << " images from " << opt.input.string() << ", " << jobs
      << (jobs == 1 ? " job" : " jobs") << "\n";

  std::vector<ResultRow> rows(files.size());
  std::atomic<std::size_t> next{0}, done{0};
  std::mutex log_mutex;
  const auto t0 = Clock::now();
  auto worker = [&] {
    for (std::size_t i; (i = next++) < files.size();) {
      const std::string rel = files[i].lexically_relative(opt.input).generic_string();
      std::optional<fs::path> smz;
      if (opt.write_smz) smz = opt.output / "smz" / (rel + ".smz");
      rows[i] = process_image(files[i], rel, opt.settings, smz);
      const std::size_t n = ++done;
      std::lock_guard lock(log_mutex);
      if (!rows[i].ok) log << "  error: " << rel << ": " << rows[i].error << "\n";
      if (n % 25 == 0 || n == files.size())
        log << "  " << n << "/" << files.size() << " images, "
            << format_number(ms_since(t0) / 1000.0, 1) << " s\n";
    }
  };
  std::vector<std::thread> pool;
  for (unsigned j = 1; j < jobs; ++j) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();

  const std::string results = results_csv(rows);
  const std::string summary = summary_csv(rows);
  auto as_bytes = [](const std::string& s) {
    return std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
  };
  write_file_atomic(opt.output / "results.csv", as_bytes(results));
  write_file_atomic(opt.output / "summary.csv", as_bytes(summary));
  write_file_atomic(opt.output / "summary.md", as_bytes(summary_markdown(rows)));

  BatchOutcome outcome;
  outcome.total = rows.size();
  for (const auto& r : rows) outcome.failed += r.ok ? 0 : 1;
  return outcome;
}

}  // namespace smearpress
