// tables.cpp - the bench's codec and --rd tables, and their Markdown and HTML renderings.
#include "bench/tables.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "reporting/report.hpp"
#include "reporting/table.hpp"

namespace smearpress::bench {

namespace {

std::string ratio_text(double a, double b, int decimals = 2) {
  return b > 0 && std::isfinite(a) ? format_number(a / b, decimals) : "";
}

std::string psnr_text(const std::optional<double>& v) { return v ? format_number(*v, 2) : "–"; }

}  // namespace

const CodecTotals* find_codec(const BenchResult& r, const std::string& name) {
  for (const auto& c : r.codecs)
    if (c.name == name) return &c;
  return nullptr;
}

std::string megapixels_text(double mp) { return format_number(mp, 3); }

Table codec_table(const BenchResult& r) {
  Table t;
  t.header = {"codec",       "bytes",          "KB/image",    "bits/pixel", "size vs source",
              "size vs JXL", "size vs PNG",    "encode MP/s", "vs PNG",     "decode MP/s",
              "vs PNG",      "PSNR",           "PSNR ROI",    "PSNR bg"};
  const CodecTotals* jxl = find_codec(r, kReference);
  const CodecTotals* png = find_codec(r, kSpeedReference);
  const double pixels = r.megapixels * 1e6;
  const std::string na = "n/a";  // an encode that is no work (the source file as it is)
  for (const auto& c : r.codecs) {
    const double bytes = static_cast<double>(c.bytes);
    const std::string vs_source = ratio_text(bytes, static_cast<double>(r.source_bytes), 3);
    t.rows.push_back(
        {c.name, std::to_string(c.bytes),
         format_number(r.images ? bytes / 1024.0 / static_cast<double>(r.images) : 0.0, 1),
         format_number(pixels > 0 ? 8 * bytes / pixels : 0.0, 3),
         vs_source.empty() ? "" : vs_source + "x",
         jxl ? ratio_text(bytes, static_cast<double>(jxl->bytes), 3) : "",
         png ? ratio_text(bytes, static_cast<double>(png->bytes), 3) : "",
         c.timed_encode ? format_number(c.encode_mps, 2) : na,
         !c.timed_encode ? na : png ? ratio_text(c.encode_mps, png->encode_mps) : "",
         format_number(c.decode_mps, 2), png ? ratio_text(c.decode_mps, png->decode_mps) : "",
         psnr_text(c.psnr), psnr_text(c.psnr_roi), psnr_text(c.psnr_bg)});
  }
  return t;
}

std::optional<double> roi_vs_source_blocks(const CodecTotals& c) {
  if (c.roi_dct_images == 0 || c.roi_source_bytes == 0) return std::nullopt;
  return static_cast<double>(c.roi_dct_bytes) / static_cast<double>(c.roi_source_bytes);
}

std::vector<std::string> codec_notes(const BenchResult& r) {
  std::vector<std::string> notes;
  const std::string of_images = " of " + std::to_string(r.images) + " images";
  for (const auto& c : r.codecs) {
    if (c.source_rebuilt)
      notes.push_back(c.name + " rebuilds the source file byte for byte on " +
                      std::to_string(*c.source_rebuilt) + of_images + " (checked, untimed).");
    if (c.roi_dct_images > 0)
      notes.push_back(c.name + " kept the ROI as the JPEG's own DCT coefficients on " +
                      std::to_string(c.roi_dct_images) + of_images +
                      "; there its ROI section is " +
                      format_number(roi_vs_source_blocks(c), 3) +
                      "x the bytes the source files' entropy coding spends on the same blocks.");
  }
  return notes;
}

Table rd_table(const BenchResult& r) {
  Table t;
  t.header = {"codec", "parameter", "bytes", "KB/image", "bits/pixel", "PSNR bg", "PSNR"};
  const double pixels = r.megapixels * 1e6;
  for (const auto& p : r.rd) {
    const double bytes = static_cast<double>(p.bytes);
    t.rows.push_back(
        {p.codec, format_number(p.parameter, p.parameter == std::floor(p.parameter) ? 0 : 1),
         std::to_string(p.bytes),
         format_number(r.images ? bytes / 1024.0 / static_cast<double>(r.images) : 0.0, 1),
         format_number(pixels > 0 ? 8 * bytes / pixels : 0.0, 3), psnr_text(p.psnr_bg),
         psnr_text(p.psnr)});
  }
  return t;
}

// Markdown with padded columns: the first left-aligned, the others right-aligned.
std::string markdown(const Table& t) {
  std::vector<std::size_t> width(t.header.size(), 3);
  auto cell_width = [](const std::string& s) {
    std::size_t n = 0;  // UTF-8 code points, so "–" counts once
    for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
    return n;
  };
  for (std::size_t i = 0; i < t.header.size(); ++i) {
    width[i] = std::max(width[i], cell_width(t.header[i]));
    for (const auto& row : t.rows) width[i] = std::max(width[i], cell_width(row[i]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out = "|";
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::string pad(width[i] - cell_width(cells[i]), ' ');
      out += " " + (i == 0 ? cells[i] + pad : pad + cells[i]) + " |";
    }
    return out + "\n";
  };
  std::string out = line(t.header) + "|";
  for (std::size_t i = 0; i < width.size(); ++i)
    out += (i == 0 ? ":" + std::string(width[i] + 1, '-') : std::string(width[i] + 1, '-') + ":") +
           "|";
  out += "\n";
  for (const auto& row : t.rows) out += line(row);
  return out;
}

std::string html_table(const Table& t) {
  std::string out = "<table>\n<thead><tr>";
  for (const auto& h : t.header) out += "<th>" + html_escape(h) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : t.rows) {
    out += row[0] == "smearpress" ? "<tr class=\"ours\">" : "<tr>";
    for (const auto& c : row) out += "<td>" + html_escape(c) + "</td>";
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

}  // namespace smearpress::bench
