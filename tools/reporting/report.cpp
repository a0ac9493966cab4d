#include "reporting/report.hpp"

#include "io/image_io.hpp"
#include "reporting/table.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

extern char** environ;

namespace smearpress {

namespace fs = std::filesystem;

namespace {

std::span<const std::uint8_t> as_bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

const char* kPalette[] = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e",
                          "#e6ab02", "#a6761d", "#666666", "#1f78b4", "#b2df8a"};

std::string svg_terminal() {
  return "set terminal svg size 820,520 dynamic enhanced font 'sans,12' background '#ffffff'\n"
         "set grid lc rgb '#dddddd'\nset key outside right top\n";
}

// Writes data + script into plots/, runs gnuplot, renames the SVG into place.
// Returns the relative SVG path on success, or nullopt with `why` set.
std::optional<std::string> plot(const fs::path& output, const std::string& name, const std::string& data,
                                const std::string& body, std::string& why) {
  const fs::path dir = output / "plots";
  fs::create_directories(dir);
  write_file_atomic(dir / (name + ".dat"), as_bytes(data));
  const fs::path svg = dir / (name + ".svg");
  const fs::path tmp = dir / (name + ".svg.tmp");
  std::string script = svg_terminal();
  script += "set output '" + gnuplot_quote(tmp.string()) + "'\n";
  script += "datafile = '" + gnuplot_quote((dir / (name + ".dat")).string()) + "'\n";
  script += body;
  script += "unset output\n";
  write_file_atomic(dir / (name + ".gp"), as_bytes(script));
  why = run_gnuplot(dir / (name + ".gp"));
  if (!why.empty()) {
    std::error_code ec;
    fs::remove(tmp, ec);
    return std::nullopt;
  }
  fs::rename(tmp, svg);
  return "plots/" + name + ".svg";
}

// File size against PSNR, one series per class.
std::optional<std::string> size_psnr_plot(const fs::path& output, const std::vector<Record>& records, std::string& why) {
  const std::size_t cls = column_index("class"), status = column_index("status"),
                    bytes = column_index("file_bytes"), psnr = column_index("psnr");
  std::map<std::string, std::vector<std::pair<double, double>>> series;
  for (const auto& r : records) {
    if (r[status] != "ok") continue;
    const auto b = cell_value(r[bytes]), p = cell_value(r[psnr]);
    if (b && p && std::isfinite(*p)) series[r[cls]].emplace_back(*b / 1024.0, *p);
  }
  if (series.empty()) {
    why = "no image with a finite PSNR";
    return std::nullopt;
  }
  std::string data, plot_cmd = "plot ";
  std::size_t i = 0;
  for (const auto& [name, pts] : series) {
    data += "# " + name + "\n";
    for (const auto& [x, y] : pts) data += format_number(x, 3) + " " + format_number(y, 4) + "\n";
    data += "\n\n";
    plot_cmd += std::string(i ? ", " : "") + "datafile index " + std::to_string(i) +
                " using 1:2 with points pt 7 ps 0.6 lc rgb '" + kPalette[i % 10] + "' title '" +
                gnuplot_quote(name) + "'";
    ++i;
  }
  const std::string body =
      "set title 'File size against PSNR, per image'\nset xlabel '.smz file size (KB)'\n"
      "set ylabel 'PSNR (dB)'\n" + plot_cmd + "\n";
  return plot(output, "size_psnr", data, body, why);
}

// For sweeps: compression ratios against PSNR, one point per combination (ALL means).
std::optional<std::string> sweep_plot(const fs::path& output, const std::vector<SweepResult>& sweep, std::string& why) {
  const std::size_t crf = column_index("cr_file") - kTextColumns, crs = column_index("cr_seed") - kTextColumns,
                    psnr = column_index("psnr") - kTextColumns;
  std::string data;
  for (std::size_t i = 0; i < sweep.size(); ++i) {
    const auto& all = sweep[i].groups.back();
    if (!all.means[crf] || !all.means[psnr]) continue;
    data += std::to_string(i + 1) + " " + format_number(*all.means[psnr], 4) + " " +
            format_number(*all.means[crf], 4) + " " + format_number(all.means[crs].value_or(NAN), 4) + "\n";
  }
  if (data.empty()) {
    why = "no combination with results";
    return std::nullopt;
  }
  const std::string body =
      "set title 'Compression ratio against PSNR, per combination (means over all images)'\n"
      "set xlabel 'PSNR (dB)'\nset ylabel 'compression ratio'\n"
      "plot datafile using 2:3 with points pt 7 ps 1 lc rgb '#d95f02' title 'cr\\_file (whole .smz)', "
      "datafile using 2:3:1 with labels offset 0.8,0.8 notitle, "
      "datafile using 2:4 with points pt 5 ps 0.9 lc rgb '#7570b3' title 'cr\\_seed (LL bits only)', "
      "datafile using 2:4:1 with labels offset 0.8,-0.8 notitle\n";
  return plot(output, "sweep_cr_psnr", data, body, why);
}

std::string table_html(const TableView& t) {
  std::string out = "<table>\n<thead><tr>";
  for (const auto& h : t.header) out += "<th>" + html_escape(h) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : t.rows) {
    const bool all = !row.empty() && row[0] == "ALL";
    out += all ? "<tr class=\"all\">" : "<tr>";
    for (const auto& c : row) out += "<td>" + html_escape(c) + "</td>";
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

// On top of report_base_style().
const char* kStyle = R"(
table.sweep td:nth-child(2), table.sweep th:nth-child(2) { text-align: left; }
tr.all td { font-weight: bold; background: #fafafa; }
.plots img { max-width: 100%; border: 1px solid #ddd; margin: 0.5em 0; }
.thumbs { display: flex; flex-wrap: wrap; gap: 12px; }
.thumbs figure { margin: 0; width: 480px; } .thumbs img { width: 100%; border: 1px solid #ccc; }
.thumbs figcaption { font-size: 0.8em; color: #555; }
)";

// After load, counts images that failed to load; headless tests read data-broken-images.
const char* kScript = R"(
window.addEventListener('load', function () {
  var broken = 0, imgs = document.images;
  for (var i = 0; i < imgs.length; i++) if (!imgs[i].complete || imgs[i].naturalWidth === 0) broken++;
  document.body.setAttribute('data-broken-images', String(broken));
  document.body.setAttribute('data-images', String(imgs.length));
});
)";

}  // namespace

const char* report_base_style() {
  return R"(
body { font-family: sans-serif; margin: 2em auto; max-width: 1200px; color: #222; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }
th, td { border: 1px solid #ccc; padding: 3px 7px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #f0f0f0; }
.note { color: #666; font-size: 0.9em; } pre { background: #f6f6f6; padding: 0.7em; font-size: 0.8em; overflow: auto; }
)";
}

std::string gnuplot_quote(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out;
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string url_path(const std::string& path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string run_gnuplot(const fs::path& script) {
  const fs::path log = script.parent_path() / "gnuplot.log";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::string prog = "gnuplot", arg = script.string();
  char* argv[] = {prog.data(), arg.data(), nullptr};
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, "gnuplot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return "gnuplot not found (install the Debian package gnuplot-nox)";
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return "gnuplot failed on " + script.filename().string() + " (see plots/gnuplot.log)";
  return {};
}

void write_report(const fs::path& output, const ReportInput& in) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                     html_escape(in.title) + "</title>\n<style>" + report_base_style() + kStyle + "</style>\n<script>" + kScript +
                     "</script>\n</head>\n<body>\n<h1>" + html_escape(in.title) + "</h1>\n";
  const auto& ri = in.run_info;
  html += "<p class=\"note\">smearpress " + html_escape(ri.value("smearpress_version", "?")) + ", input " +
          html_escape(ri.value("input", "?")) + ", finished " + html_escape(ri.value("finished", "?")) + ".</p>\n";

  std::vector<std::string> plot_errors;
  std::vector<std::string> plots;
  std::string why;
  if (in.groups) {
    html += "<h2>Per class</h2>\n<p class=\"note\">Means over the images that succeeded. cr_seed counts only the "
            "Huffman bits of the LL bands (the paper's accounting); cr_file is raw bytes over the whole "
            ".smz file. PSNR ROI is over the exact (weight 1) pixels, PSNR bg over pure background; "
            "inf means identical.</p>\n" + table_html(summary_table(*in.groups));
  }
  if (in.records) {
    if (auto p = size_psnr_plot(output, *in.records, why)) plots.push_back(*p);
    else plot_errors.push_back("file size against PSNR: " + why);
  }
  if (!in.sweep.empty()) {
    html += "<h2>Sweep</h2>\n<table class=\"sweep\">\n<thead><tr><th>#</th><th>combination</th>";
    const TableView head = summary_table({in.sweep.front().groups.back()});
    for (std::size_t i = 1; i < head.header.size(); ++i) html += "<th>" + html_escape(head.header[i]) + "</th>";
    html += "</tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < in.sweep.size(); ++i) {
      const TableView t = summary_table({in.sweep[i].groups.back()});
      html += "<tr><td>" + std::to_string(i + 1) + "</td><td>" + html_escape(in.sweep[i].label) + "</td>";
      for (std::size_t c = 1; c < t.rows[0].size(); ++c) html += "<td>" + html_escape(t.rows[0][c]) + "</td>";
      html += "</tr>\n";
    }
    html += "</tbody>\n</table>\n<p class=\"note\">Means over all images of each combination; per class in "
            "sweep_summary.csv. The numbers in the plot are the rows' #.</p>\n";
    if (auto p = sweep_plot(output, in.sweep, why)) plots.push_back(*p);
    else plot_errors.push_back("compression ratio against PSNR: " + why);
  }
  if (!plots.empty() || !plot_errors.empty()) {
    html += "<h2>Plots</h2>\n<div class=\"plots\">\n";
    for (const auto& p : plots) html += "<img src=\"" + url_path(p) + "\" alt=\"" + html_escape(p) + "\">\n";
    for (const auto& e : plot_errors) html += "<p class=\"note\">Plot missing: " + html_escape(e) + ".</p>\n";
    html += "</div>\n";
  }
  if (in.records) {
    std::string failed;
    for (const auto& r : *in.records)
      if (r[column_index("status")] != "ok")
        failed += "<tr><td>" + html_escape(r[0]) + "</td><td>" + html_escape(r[column_index("error")]) + "</td></tr>\n";
    if (!failed.empty())
      html += "<h2>Failed files</h2>\n<table>\n<thead><tr><th>image</th><th>error</th></tr></thead>\n<tbody>\n" +
              failed + "</tbody>\n</table>\n";
  }
  if (!in.panels.empty()) {
    html += "<h2>Comparison panels, worst PSNR first</h2>\n<p class=\"note\">original | ROI (yellow outline: "
            "stored exact pixels; green: blend weight) | decoded | absolute difference (0 to 64 grey levels). "
            "Click a thumbnail for the full-size panel.</p>\n<div class=\"thumbs\">\n";
    for (const auto& p : in.panels)
      html += "<figure><a href=\"" + url_path(p.panel) + "\"><img src=\"" + url_path(p.thumbnail) +
              "\" alt=\"" + html_escape(p.image) + "\" loading=\"lazy\"></a><figcaption>" + html_escape(p.image) +
              ", PSNR " + format_number(p.psnr, 2) + " dB</figcaption></figure>\n";
    html += "</div>\n";
  }
  html += "<h2>Run</h2>\n<pre>" + html_escape(ri.dump(2)) + "</pre>\n";
  html += "<p class=\"note\">Files: results.csv (one row per image), summary.csv, summary.md";
  if (!in.sweep.empty()) html += ", sweep.csv, sweep_summary.csv";
  html += ", run.json.</p>\n</body>\n</html>\n";
  write_file_atomic(output / "report.html", as_bytes(html));
}

}  // namespace smearpress
