// measure.cpp - run_bench: every codec times, decodes and is checked on every image; the totals.
#include <algorithm>
#include <chrono>
#include <codec/metrics.hpp>
#include <functional>
#include <limits>
#include <opencv2/core.hpp>
#include <optional>
#include <ostream>
#include <smearpress/pipeline.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/bench.hpp"
#include "bench/peers.hpp"
#include "bench/pooling.hpp"
#include "bench/rd.hpp"
#include "bench/run_record.hpp"
#include "config/config.hpp"
#include "io/files.hpp"
#include "io/image_io.hpp"
#include "reporting/progress.hpp"
#include "runners/jobs.hpp"

namespace smearpress {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
using bench::Pools;
using bench::Regions;

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n == 0 ? 0.0 : (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
}

// A codec as the timing loop sees it (peers::Peer's fields).
struct TimedCodec {
  std::string name;
  bool lossless = false;
  std::function<peers::Bytes(const codec::Image&, peers::ByteSpan)> encode;
  std::function<codec::Image(peers::ByteSpan, int)> decode;
  bool timed_encode = true;
  std::function<peers::Bytes(peers::ByteSpan)> reconstruct_source;
};

// What smearpress's encode and decode of the current image left: the blend weights of its
// decode, how its ROI was stored and where its bytes went.
struct SmearpressLast {
  cv::Mat1b weights;
  RoiDomain roi_domain = RoiDomain::kPixels;
  codec::EncodeStats stats;
};

// A failure of one codec on one image, as one line.
[[noreturn]] void codec_failed(const std::string& image, const std::string& codec,
                               const std::string& what) {
  throw std::runtime_error(image + ": " + codec + " failed: " + what);
}

// The images of the input folder; InputError when it is not a folder or holds none.
std::vector<ImageJob> bench_jobs(const BenchOptions& opt) {
  std::error_code ec;
  if (!fs::is_directory(opt.input, ec)) throw InputError(opt.input.string() + ": not a directory");
  auto jobs = find_jobs(opt.input,
                        opt.exclude.empty() ? opt.input / ".smearpress-exclude-none" : opt.exclude);
  if (jobs.empty()) throw InputError(opt.input.string() + ": no image files found");
  return jobs;
}

// smearpress, then the peers in table order, the JPEG-only ones when `all_jpeg`. smearpress's
// encode and decode leave what they know of the current image in `last`, which must outlive the
// codecs.
std::vector<TimedCodec> bench_codecs(const Settings& settings, SmearpressLast& last,
                                     bool all_jpeg) {
  std::vector<TimedCodec> codecs;
  codecs.push_back({"smearpress", false,
                    [&settings, &last](const codec::Image& img, peers::ByteSpan file) {
                      Compressed c = compress(img, settings, file);
                      last.roi_domain = c.roi_domain;
                      last.stats = c.encoded.stats;
                      return std::move(c.encoded.bytes);
                    },
                    [&last](peers::ByteSpan bytes, int) {
                      Reconstruction r = reconstruct(bytes);
                      last.weights = std::move(r.weights);
                      return std::move(r.image);
                    },
                    true,
                    {}});
  for (auto& p : peers::peer_codecs())
    if (all_jpeg || !p.jpeg_only)
      codecs.push_back(
          {p.name, p.lossless, p.encode, p.decode, p.timed_encode, p.reconstruct_source});
  return codecs;
}

// The JPEG-only peers left out of a run whose images are not all JPEGs.
std::vector<std::string> jpeg_only_peers() {
  std::vector<std::string> names;
  for (const auto& p : peers::peer_codecs())
    if (p.jpeg_only) names.push_back(p.name);
  return names;
}

// One image's timed runs, per codec: the encode and decode times of every run (seconds), and the
// bytes and decoded pixels of the last.
struct ImageRuns {
  std::vector<std::vector<double>> enc_t, dec_t;
  std::vector<peers::Bytes> last_bytes;
  std::vector<codec::Image> last_decoded;
};

// `repeats` timed runs of every codec on `img` (decoded from `file`), after `warmup` untimed ones.
ImageRuns time_image(const std::vector<TimedCodec>& codecs, const codec::Image& img,
                     peers::ByteSpan file, const std::string& image_name, int repeats,
                     int warmup) {
  const std::size_t k_count = codecs.size();
  ImageRuns runs{std::vector<std::vector<double>>(k_count),
                 std::vector<std::vector<double>>(k_count), std::vector<peers::Bytes>(k_count),
                 std::vector<codec::Image>(k_count)};
  for (int r = 0; r < repeats + warmup; ++r) {
    for (std::size_t k = 0; k < k_count; ++k) {
      peers::Bytes bytes;
      codec::Image decoded;
      Clock::time_point t0, t1, t2;
      try {
        t0 = Clock::now();
        bytes = codecs[k].encode(img, file);
        t1 = Clock::now();
        decoded = codecs[k].decode(bytes, img.channels);
        t2 = Clock::now();
      } catch (const std::exception& e) {
        codec_failed(image_name, codecs[k].name, e.what());
      }
      if (r < warmup) continue;
      runs.enc_t[k].push_back(seconds(t1 - t0));
      runs.dec_t[k].push_back(seconds(t2 - t1));
      if (r + 1 == repeats + warmup) {
        runs.last_bytes[k] = std::move(bytes);
        runs.last_decoded[k] = std::move(decoded);
      }
    }
  }
  return runs;
}

// Fails unless `codec` decoded `d` in the shape of `img`, and bit-exactly when it is lossless.
void check_decoded(const TimedCodec& codec, const std::string& image_name, const codec::Image& img,
                   const codec::Image& d) {
  if (d.width != img.width || d.height != img.height || d.channels != img.channels)
    codec_failed(image_name, codec.name,
                 "decoded " + std::to_string(d.width) + "x" + std::to_string(d.height) + "x" +
                     std::to_string(d.channels) + ", expected " + std::to_string(img.width) + "x" +
                     std::to_string(img.height) + "x" + std::to_string(img.channels));
  if (codec.lossless && d.data != img.data) {
    std::size_t differ = 0;
    for (std::size_t s = 0; s < d.data.size(); ++s) differ += d.data[s] != img.data[s] ? 1 : 0;
    codec_failed(image_name, codec.name,
                 "a lossless codec decoded different pixels (" + std::to_string(differ) + " of " +
                     std::to_string(d.data.size()) + " samples differ)");
  }
}

// Whether `codec`'s `bytes` rebuild the source `file` byte for byte (untimed).
bool rebuilds_source(const TimedCodec& codec, const std::string& image_name,
                     const peers::Bytes& bytes, peers::ByteSpan file) {
  try {
    const peers::Bytes rebuilt = codec.reconstruct_source(bytes);
    return std::equal(rebuilt.begin(), rebuilt.end(), file.begin(), file.end());
  } catch (const std::exception& e) {
    codec_failed(image_name, codec.name, std::string("rebuilding the source file: ") + e.what());
  }
}

// One image's result: its last decodes checked and pooled, the medians of its times added to
// the codecs' totals, the rebuilt source files compared.
ImageResult pool_image(const std::vector<TimedCodec>& codecs, const std::string& image_name,
                       const LoadedImage& in, const Regions& reg, const ImageRuns& runs,
                       std::vector<Pools>& pools, std::vector<CodecTotals>& totals) {
  const codec::Image& img = in.image;
  ImageResult ir;
  ir.image = image_name;
  ir.width = img.width;
  ir.height = img.height;
  ir.channels = img.channels;
  ir.source_bytes = in.file.size();
  ir.roi_fraction = static_cast<double>(reg.roi_samples) / static_cast<double>(reg.all_samples);
  ir.bg_fraction = static_cast<double>(reg.bg_samples) / static_cast<double>(reg.all_samples);
  for (std::size_t k = 0; k < codecs.size(); ++k) {
    const codec::Image& d = runs.last_decoded[k];
    check_decoded(codecs[k], image_name, img, d);
    pools[k].add(img, d, reg);
    ImageCodecResult c;
    c.bytes = runs.last_bytes[k].size();
    c.encode_ms = codecs[k].timed_encode ? 1000 * median(runs.enc_t[k])
                                         : std::numeric_limits<double>::quiet_NaN();
    c.decode_ms = 1000 * median(runs.dec_t[k]);
    c.psnr = codec::psnr_from_mse(codec::mse(img, d));
    auto& t = totals[k];
    t.bytes += c.bytes;
    if (codecs[k].timed_encode) t.encode_s += c.encode_ms / 1000;
    t.decode_s += c.decode_ms / 1000;
    if (codecs[k].reconstruct_source &&
        rebuilds_source(codecs[k], image_name, runs.last_bytes[k], in.file))
      t.source_rebuilt = t.source_rebuilt.value_or(0) + 1;
    ir.codecs.push_back(c);
  }
  return ir;
}

// The --rd points of one image; a failure names the image, a ConfigError passes unchanged.
void add_rd_points(bench::RdCurves& rd, const std::string& image_name, const LoadedImage& in,
                   const Regions& reg) {
  try {
    rd.add(in.image, in.file, reg);
  } catch (const ConfigError&) {
    throw;
  } catch (const std::exception& e) {
    codec_failed(image_name, "--rd", e.what());
  }
}

// The speeds and pooled PSNRs of every codec, once all images are in.
void finish_totals(BenchResult& result, const std::vector<Pools>& pools) {
  for (std::size_t k = 0; k < result.codecs.size(); ++k) {
    auto& t = result.codecs[k];
    t.encode_mps = !t.timed_encode ? std::numeric_limits<double>::quiet_NaN()
                   : t.encode_s > 0 ? result.megapixels / t.encode_s
                                    : 0;
    t.decode_mps = t.decode_s > 0 ? result.megapixels / t.decode_s : 0;
    t.psnr = pools[k].all.psnr().value_or(std::numeric_limits<double>::quiet_NaN());
    t.psnr_roi = pools[k].roi.psnr();
    t.psnr_bg = pools[k].bg.psnr();
  }
}

void log_start(std::ostream& log, const BenchOptions& opt, std::size_t images, std::size_t codecs) {
  log << "bench: " << images << " images from " << opt.input.string() << ", " << codecs
      << " codecs, median of " << opt.repeats << " run" << (opt.repeats == 1 ? "" : "s")
      << " per image, one thread" << (opt.rd ? ", plus size against background PSNR (--rd)" : "")
      << "\n";
}

// Reads every file once before any measuring, so that an unreadable one fails at once, and alone
// on stderr. Returns how many are JPEG files.
std::size_t check_and_count_jpegs(const std::vector<ImageJob>& jobs) {
  std::size_t jpegs = 0;
  for (const auto& job : jobs) jpegs += is_jpeg(load_image(job.file).file) ? 1 : 0;
  return jpegs;
}

// The JPEG-only peers run when every image is a JPEG; otherwise a note says they are left out.
bool jpeg_peers_apply(std::size_t jpegs, std::size_t images, std::ostream& log) {
  if (jpegs == images) return true;
  std::string names;
  for (const auto& n : jpeg_only_peers()) names += (names.empty() ? "" : ", ") + n;
  log << "bench: note: " << names << " left out: they apply to JPEG files only, and "
      << images - jpegs << " of the " << images << " images are not JPEGs\n";
  return false;
}

// The totals before any image: one per codec, in order.
std::vector<CodecTotals> empty_totals(const std::vector<TimedCodec>& codecs) {
  std::vector<CodecTotals> totals;
  for (const auto& c : codecs) {
    CodecTotals t;
    t.name = c.name;
    t.lossless = c.lossless;
    t.timed_encode = c.timed_encode;
    if (c.reconstruct_source) t.source_rebuilt = 0;
    totals.push_back(t);
  }
  return totals;
}

// smearpress's ROI on one image: its domain, and its DCT-path bytes into the totals.
void add_roi_domain(const SmearpressLast& last, ImageResult& ir, CodecTotals& smearpress) {
  ir.roi_domain = to_string(last.roi_domain);
  if (last.roi_domain != RoiDomain::kDct) return;
  smearpress.roi_dct_images += 1;
  smearpress.roi_dct_bytes += last.stats.roi_bytes;
  smearpress.roi_source_bytes += last.stats.roi_source_bytes;
}

}  // namespace

BenchResult run_bench(const BenchOptions& opt, std::ostream& log) {
  if (opt.repeats < 1) throw std::invalid_argument("repeats must be at least 1");
  const auto jobs = bench_jobs(opt);

  // The --rd settings first, so that a value the config rejects fails before any work.
  std::optional<bench::RdCurves> rd;
  if (opt.rd) rd.emplace(opt.config);

  // One thread everywhere: OpenCV's pool off; libjxl gets no runner, OpenJPEG no thread pool,
  // libwebp no worker (peers.cpp).
  cv::setNumThreads(1);

  const bool all_jpeg = jpeg_peers_apply(check_and_count_jpegs(jobs), jobs.size(), log);
  SmearpressLast last;  // of smearpress's last encode and decode of the current image
  const std::vector<TimedCodec> codecs = bench_codecs(opt.config.settings, last, all_jpeg);

  BenchResult result;
  result.repeats = opt.repeats;
  result.codecs = empty_totals(codecs);
  std::vector<Pools> pools(codecs.size());

  log_start(log, opt, jobs.size(), codecs.size());
  Progress progress(log, jobs.size(), Progress::stderr_is_terminal());
  std::uint64_t pixels = 0;

  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const ImageJob& job = jobs[i];
    const LoadedImage in = load_image(job.file);
    for (const auto& n : in.notices) log << "bench: notice: " << job.relative << ": " << n << "\n";
    const codec::Image& img = in.image;
    pixels += img.pixel_count();
    result.source_bytes += in.file.size();

    // The very first pass over the first image warms every codec up (tables, code paths) untimed.
    const ImageRuns runs =
        time_image(codecs, img, in.file, job.relative, opt.repeats, i == 0 ? 1 : 0);
    if (last.weights.rows != img.height || last.weights.cols != img.width)
      codec_failed(job.relative, "smearpress", "the blend weights do not match the image size");
    const Regions reg = bench::regions_of(last.weights, img.channels);
    result.per_image.push_back(pool_image(codecs, job.relative, in, reg, runs, pools, result.codecs));
    add_roi_domain(last, result.per_image.back(), result.codecs.front());

    // Size against background quality: untimed, one encode per point.
    if (rd) add_rd_points(*rd, job.relative, in, reg);
    progress.tick();
  }
  progress.finish();

  result.images = jobs.size();
  result.megapixels = static_cast<double>(pixels) / 1e6;
  finish_totals(result, pools);
  if (rd) result.rd = rd->points();
  result.run = bench::run_record(opt);
  return result;
}

}  // namespace smearpress
