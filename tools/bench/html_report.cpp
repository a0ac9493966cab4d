// html_report.cpp - `smearpress bench --report DIR`: DIR/bench.html and the gnuplot plots in
// DIR/plots (size against speed, and with --rd size against background PSNR).
#include "bench/bench.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bench/tables.hpp"
#include "io/files.hpp"
#include "reporting/report.hpp"
#include "reporting/table.hpp"

namespace smearpress {

namespace fs = std::filesystem;

namespace {

std::span<const std::uint8_t> as_bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Writes DIR/plots/NAME.{dat,gp}, runs gnuplot and moves the SVG into place. Returns the SVG's
// path relative to DIR, or nullopt with `why` set.
std::optional<std::string> draw(const fs::path& dir, const std::string& name,
                                const std::string& data, const std::string& body,
                                std::string& why) {
  const fs::path plots = dir / "plots";
  const fs::path dat = plots / (name + ".dat"), gp = plots / (name + ".gp");
  const fs::path svg = plots / (name + ".svg"), tmp = plots / (name + ".svg.tmp");
  write_file_atomic(dat, as_bytes(data));
  const std::string script =
      "set terminal svg size 860,540 dynamic enhanced font 'sans,12' background '#ffffff'\n"
      "set output '" +
      gnuplot_quote(tmp.string()) +
      "'\n"
      "datafile = '" +
      gnuplot_quote(dat.string()) +
      "'\n"
      "set grid lc rgb '#dddddd'\nset key outside right top noenhanced\n" +
      body + "unset output\n";
  write_file_atomic(gp, as_bytes(script));
  why = run_gnuplot(gp);
  std::error_code ec;
  if (!why.empty()) {
    fs::remove(tmp, ec);
    return std::nullopt;
  }
  fs::rename(tmp, svg, ec);
  if (ec) {
    why = "cannot rename " + tmp.string() + ": " + ec.message();
    return std::nullopt;
  }
  return "plots/" + name + ".svg";
}

// Bits per pixel (x) against encode and decode speed (y, log), one labelled pair per codec; a
// codec without a timed encode (source-file) has its decode point only (NaN: no encode point).
std::optional<std::string> speed_plot(const fs::path& dir, const BenchResult& r, std::string& why) {
  const double pixels = r.megapixels * 1e6;
  std::string data = "# codec bits_per_pixel encode_mps decode_mps\n";
  double lo = 0, hi = 0;
  for (const auto& c : r.codecs) {
    if ((c.timed_encode && c.encode_mps <= 0) || c.decode_mps <= 0) continue;
    const double enc = c.timed_encode ? c.encode_mps : c.decode_mps;  // for the range only
    data += "\"" + c.name + "\" " + format_number(8 * static_cast<double>(c.bytes) / pixels, 4) +
            " " + (c.timed_encode ? format_number(c.encode_mps, 4) : "NaN") + " " +
            format_number(c.decode_mps, 4) + "\n";
    const double a = std::min(enc, c.decode_mps), b = std::max(enc, c.decode_mps);
    lo = lo > 0 ? std::min(lo, a) : a;
    hi = std::max(hi, b);
  }
  if (hi <= 0) {
    why = "no codec with a measured speed";
    return std::nullopt;
  }
  const std::string body =
      "set title 'Size against speed: one thread, the same pixels (" + std::to_string(r.images) +
      " images)' noenhanced\n"
      "set xlabel 'bits per pixel (smaller is better)'\nset ylabel 'megapixels per second (log "
      "scale)'\n"
      "set logscale y\nset xrange [0:*]\nset yrange [" +
      format_number(lo / 2.5, 6) + ":" + format_number(hi * 2.5, 3) +
      "]\nset offsets 0, graph 0.15, 0, 0\n"
      "plot datafile using 2:3:(0):($4-$3) with vectors nohead lc rgb '#bbbbbb' notitle, \\\n"
      "     datafile using 2:3 with points pt 7 ps 1.2 lc rgb '#d95f02' title 'encode', \\\n"
      "     datafile using 2:4 with points pt 9 ps 1.3 lc rgb '#1b9e77' title 'decode', \\\n"
      "     datafile using 2:4:(stringcolumn(1)) with labels left offset 1,0.6 noenhanced "
      "notitle\n";
  return draw(dir, "speed_size", data, body, why);
}

// Size (x, log) against background PSNR (y), one series per codec, the lossless JPEG XL size as
// a vertical line.
std::optional<std::string> rd_plot(const fs::path& dir, const BenchResult& r, std::string& why) {
  std::map<std::string, std::vector<const RdPoint*>> series;
  std::vector<std::string> order;
  for (const auto& p : r.rd) {
    if (!p.psnr_bg || !std::isfinite(*p.psnr_bg)) continue;
    if (!series.count(p.codec)) order.push_back(p.codec);
    series[p.codec].push_back(&p);
  }
  if (series.empty()) {
    why = "no point with a finite background PSNR";
    return std::nullopt;
  }
  const double n = static_cast<double>(std::max<std::size_t>(1, r.images));
  const char* colours[] = {"#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e"};
  std::string data, plot = "plot ";
  double x_lo = 0, x_hi = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    data += "# " + order[i] + ": parameter KB_per_image psnr_bg\n";
    for (const RdPoint* p : series[order[i]]) {
      const double kb = static_cast<double>(p->bytes) / 1024.0 / n;
      x_lo = x_lo > 0 ? std::min(x_lo, kb) : kb;
      x_hi = std::max(x_hi, kb);
      data += format_number(p->parameter, 1) + " " + format_number(kb, 4) + " " +
              format_number(*p->psnr_bg, 4) + "\n";
    }
    data += "\n\n";
    const std::string title = order[i] == "smearpress" ? "smearpress (codec.quant_step)"
                              : order[i] == "jpeg"     ? "JPEG (quality)"
                              : order[i] == "jp2"      ? "JPEG 2000 9/7 (ratio)"
                                                       : order[i];
    plot += std::string(i ? ", \\\n     " : "") + "datafile index " + std::to_string(i) +
            " using 2:3 with linespoints pt 7 ps 0.8 lw 1.5 lc rgb '" + colours[i % 5] +
            "' title '" + gnuplot_quote(title) + "', datafile index " + std::to_string(i) +
            " using 2:3:(sprintf('%g', $1)) with labels offset 0.6,0.6 font ',9' tc rgb '" +
            colours[i % 5] + "' notitle";
  }
  std::string extra;
  if (const CodecTotals* jxl = bench::find_codec(r, bench::kReference); jxl && jxl->bytes > 0) {
    const double kb = static_cast<double>(jxl->bytes) / 1024.0 / n;
    x_hi = std::max(x_hi, kb);
    const std::string x = format_number(kb, 3);
    extra = "set arrow from " + x + ", graph 0 to " + x +
            ", graph 1 nohead dt 2 lc rgb '#888888'\n"
            "set label 'JPEG XL lossless' at " +
            x + ", graph 0.04 right offset -0.5,0 tc rgb '#666666'\n";
  }
  const std::string body =
      "set title 'Size against background quality (pixels of blend weight 0)'\n"
      "set xlabel 'KB per image (log scale)'\nset ylabel 'background PSNR (dB)'\nset logscale x\n"
      "set xrange [" +
      format_number(x_lo / 1.5, 6) + ":" + format_number(x_hi * 1.5, 3) + "]\n" + extra + plot +
      "\n";
  return draw(dir, "rd_background", data, body, why);
}

// On top of report_base_style().
const char* kStyle = R"(
tr.ours td { font-weight: bold; background: #fdf6ec; }
img.plot { max-width: 100%; border: 1px solid #ddd; margin: 0.5em 0; }
)";

}  // namespace

void write_bench_report(const fs::path& dir, const BenchResult& r) {
  std::error_code ec;
  fs::create_directories(dir / "plots", ec);
  if (ec) throw InputError(dir.string() + ": cannot create (" + ec.message() + ")");
  std::vector<std::string> plots, missing;
  std::string why;
  if (auto p = speed_plot(dir, r, why))
    plots.push_back(*p);
  else
    missing.push_back("size against speed: " + why);
  std::optional<std::string> rd_svg;
  if (!r.rd.empty()) {
    if ((rd_svg = rd_plot(dir, r, why)))
      plots.push_back(*rd_svg);
    else
      missing.push_back("size against background PSNR: " + why);
  }
  const auto& run = r.run;
  const std::string title = "smearpress bench: " + run.value("input", std::string("?"));
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
      html_escape(title) + "</title>\n<style>" + report_base_style() + kStyle +
      "</style>\n</head>\n<body>\n<h1>" + html_escape(title) + "</h1>\n";
  const auto machine = run.value("machine", nlohmann::ordered_json::object());
  const auto config_file = run.value("config_file", nlohmann::ordered_json(nullptr));
  html += "<p class=\"note\">" + std::to_string(r.images) + " images, " +
          bench::megapixels_text(r.megapixels) + " megapixels; config " +
          html_escape(config_file.is_string() ? config_file.get<std::string>()
                                              : "(built-in defaults)") +
          "; " + html_escape(machine.value("cpu", std::string("?"))) + ", " +
          std::to_string(machine.value("nproc", 0)) + " CPUs; " +
          html_escape(run.value("date", std::string("?"))) + "; smearpress " +
          html_escape(run.value("smearpress_version", std::string("?"))) + ".</p>\n";
  html += "<h2>Codecs</h2>\n" + bench::html_table(bench::codec_table(r));
  for (const auto& n : bench::codec_notes(r)) html += "<p class=\"note\">" + html_escape(n) + "</p>\n";
  html +=
      "<p class=\"note\">Every codec encodes and decodes the same decoded pixels in one process on "
      "one "
      "thread; an image's time is the median of " +
      std::to_string(r.repeats) + (r.repeats == 1 ? " run" : " runs") +
      ", and MP/s is the total megapixels over the sum of those medians. Sizes relative to the "
      "input files, to JPEG XL lossless (effort 7) and to PNG (OpenCV's default settings); speeds "
      "relative to PNG. source-file and jxl-jpeg-transcode (listed only when every image is a "
      "JPEG) start from the file itself; source-file has nothing to encode (n/a). PSNR (dB) "
      "pools "
      "the squared errors of all images; ROI: the pixels smearpress stores exactly (blend weight "
      "1), bg: "
      "pure background (weight 0); inf: identical pixels. Lossless peers are checked to decode "
      "bit-exactly. KB = 1024 bytes.</p>\n";
  html += "<h2>Plots</h2>\n";
  for (const auto& p : plots)
    html +=
        "<p><img class=\"plot\" src=\"" + url_path(p) + "\" alt=\"" + html_escape(p) + "\"></p>\n";
  for (const auto& m : missing)
    html += "<p class=\"note\">Plot missing: " + html_escape(m) + ".</p>\n";
  if (!r.rd.empty())
    html += "<h2>Size against background quality</h2>\n" + bench::html_table(bench::rd_table(r)) +
            "<p class=\"note\">Background PSNR over the pixels of blend weight 0 in smearpress's "
            "reconstruction "
            "with the run's config. smearpress's bytes include its exact ROI pixels; JPEG's and "
            "JPEG 2000's "
            "code the whole image at one quality. Parameters: smearpress codec.quant_step, JPEG "
            "quality, JPEG "
            "2000 (irreversible 9/7) compression ratio.</p>\n";
  html += "<h2>Run</h2>\n<pre>" + html_escape(dump_json(run)) + "</pre>\n</body>\n</html>\n";
  write_file_atomic(dir / "bench.html", as_bytes(html));
}

}  // namespace smearpress
