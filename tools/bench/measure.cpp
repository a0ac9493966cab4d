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

// The images of the input folder; InputError when it is not a folder or holds none.
std::vector<ImageJob> bench_jobs(const BenchOptions& opt) {
  std::error_code ec;
  if (!fs::is_directory(opt.input, ec)) throw InputError(opt.input.string() + ": not a directory");
  auto jobs = find_jobs(opt.input,
                        opt.exclude.empty() ? opt.input / ".smearpress-exclude-none" : opt.exclude);
  if (jobs.empty()) throw InputError(opt.input.string() + ": no image files found");
  return jobs;
}

// smearpress, then the peers in table order. smearpress's decode leaves the blend weights of the
// image it decoded in `weights`, which must outlive the codecs.
std::vector<TimedCodec> bench_codecs(const Settings& settings, cv::Mat1b& weights) {
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
  return codecs;
}

// One image's timed runs, per codec: the encode and decode times of every run (seconds), and the
// bytes and decoded pixels of the last.
struct ImageRuns {
  std::vector<std::vector<double>> enc_t, dec_t;
  std::vector<peers::Bytes> last_bytes;
  std::vector<codec::Image> last_decoded;
};

// `repeats` timed runs of every codec on `img`, after `warmup` untimed ones.
ImageRuns time_image(const std::vector<TimedCodec>& codecs, const codec::Image& img,
                     const std::string& image_name, int repeats, int warmup) {
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
        bytes = codecs[k].encode(img);
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

// One image's result: its last decodes checked and pooled, the medians of its times added to
// the codecs' totals.
ImageResult pool_image(const std::vector<TimedCodec>& codecs, const std::string& image_name,
                       const codec::Image& img, const Regions& reg, const ImageRuns& runs,
                       std::vector<Pools>& pools, std::vector<CodecTotals>& totals) {
  ImageResult ir;
  ir.image = image_name;
  ir.width = img.width;
  ir.height = img.height;
  ir.channels = img.channels;
  ir.roi_fraction = static_cast<double>(reg.roi_samples) / static_cast<double>(reg.all_samples);
  ir.bg_fraction = static_cast<double>(reg.bg_samples) / static_cast<double>(reg.all_samples);
  for (std::size_t k = 0; k < codecs.size(); ++k) {
    const codec::Image& d = runs.last_decoded[k];
    check_decoded(codecs[k], image_name, img, d);
    pools[k].add(img, d, reg);
    ImageCodecResult c;
    c.bytes = runs.last_bytes[k].size();
    c.encode_ms = 1000 * median(runs.enc_t[k]);
    c.decode_ms = 1000 * median(runs.dec_t[k]);
    c.psnr = codec::psnr_from_mse(codec::mse(img, d));
    auto& t = totals[k];
    t.bytes += c.bytes;
    t.encode_s += c.encode_ms / 1000;
    t.decode_s += c.decode_ms / 1000;
    ir.codecs.push_back(c);
  }
  return ir;
}

// The --rd points of one image; a failure names the image, a ConfigError passes unchanged.
void add_rd_points(bench::RdCurves& rd, const std::string& image_name, const codec::Image& img,
                   const Regions& reg) {
  try {
    rd.add(img, reg);
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
    t.encode_mps = t.encode_s > 0 ? result.megapixels / t.encode_s : 0;
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

  cv::Mat1b weights;  // of smearpress's last decode of the current image
  const std::vector<TimedCodec> codecs = bench_codecs(opt.config.settings, weights);

  BenchResult result;
  result.repeats = opt.repeats;
  std::vector<Pools> pools(codecs.size());
  for (const auto& c : codecs) {
    CodecTotals t;
    t.name = c.name;
    t.lossless = c.lossless;
    result.codecs.push_back(t);
  }

  // Every file is read once before any measuring, so that an unreadable one fails at once, and
  // alone on stderr.
  for (const auto& job : jobs) (void)load_image(job.file);

  log_start(log, opt, jobs.size(), codecs.size());
  Progress progress(log, jobs.size(), Progress::stderr_is_terminal());
  std::uint64_t pixels = 0;

  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const ImageJob& job = jobs[i];
    LoadedImage in = load_image(job.file);
    for (const auto& n : in.notices) log << "bench: notice: " << job.relative << ": " << n << "\n";
    const codec::Image& img = in.image;
    pixels += img.pixel_count();

    // The very first pass over the first image warms every codec up (tables, code paths) untimed.
    const ImageRuns runs = time_image(codecs, img, job.relative, opt.repeats, i == 0 ? 1 : 0);
    if (weights.rows != img.height || weights.cols != img.width)
      codec_failed(job.relative, "smearpress", "the blend weights do not match the image size");
    const Regions reg = bench::regions_of(weights, img.channels);
    result.per_image.push_back(
        pool_image(codecs, job.relative, img, reg, runs, pools, result.codecs));

    // Size against background quality: untimed, one encode per point.
    if (rd) add_rd_points(*rd, job.relative, img, reg);
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
