#include "reporting/results.hpp"

#include "io/image_io.hpp"
#include "reporting/table.hpp"

#include <cmath>
#include <fstream>
#include <map>
#include <stdexcept>

namespace smearpress {
namespace {

// One numeric column: its name, decimals in results.csv, and how to read it from a row.
struct NumericColumn {
  const char* name;
  int decimals;
  std::function<std::optional<double>(const ResultRow&)> value;
};

double raw_bytes(const ResultRow& r) { return static_cast<double>(r.width) * r.height * r.channels; }

template <class T>
std::optional<double> num(T v) {
  return static_cast<double>(v);
}

const std::vector<NumericColumn>& numeric_columns() {
  static const std::vector<NumericColumn> cols = {
      {"width", 0, [](const ResultRow& r) { return num(r.width); }},
      {"height", 0, [](const ResultRow& r) { return num(r.height); }},
      {"channels", 0, [](const ResultRow& r) { return num(r.channels); }},
      {"raw_bytes", 0, [](const ResultRow& r) { return num(raw_bytes(r)); }},
      {"source_bytes", 0, [](const ResultRow& r) { return num(r.source_bytes); }},
      {"file_bytes", 0, [](const ResultRow& r) { return num(r.stats.file_bytes); }},
      {"cr_source", 4,
       [](const ResultRow& r) {
         return num(static_cast<double>(r.source_bytes) / static_cast<double>(r.stats.file_bytes));
       }},
      {"mask_bytes", 0, [](const ResultRow& r) { return num(r.stats.mask_bytes); }},
      {"roi_bytes", 0, [](const ResultRow& r) { return num(r.stats.roi_bytes); }},
      {"roi_source_bytes", 0,
       [](const ResultRow& r) {
         return r.roi_domain == "dct" ? num(r.stats.roi_source_bytes) : std::optional<double>();
       }},
      {"bg_bytes", 0, [](const ResultRow& r) { return num(r.stats.background_bytes); }},
      {"ll_bits", 0, [](const ResultRow& r) { return num(r.stats.ll_bits); }},
      {"cr_seed", 4,
       [](const ResultRow& r) { return num(raw_bytes(r) * 8 / static_cast<double>(r.stats.ll_bits)); }},
      {"cr_file", 4,
       [](const ResultRow& r) { return num(raw_bytes(r) / static_cast<double>(r.stats.file_bytes)); }},
      {"mse", 4, [](const ResultRow& r) { return num(r.quality.mse); }},
      {"psnr", 4, [](const ResultRow& r) { return num(r.quality.psnr); }},
      {"ssim", 6, [](const ResultRow& r) { return r.quality.ssim; }},
      {"psnr_roi", 4, [](const ResultRow& r) { return r.quality.psnr_roi; }},
      {"psnr_bg", 4, [](const ResultRow& r) { return r.quality.psnr_bg; }},
      {"roi_fraction", 6, [](const ResultRow& r) { return num(r.quality.roi_fraction); }},
      {"roi_exact", 0, [](const ResultRow& r) { return num(r.quality.roi_exact ? 1 : 0); }},
      {"encode_ms", 3, [](const ResultRow& r) { return num(r.encode_ms); }},
      {"decode_ms", 3, [](const ResultRow& r) { return num(r.decode_ms); }},
  };
  return cols;
}

}  // namespace

const std::vector<std::string>& result_columns() {
  static const std::vector<std::string> cols = [] {
    std::vector<std::string> c = {"image", "class", "status", "error", "roi_domain"};
    for (const auto& n : numeric_columns()) c.emplace_back(n.name);
    return c;
  }();
  return cols;
}

std::size_t column_index(const std::string& name) {
  const auto& cols = result_columns();
  for (std::size_t i = 0; i < cols.size(); ++i)
    if (cols[i] == name) return i;
  throw std::out_of_range("no result column '" + name + "'");
}

Record to_record(const ResultRow& r) {
  // An error message goes into one CSV cell on one line.
  std::string error = r.error;
  for (auto& c : error)
    if (c == '\n' || c == '\r') c = ' ';
  Record rec = {r.image, r.cls, r.ok ? "ok" : "error", error, r.ok ? r.roi_domain : ""};
  for (const auto& c : numeric_columns()) rec.push_back(r.ok ? format_number(c.value(r), c.decimals) : "");
  return rec;
}

std::optional<double> cell_value(const std::string& cell) {
  if (cell.empty()) return std::nullopt;
  if (cell == "inf") return INFINITY;
  if (cell == "-inf") return -INFINITY;
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(cell, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (used != cell.size()) return std::nullopt;
  return v;
}

std::vector<GroupSummary> summarise(const std::vector<Record>& records) {
  const std::size_t status = column_index("status");
  const std::size_t cls = column_index("class");
  const std::size_t ncols = result_columns().size();
  std::map<std::string, std::vector<const Record*>> by_class;
  std::vector<const Record*> all;
  for (const auto& r : records) {
    by_class[r[cls]].push_back(&r);
    all.push_back(&r);
  }
  auto one = [&](const std::string& label, const std::vector<const Record*>& group) {
    GroupSummary s;
    s.label = label;
    s.count = group.size();
    for (auto* r : group) s.failed += (*r)[status] == "ok" ? 0 : 1;
    for (std::size_t c = kTextColumns; c < ncols; ++c) {
      double sum = 0;
      std::size_t n = 0;
      for (auto* r : group) {
        if ((*r)[status] != "ok") continue;
        if (auto v = cell_value((*r)[c])) {
          sum += *v;
          ++n;
        }
      }
      s.means.push_back(n ? std::optional<double>(sum / static_cast<double>(n)) : std::nullopt);
    }
    return s;
  };
  std::vector<GroupSummary> out;
  for (const auto& [name, group] : by_class) out.push_back(one(name, group));
  out.push_back(one("ALL", all));
  return out;
}

std::string csv_text(const std::vector<std::string>& header, const std::vector<Record>& records) {
  std::string out = csv_line(header);
  for (const auto& r : records) out += csv_line(r);
  return out;
}

std::string summary_csv(const std::vector<GroupSummary>& groups) {
  std::vector<std::string> header = {"class", "count", "failed"};
  for (const auto& c : numeric_columns()) header.emplace_back(c.name);
  std::string out = csv_line(header);
  for (const auto& s : groups) {
    std::vector<std::string> f = {s.label, std::to_string(s.count), std::to_string(s.failed)};
    for (std::size_t i = 0; i < s.means.size(); ++i)
      f.push_back(format_number(s.means[i], numeric_columns()[i].decimals + 2));
    out += csv_line(f);
  }
  return out;
}

TableView summary_table(const std::vector<GroupSummary>& groups) {
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
  TableView t;
  t.header = {"class", "n", "failed"};
  for (const auto& c : cols) t.header.emplace_back(c.title);
  for (const auto& s : groups) {
    std::vector<std::string> row = {s.label, std::to_string(s.count), std::to_string(s.failed)};
    for (const auto& c : cols) {
      const auto& m = s.means[column_index(c.column) - kTextColumns];
      row.push_back(m ? format_number(*m * c.scale, c.decimals) : std::string("–"));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string summary_markdown(const std::vector<GroupSummary>& groups) {
  const TableView t = summary_table(groups);
  std::string out = "|";
  std::string rule = "|";
  for (std::size_t i = 0; i < t.header.size(); ++i) {
    out += ' ';
    out += t.header[i];
    out += " |";
    rule += i == 0 ? "---|" : "---:|";
  }
  out += "\n" + rule + "\n";
  for (const auto& row : t.rows) {
    out += "|";
    for (std::size_t i = 0; i < row.size(); ++i) {
      out += ' ';
      out += (i == 0 && row[0] == "ALL") ? std::string("**ALL**") : row[i];
      out += " |";
    }
    out += "\n";
  }
  return out;
}

std::vector<Record> read_results_csv(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path.string() + ": cannot open");
  std::string line;
  if (!std::getline(in, line) || parse_csv_line(line) != result_columns())
    throw InputError(path.string() + ": not a results.csv of this smearpress version (header differs)");
  std::vector<Record> out;
  for (std::size_t n = 2; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    Record r = parse_csv_line(line);
    if (r.size() != result_columns().size())
      throw InputError(path.string() + ":" + std::to_string(n) + ": expected " +
                       std::to_string(result_columns().size()) + " fields, found " +
                       std::to_string(r.size()));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace smearpress
