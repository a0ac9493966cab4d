// output.cpp - the bench's outputs as text: the JSON document (with +-Infinity), the CSV and the
// Markdown table.
#include "bench/bench.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "bench/tables.hpp"
#include "reporting/table.hpp"

namespace smearpress {

namespace {

// Stand-ins for +-infinity inside the JSON tree, replaced by the tokens after dumping.
constexpr const char* kPosInf = "\x01smearpress:+Infinity\x01";
constexpr const char* kNegInf = "\x01smearpress:-Infinity\x01";

}  // namespace

nlohmann::ordered_json json_number(double v) {
  if (std::isnan(v)) return nullptr;
  if (std::isinf(v)) return v > 0 ? kPosInf : kNegInf;
  return v;
}

nlohmann::ordered_json json_number(const std::optional<double>& v) {
  return v ? json_number(*v) : nlohmann::ordered_json(nullptr);
}

std::string dump_json(const nlohmann::ordered_json& doc, int indent) {
  std::string text = doc.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
  // dump() escapes the control characters of the stand-ins; find them as written.
  for (const auto& [stand_in, token] :
       {std::pair<std::string, std::string>{kPosInf, "Infinity"},
        std::pair<std::string, std::string>{kNegInf, "-Infinity"}}) {
    const std::string quoted = nlohmann::ordered_json(stand_in).dump();
    for (std::size_t at = text.find(quoted); at != std::string::npos;
         at = text.find(quoted, at + token.size()))
      text.replace(at, quoted.size(), token);
  }
  return text;
}

namespace {

nlohmann::ordered_json ratio(double a, double b) {
  return b > 0 ? json_number(a / b) : nlohmann::ordered_json(nullptr);
}

// One codec's object of the JSON's "codecs".
nlohmann::ordered_json codec_json(const BenchResult& r, const CodecTotals& c) {
  const CodecTotals* jxl = bench::find_codec(r, bench::kReference);
  const CodecTotals* png = bench::find_codec(r, bench::kSpeedReference);
  nlohmann::ordered_json j;
  j["name"] = c.name;
  j["bytes"] = c.bytes;
  j["encode_mps"] = json_number(c.encode_mps);  // null when the encode is not timed
  j["decode_mps"] = json_number(c.decode_mps);
  j["psnr"] = json_number(c.psnr);
  j["psnr_roi"] = json_number(c.psnr_roi);
  j["psnr_bg"] = json_number(c.psnr_bg);
  j["lossless"] = c.lossless;
  j["bits_per_pixel"] =
      json_number(r.megapixels > 0 ? 8.0 * static_cast<double>(c.bytes) / (r.megapixels * 1e6)
                                   : std::numeric_limits<double>::quiet_NaN());
  j["size_vs_source"] = ratio(static_cast<double>(c.bytes), static_cast<double>(r.source_bytes));
  j["bytes_vs_jxl"] =
      jxl ? ratio(static_cast<double>(c.bytes), static_cast<double>(jxl->bytes)) : nullptr;
  j["bytes_vs_png"] =
      png ? ratio(static_cast<double>(c.bytes), static_cast<double>(png->bytes)) : nullptr;
  j["encode_vs_png"] = png ? ratio(c.encode_mps, png->encode_mps) : nullptr;
  j["decode_vs_png"] = png ? ratio(c.decode_mps, png->decode_mps) : nullptr;
  j["encode_s"] = json_number(c.timed_encode ? c.encode_s : std::numeric_limits<double>::quiet_NaN());
  j["decode_s"] = c.decode_s;
  if (c.source_rebuilt) j["source_rebuilt_images"] = *c.source_rebuilt;
  if (c.name == "smearpress") {  // its ROI against the JPEG sources' own blocks
    j["roi_dct_images"] = c.roi_dct_images;
    j["roi_dct_bytes"] = c.roi_dct_bytes;
    j["roi_source_bytes"] = c.roi_source_bytes;
    j["roi_vs_source_blocks"] = json_number(bench::roi_vs_source_blocks(c));
  }
  return j;
}

}  // namespace

nlohmann::ordered_json bench_json(const BenchResult& r) {
  nlohmann::ordered_json doc;
  doc["images"] = r.images;
  doc["megapixels"] = r.megapixels;
  doc["source_bytes"] = r.source_bytes;
  doc["codecs"] = nlohmann::ordered_json::array();
  for (const auto& c : r.codecs) doc["codecs"].push_back(codec_json(r, c));
  if (!r.rd.empty()) {
    doc["rd"] = nlohmann::ordered_json::array();
    for (const auto& p : r.rd)
      doc["rd"].push_back(
          {{"codec", p.codec},
           {"parameter", p.parameter == std::floor(p.parameter)
                             ? nlohmann::ordered_json(static_cast<std::int64_t>(p.parameter))
                             : nlohmann::ordered_json(p.parameter)},
           {"bytes", p.bytes},
           {"psnr_bg", json_number(p.psnr_bg)},
           {"psnr", json_number(p.psnr)}});
  }
  for (const auto& [key, value] : r.run.items()) doc[key] = value;
  doc["per_image"] = nlohmann::ordered_json::array();
  for (const auto& im : r.per_image) {
    nlohmann::ordered_json codecs = nlohmann::ordered_json::object();
    for (std::size_t k = 0; k < im.codecs.size() && k < r.codecs.size(); ++k)
      codecs[r.codecs[k].name] = {{"bytes", im.codecs[k].bytes},
                                  {"encode_ms", json_number(im.codecs[k].encode_ms)},
                                  {"decode_ms", im.codecs[k].decode_ms},
                                  {"psnr", json_number(im.codecs[k].psnr)}};
    doc["per_image"].push_back({{"image", im.image},
                                {"width", im.width},
                                {"height", im.height},
                                {"channels", im.channels},
                                {"source_bytes", im.source_bytes},
                                {"roi_domain", im.roi_domain},
                                {"roi_fraction", im.roi_fraction},
                                {"bg_fraction", im.bg_fraction},
                                {"codecs", codecs}});
  }
  return doc;
}

std::string bench_csv(const BenchResult& r) {
  std::string out = csv_line({"name", "bytes", "size_vs_source", "encode_mps", "decode_mps", "psnr",
                              "psnr_roi", "psnr_bg", "roi_dct_images", "roi_vs_source_blocks"});
  for (const auto& c : r.codecs) {
    const bool ours = c.name == "smearpress";
    out += csv_line({c.name, std::to_string(c.bytes),
                     r.source_bytes > 0 ? format_number(static_cast<double>(c.bytes) /
                                                            static_cast<double>(r.source_bytes),
                                                        4)
                                        : "",
                     format_number(c.encode_mps, 3), format_number(c.decode_mps, 3),
                     format_number(c.psnr, 4), format_number(c.psnr_roi, 4),
                     format_number(c.psnr_bg, 4), ours ? std::to_string(c.roi_dct_images) : "",
                     ours ? format_number(bench::roi_vs_source_blocks(c), 4) : ""});
  }
  return out;
}

std::string bench_table(const BenchResult& r) {
  std::string out =
      std::to_string(r.images) + " images, " + bench::megapixels_text(r.megapixels) +
      " megapixels; speeds: one thread, median of " + std::to_string(r.repeats) +
      (r.repeats == 1 ? " run" : " runs") +
      " per image; PSNR in dB pooled over all images (ROI: smearpress weight 1, bg: weight 0); "
      "KB = 1024 bytes; size vs source: against the input files\n\n" +
      bench::markdown(bench::codec_table(r));
  const auto notes = bench::codec_notes(r);
  if (!notes.empty()) out += "\n";
  for (const auto& n : notes) out += n + "\n";
  if (!r.rd.empty())
    out +=
        "\nSize against background PSNR (--rd; parameter: smearpress codec.quant_step, JPEG "
        "quality, JPEG 2000 9/7 compression ratio)\n\n" +
        bench::markdown(bench::rd_table(r));
  return out;
}

}  // namespace smearpress
