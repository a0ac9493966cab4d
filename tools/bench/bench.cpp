#include "bench/bench.hpp"

#include <sys/utsname.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <codec/format.hpp>
#include <codec/metrics.hpp>
#include <fstream>
#include <functional>
#include <map>
#include <opencv2/core.hpp>
#include <ostream>
#include <smearpress/mat_bridge.hpp>
#include <smearpress/pipeline.hpp>
#include <stdexcept>
#include <thread>

#include "runners/batch.hpp"
#include "reporting/run_info.hpp"
#include "config/config.hpp"
#include "io/image_io.hpp"
#include "bench/peers.hpp"
#include "reporting/progress.hpp"
#include "reporting/report.hpp"
#include "reporting/table.hpp"


namespace smearpress {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kReference = "jxl-lossless-e7";  // the "vs JXL" column
constexpr const char* kSpeedReference = "png";         // the "vs PNG" columns

// Stand-ins for +-infinity inside the JSON tree, replaced by the tokens after dumping.
constexpr const char* kPosInf = "\x01smearpress:+Infinity\x01";
constexpr const char* kNegInf = "\x01smearpress:-Infinity\x01";

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n == 0 ? 0.0 : (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
}

// Squared errors summed over images, turned into one PSNR at the end.
struct ErrorPool {
  double sse = 0;
  std::uint64_t samples = 0;
  void add(const std::optional<double>& mse, std::uint64_t n) {
    if (!mse || n == 0) return;
    sse += *mse * static_cast<double>(n);
    samples += n;
  }
  std::optional<double> psnr() const {
    if (samples == 0) return std::nullopt;
    return codec::psnr_from_mse(sse / static_cast<double>(samples));
  }
};

// Which pixels of an image the region PSNRs cover: smearpress's weights for that image.
struct Regions {
  codec::Image selector;  // the weights, 0..255
  std::uint64_t roi_samples = 0, bg_samples = 0, all_samples = 0;
};

Regions regions_of(const cv::Mat1b& weights, int channels) {
  Regions r;
  r.selector = to_image(weights);
  const auto ch = static_cast<std::uint64_t>(channels);
  for (std::uint8_t w : r.selector.data) {
    r.roi_samples += w == 255 ? ch : 0;
    r.bg_samples += w == 0 ? ch : 0;
  }
  r.all_samples = r.selector.data.size() * ch;
  return r;
}

struct Pools {
  ErrorPool all, roi, bg;
  void add(const codec::Image& original, const codec::Image& decoded, const Regions& reg) {
    all.add(codec::mse(original, decoded), reg.all_samples);
    roi.add(codec::mse_where(original, decoded, reg.selector, 255), reg.roi_samples);
    bg.add(codec::mse_where(original, decoded, reg.selector, 0), reg.bg_samples);
  }
};

// A codec as the timing loop sees it.
struct TimedCodec {
  std::string name;
  bool lossless = false;
  std::function<peers::Bytes(const codec::Image&)> encode;
  std::function<codec::Image(peers::ByteSpan, int)> decode;
};

// A failure of one codec on one image, as one line.
[[noreturn]] void codec_failed(const std::string& image, const std::string& codec,
                               const std::string& what) {
  throw std::runtime_error(image + ": " + codec + " failed: " + what);
}

struct RdSeries {
  std::string codec;
  double parameter = 0;
  std::uint64_t bytes = 0;
  ErrorPool bg, all;
};

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) != 0) continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) break;
    std::string v = line.substr(colon + 1);
    v.erase(0, v.find_first_not_of(" \t"));
    return v;
  }
  return "unknown";
}

nlohmann::ordered_json machine_info() {
  nlohmann::ordered_json m;
  m["nproc"] = std::max(1u, std::thread::hardware_concurrency());
  m["cpu"] = cpu_model();
  utsname u{};
  if (uname(&u) == 0) m["os"] = std::string(u.sysname) + " " + u.release + " " + u.machine;
  return m;
}

std::string megapixels_text(double mp) { return format_number(mp, 3); }

// ---- tables ---------------------------------------------------------------------------------

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

std::string ratio_text(double a, double b, int decimals = 2) {
  return b > 0 && std::isfinite(a) ? format_number(a / b, decimals) : "";
}

std::string psnr_text(const std::optional<double>& v) { return v ? format_number(*v, 2) : "–"; }

const CodecTotals* find_codec(const BenchResult& r, const std::string& name) {
  for (const auto& c : r.codecs)
    if (c.name == name) return &c;
  return nullptr;
}

Table codec_table(const BenchResult& r) {
  Table t;
  t.header = {"codec",       "bytes",       "KB/image", "bits/pixel",  "size vs JXL",
              "size vs PNG", "encode MP/s", "vs PNG",   "decode MP/s", "vs PNG",
              "PSNR",        "PSNR ROI",    "PSNR bg"};
  const CodecTotals* jxl = find_codec(r, kReference);
  const CodecTotals* png = find_codec(r, kSpeedReference);
  const double pixels = r.megapixels * 1e6;
  for (const auto& c : r.codecs) {
    const double bytes = static_cast<double>(c.bytes);
    t.rows.push_back(
        {c.name, std::to_string(c.bytes),
         format_number(r.images ? bytes / 1024.0 / static_cast<double>(r.images) : 0.0, 1),
         format_number(pixels > 0 ? 8 * bytes / pixels : 0.0, 3),
         jxl ? ratio_text(bytes, static_cast<double>(jxl->bytes), 3) : "",
         png ? ratio_text(bytes, static_cast<double>(png->bytes), 3) : "",
         format_number(c.encode_mps, 2), png ? ratio_text(c.encode_mps, png->encode_mps) : "",
         format_number(c.decode_mps, 2), png ? ratio_text(c.decode_mps, png->decode_mps) : "",
         psnr_text(c.psnr), psnr_text(c.psnr_roi), psnr_text(c.psnr_bg)});
  }
  return t;
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

// ---- plots ----------------------------------------------------------------------------------

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

// Bits per pixel (x) against encode and decode speed (y, log), one labelled pair per codec.
std::optional<std::string> speed_plot(const fs::path& dir, const BenchResult& r, std::string& why) {
  const double pixels = r.megapixels * 1e6;
  std::string data = "# codec bits_per_pixel encode_mps decode_mps\n";
  double lo = 0, hi = 0;
  for (const auto& c : r.codecs) {
    if (c.encode_mps <= 0 || c.decode_mps <= 0) continue;
    data += "\"" + c.name + "\" " + format_number(8 * static_cast<double>(c.bytes) / pixels, 4) +
            " " + format_number(c.encode_mps, 4) + " " + format_number(c.decode_mps, 4) + "\n";
    const double a = std::min(c.encode_mps, c.decode_mps), b = std::max(c.encode_mps, c.decode_mps);
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
  if (const CodecTotals* jxl = find_codec(r, kReference); jxl && jxl->bytes > 0) {
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

std::vector<int> rd_quant_steps() { return {20, 30, 45, 60, 90, 120, 180}; }
std::vector<int> rd_jpeg_qualities() { return {5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95}; }
std::vector<double> rd_jp2_ratios() { return {10, 20, 40, 80, 160, 320, 640, 1280}; }

// ---- measuring ------------------------------------------------------------------------------

BenchResult run_bench(const BenchOptions& opt, std::ostream& log) {
  if (opt.repeats < 1) throw std::invalid_argument("repeats must be at least 1");
  std::error_code ec;
  if (!fs::is_directory(opt.input, ec)) throw InputError(opt.input.string() + ": not a directory");
  const auto jobs = find_jobs(
      opt.input, opt.exclude.empty() ? opt.input / ".smearpress-exclude-none" : opt.exclude);
  if (jobs.empty()) throw InputError(opt.input.string() + ": no image files found");

  // The --rd settings first, so that a value the config rejects fails before any work.
  std::vector<Settings> rd_settings;
  if (opt.rd)
    for (int step : rd_quant_steps()) {
      RunConfig c = opt.config;
      set_config_key(c, "codec.quant_step", step, "bench");
      rd_settings.push_back(c.settings);
    }

  // One thread everywhere: OpenCV's pool off; libjxl gets no runner, OpenJPEG no thread pool,
  // libwebp no worker (peers.cpp).
  cv::setNumThreads(1);

  const Settings& settings = opt.config.settings;
  cv::Mat1b weights;  // of smearpress's last decode of the current image
  std::vector<TimedCodec> codecs;
  codecs.push_back({"smearpress", false,
                    [&settings](const codec::Image& img) {
                      Compressed c = compress(img, settings);
                      return std::move(c.encoded.bytes);
                    },
                    [&weights](peers::ByteSpan bytes, int) {
                      Reconstruction r = reconstruct(bytes);
                      weights = std::move(r.weights);
                      return std::move(r.image);
                    }});
  for (auto& p : peers::peer_codecs()) codecs.push_back({p.name, p.lossless, p.encode, p.decode});
  const std::size_t k_count = codecs.size();

  BenchResult result;
  result.repeats = opt.repeats;
  std::vector<Pools> pools(k_count);
  std::vector<RdSeries> rd;
  if (opt.rd) {
    for (int s : rd_quant_steps()) rd.push_back({"smearpress", static_cast<double>(s), 0, {}, {}});
    for (int q : rd_jpeg_qualities()) rd.push_back({"jpeg", static_cast<double>(q), 0, {}, {}});
    for (double ratio : rd_jp2_ratios()) rd.push_back({"jp2", ratio, 0, {}, {}});
  }
  for (const auto& c : codecs) {
    CodecTotals t;
    t.name = c.name;
    t.lossless = c.lossless;
    result.codecs.push_back(t);
  }

  // Every file is read once before any measuring, so that an unreadable one fails at once, and
  // alone on stderr.
  for (const auto& job : jobs) (void)load_image(job.file);

  log << "bench: " << jobs.size() << " images from " << opt.input.string() << ", " << k_count
      << " codecs, median of " << opt.repeats << " run" << (opt.repeats == 1 ? "" : "s")
      << " per image, one thread" << (opt.rd ? ", plus size against background PSNR (--rd)" : "")
      << "\n";
  Progress progress(log, jobs.size(), Progress::stderr_is_terminal());
  std::uint64_t pixels = 0;

  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const ImageJob& job = jobs[i];
    LoadedImage in = load_image(job.file);
    for (const auto& n : in.notices) log << "bench: notice: " << job.relative << ": " << n << "\n";
    const codec::Image& img = in.image;
    pixels += img.pixel_count();

    std::vector<std::vector<double>> enc_t(k_count), dec_t(k_count);
    std::vector<peers::Bytes> last_bytes(k_count);
    std::vector<codec::Image> last_decoded(k_count);
    // The very first pass over the first image warms every codec up (tables, code paths) untimed.
    const int warmup = i == 0 ? 1 : 0;
    for (int r = 0; r < opt.repeats + warmup; ++r) {
      for (std::size_t k = 0; k < k_count; ++k) {
        peers::Bytes bytes;
        codec::Image decoded;
        Clock::time_point t0, t1, t2;
        try {
          t0 = Clock::now();
          bytes = codecs[k].encode(img);
          t1 = Clock::now();
          decoded = codecs[k].decode(bytes, img.channels);
          t2 = Clock::now();
        } catch (const std::exception& e) {
          codec_failed(job.relative, codecs[k].name, e.what());
        }
        if (r < warmup) continue;
        enc_t[k].push_back(seconds(t1 - t0));
        dec_t[k].push_back(seconds(t2 - t1));
        if (r + 1 == opt.repeats + warmup) {
          last_bytes[k] = std::move(bytes);
          last_decoded[k] = std::move(decoded);
        }
      }
    }

    if (weights.rows != img.height || weights.cols != img.width)
      codec_failed(job.relative, "smearpress", "the blend weights do not match the image size");
    const Regions reg = regions_of(weights, img.channels);
    ImageResult ir;
    ir.image = job.relative;
    ir.width = img.width;
    ir.height = img.height;
    ir.channels = img.channels;
    ir.roi_fraction = static_cast<double>(reg.roi_samples) / static_cast<double>(reg.all_samples);
    ir.bg_fraction = static_cast<double>(reg.bg_samples) / static_cast<double>(reg.all_samples);
    for (std::size_t k = 0; k < k_count; ++k) {
      const codec::Image& d = last_decoded[k];
      if (d.width != img.width || d.height != img.height || d.channels != img.channels)
        codec_failed(job.relative, codecs[k].name,
                     "decoded " + std::to_string(d.width) + "x" + std::to_string(d.height) + "x" +
                         std::to_string(d.channels) + ", expected " + std::to_string(img.width) +
                         "x" + std::to_string(img.height) + "x" + std::to_string(img.channels));
      if (codecs[k].lossless && d.data != img.data) {
        std::size_t differ = 0;
        for (std::size_t s = 0; s < d.data.size(); ++s) differ += d.data[s] != img.data[s] ? 1 : 0;
        codec_failed(job.relative, codecs[k].name,
                     "a lossless codec decoded different pixels (" + std::to_string(differ) +
                         " of " + std::to_string(d.data.size()) + " samples differ)");
      }
      pools[k].add(img, d, reg);
      ImageCodecResult c;
      c.bytes = last_bytes[k].size();
      c.encode_ms = 1000 * median(enc_t[k]);
      c.decode_ms = 1000 * median(dec_t[k]);
      c.psnr = codec::psnr_from_mse(codec::mse(img, d));
      auto& t = result.codecs[k];
      t.bytes += c.bytes;
      t.encode_s += c.encode_ms / 1000;
      t.decode_s += c.decode_ms / 1000;
      ir.codecs.push_back(c);
    }
    result.per_image.push_back(std::move(ir));

    // Size against background quality: untimed, one encode per point.
    if (opt.rd) {
      try {
        std::size_t p = 0;
        for (const Settings& s : rd_settings) {
          const Compressed c = compress(img, s);
          const Reconstruction rec = reconstruct(c.encoded.bytes);
          rd[p].bytes += c.encoded.bytes.size();
          rd[p].bg.add(codec::mse_where(img, rec.image, reg.selector, 0), reg.bg_samples);
          rd[p].all.add(codec::mse(img, rec.image), reg.all_samples);
          ++p;
        }
        // One point of a peer's curve: its bytes and its decoded pixels.
        const auto add_peer_point = [&](const peers::Bytes& b, const codec::Image& d, const char* what) {
          if (d.channels != img.channels || d.width != img.width || d.height != img.height)
            throw std::runtime_error(std::string(what) + ": decoded a different shape");
          rd[p].bytes += b.size();
          rd[p].bg.add(codec::mse_where(img, d, reg.selector, 0), reg.bg_samples);
          rd[p].all.add(codec::mse(img, d), reg.all_samples);
          ++p;
        };
        for (int q : rd_jpeg_qualities()) {
          const peers::Bytes b = peers::jpeg_encode(img, q);
          add_peer_point(b, peers::jpeg_decode(b), "jpeg");
        }
        for (double ratio : rd_jp2_ratios()) {
          const peers::Bytes b = peers::jp2_encode(img, {false, ratio});
          add_peer_point(b, peers::jp2_decode(b), "jpeg 2000");
        }
      } catch (const ConfigError&) {
        throw;
      } catch (const std::exception& e) {
        codec_failed(job.relative, "--rd", e.what());
      }
    }
    progress.tick();
  }
  progress.finish();

  result.images = jobs.size();
  result.megapixels = static_cast<double>(pixels) / 1e6;
  for (std::size_t k = 0; k < k_count; ++k) {
    auto& t = result.codecs[k];
    t.encode_mps = t.encode_s > 0 ? result.megapixels / t.encode_s : 0;
    t.decode_mps = t.decode_s > 0 ? result.megapixels / t.decode_s : 0;
    t.psnr = pools[k].all.psnr().value_or(std::numeric_limits<double>::quiet_NaN());
    t.psnr_roi = pools[k].roi.psnr();
    t.psnr_bg = pools[k].bg.psnr();
  }
  for (const auto& s : rd)
    result.rd.push_back({s.codec, s.parameter, s.bytes, s.bg.psnr(),
                         s.all.psnr().value_or(std::numeric_limits<double>::quiet_NaN())});

  nlohmann::ordered_json libs = nlohmann::ordered_json::object();
  for (const auto& [name, version] : peers::library_versions()) libs[name] = version;
  result.run = {{"smearpress_version", smearpress_version()},
                {"format_version", codec::kFormatVersion},
                {"date", now_iso8601()},
                {"input", opt.input.string()},
                {"config_file", opt.config_file.empty() ? nlohmann::ordered_json(nullptr)
                                                        : nlohmann::ordered_json(opt.config_file)},
                {"config", nlohmann::ordered_json(to_json(opt.config))},
                {"repeats", opt.repeats},
                {"threads", 1},
                {"machine", machine_info()},
                {"libraries", libs}};
  return result;
}

// ---- outputs --------------------------------------------------------------------------------

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

nlohmann::ordered_json bench_json(const BenchResult& r) {
  nlohmann::ordered_json doc;
  doc["images"] = r.images;
  doc["megapixels"] = r.megapixels;
  const CodecTotals* jxl = find_codec(r, kReference);
  const CodecTotals* png = find_codec(r, kSpeedReference);
  auto ratio = [](double a, double b) {
    return b > 0 ? json_number(a / b) : nlohmann::ordered_json(nullptr);
  };
  doc["codecs"] = nlohmann::ordered_json::array();
  for (const auto& c : r.codecs) {
    nlohmann::ordered_json j;
    j["name"] = c.name;
    j["bytes"] = c.bytes;
    j["encode_mps"] = json_number(c.encode_mps);
    j["decode_mps"] = json_number(c.decode_mps);
    j["psnr"] = json_number(c.psnr);
    j["psnr_roi"] = json_number(c.psnr_roi);
    j["psnr_bg"] = json_number(c.psnr_bg);
    j["lossless"] = c.lossless;
    j["bits_per_pixel"] =
        json_number(r.megapixels > 0 ? 8.0 * static_cast<double>(c.bytes) / (r.megapixels * 1e6)
                                     : std::numeric_limits<double>::quiet_NaN());
    j["bytes_vs_jxl"] =
        jxl ? ratio(static_cast<double>(c.bytes), static_cast<double>(jxl->bytes)) : nullptr;
    j["bytes_vs_png"] =
        png ? ratio(static_cast<double>(c.bytes), static_cast<double>(png->bytes)) : nullptr;
    j["encode_vs_png"] = png ? ratio(c.encode_mps, png->encode_mps) : nullptr;
    j["decode_vs_png"] = png ? ratio(c.decode_mps, png->decode_mps) : nullptr;
    j["encode_s"] = c.encode_s;
    j["decode_s"] = c.decode_s;
    doc["codecs"].push_back(j);
  }
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
                                  {"encode_ms", im.codecs[k].encode_ms},
                                  {"decode_ms", im.codecs[k].decode_ms},
                                  {"psnr", json_number(im.codecs[k].psnr)}};
    doc["per_image"].push_back({{"image", im.image},
                                {"width", im.width},
                                {"height", im.height},
                                {"channels", im.channels},
                                {"roi_fraction", im.roi_fraction},
                                {"bg_fraction", im.bg_fraction},
                                {"codecs", codecs}});
  }
  return doc;
}

std::string bench_csv(const BenchResult& r) {
  std::string out =
      csv_line({"name", "bytes", "encode_mps", "decode_mps", "psnr", "psnr_roi", "psnr_bg"});
  for (const auto& c : r.codecs)
    out += csv_line({c.name, std::to_string(c.bytes), format_number(c.encode_mps, 3),
                     format_number(c.decode_mps, 3), format_number(c.psnr, 4),
                     format_number(c.psnr_roi, 4), format_number(c.psnr_bg, 4)});
  return out;
}

std::string bench_table(const BenchResult& r) {
  std::string out =
      std::to_string(r.images) + " images, " + megapixels_text(r.megapixels) +
      " megapixels; speeds: one thread, median of " + std::to_string(r.repeats) +
      (r.repeats == 1 ? " run" : " runs") +
      " per image; PSNR in dB pooled over all images (ROI: smearpress weight 1, bg: weight 0); "
      "KB = 1024 bytes\n\n" +
      markdown(codec_table(r));
  if (!r.rd.empty())
    out +=
        "\nSize against background PSNR (--rd; parameter: smearpress codec.quant_step, JPEG "
        "quality, JPEG 2000 9/7 compression ratio)\n\n" +
        markdown(rd_table(r));
  return out;
}

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
      html_escape(title) + "</title>\n<style>" + report_base_style() + kStyle + "</style>\n</head>\n<body>\n<h1>" +
      html_escape(title) + "</h1>\n";
  const auto machine = run.value("machine", nlohmann::ordered_json::object());
  const auto config_file = run.value("config_file", nlohmann::ordered_json(nullptr));
  html += "<p class=\"note\">" + std::to_string(r.images) + " images, " +
          megapixels_text(r.megapixels) + " megapixels; config " +
          html_escape(config_file.is_string() ? config_file.get<std::string>()
                                              : "(built-in defaults)") +
          "; " + html_escape(machine.value("cpu", std::string("?"))) + ", " +
          std::to_string(machine.value("nproc", 0)) + " CPUs; " +
          html_escape(run.value("date", std::string("?"))) + "; smearpress " +
          html_escape(run.value("smearpress_version", std::string("?"))) + ".</p>\n";
  html +=
      "<h2>Codecs</h2>\n" + html_table(codec_table(r)) +
      "<p class=\"note\">Every codec encodes and decodes the same decoded pixels in one process on "
      "one "
      "thread; an image's time is the median of " +
      std::to_string(r.repeats) + (r.repeats == 1 ? " run" : " runs") +
      ", and MP/s is the total megapixels over the sum of those medians. Sizes relative to JPEG XL "
      "lossless (effort 7) and PNG (OpenCV's default settings); speeds relative to PNG. PSNR (dB) "
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
    html += "<h2>Size against background quality</h2>\n" + html_table(rd_table(r)) +
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
