#include "bench/slide_bench.hpp"

#include "io/image_io.hpp"
#include "io/slide_files.hpp"
#include "runners/jobs.hpp"
#include "runners/roi_eval.hpp"
#include "runners/slide_run.hpp"
#include "slide/open_slide.hpp"
#include "slide/tiff_source.hpp"

#include <smearpress/mat_bridge.hpp>
#include <smearpress/pipeline.hpp>

#include <codec/crc32.hpp>

#include <fmt/core.h>
#include <opencv2/core/utility.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <random>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace smearpress {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Runs `work` (which returns its own timing in seconds) in a child process, whose peak RSS is
// then its own. Throws std::runtime_error with the child's message when it fails.
SlidePhase in_child(const std::function<double()>& work, const std::string& what) {
  std::cout.flush();
  std::cerr.flush();
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error(what + ": pipe failed");
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(what + ": fork failed");
  if (pid == 0) {
    ::close(fds[0]);
    char msg[512];
    int status = 0;
    try {
      std::snprintf(msg, sizeof msg, "%.9g", work());
    } catch (const std::exception& e) {
      std::snprintf(msg, sizeof msg, "%s", e.what());
      status = 1;
    }
    [[maybe_unused]] const ssize_t n = ::write(fds[1], msg, std::strlen(msg));
    ::_exit(status);
  }
  ::close(fds[1]);
  std::string msg;
  char buf[256];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) msg.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  struct rusage ru {};
  ::wait4(pid, &status, 0, &ru);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error(what + " failed: " + msg);
  SlidePhase p;
  p.seconds = std::stod(msg);
  p.peak_rss_kb = static_cast<std::uint64_t>(ru.ru_maxrss);
  return p;
}

// A file's size and CRC-32, read in pieces: this process must not hold the .smz (its children
// would count it in their peak RSS).
std::pair<std::uint64_t, std::uint32_t> file_digest(const fs::path& path) {
  const FileSource file(path);
  std::vector<std::uint8_t> buf(1 << 20);
  std::uint32_t crc = 0;
  for (std::uint64_t at = 0; at < file.size(); at += buf.size()) {
    const std::span<std::uint8_t> piece(buf.data(), static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), file.size() - at)));
    file.read(at, piece);
    crc = codec::crc32(piece, crc);
  }
  return {file.size(), crc};
}

double mb(std::uint64_t kb) { return static_cast<double>(kb) / 1024.0; }

double percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const std::size_t i = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size()))) - 1;
  return sorted[std::min(i, sorted.size() - 1)];
}

// Random regions of `side` (clipped to the image), timed one by one in this process; each is
// compared with the same crop of the decoded BigTIFF.
void time_regions(const SlideBenchOptions& o, const fs::path& smz, const fs::path& tif, SlideBenchResult& r) {
  const FileSource file(smz);
  const TiledReader reader(file);
  slide::TiffSource decoded(tif);
  std::mt19937 rng(o.seed);
  const int w = std::min(o.region_side, r.width), h = std::min(o.region_side, r.height);
  (void)decode_region(reader, {0, 0, w, h});  // warm up: page cache, allocator
  cv::Mat expected;
  for (int i = 0; i < o.regions; ++i) {
    const cv::Rect region(static_cast<int>(rng() % static_cast<std::uint32_t>(r.width - w + 1)),
                          static_cast<int>(rng() % static_cast<std::uint32_t>(r.height - h + 1)), w, h);
    const auto t0 = Clock::now();
    const cv::Mat got = decode_region(reader, region, nullptr, o.threads.back());
    r.region_ms.push_back(1000 * seconds_since(t0));
    decoded.read(region, expected);
    if (cv::norm(got, expected, cv::NORM_INF) != 0) ++r.region_mismatches;
  }
  std::sort(r.region_ms.begin(), r.region_ms.end());
}

// Adds a decoded tile's exact pixels (weight 255) to r.exact_pixels, and those of them whose
// value differs from the source's in any channel to r.exact_mismatches.
void count_exact(const cv::Mat& original, const cv::Mat& decoded, const cv::Mat1b& weights, SlideBenchResult& r) {
  const auto pixel_bytes = static_cast<std::size_t>(original.channels());
  for (int y = 0; y < original.rows; ++y) {
    const std::uint8_t* a = original.ptr<std::uint8_t>(y);
    const std::uint8_t* b = decoded.ptr<std::uint8_t>(y);
    const std::uint8_t* w = weights.ptr<std::uint8_t>(y);
    for (int x = 0; x < original.cols; ++x) {
      if (w[x] != 255) continue;
      const std::size_t at = static_cast<std::size_t>(x) * pixel_bytes;
      ++r.exact_pixels;
      r.exact_mismatches += std::memcmp(a + at, b + at, pixel_bytes) != 0;
    }
  }
}

// Every tile once: its exact pixels against the slide's, and (with boxes) the detection score.
void check_tiles(const SlideBenchOptions& o, const fs::path& smz, SlideBenchResult& r) {
  const FileSource file(smz);
  const TiledReader reader(file);
  auto source = slide::open_region_source(o.slide);
  std::optional<TiledScorer> scorer;
  if (!o.boxes.empty()) {
    const auto boxes = read_voc(o.boxes);
    scorer.emplace(boxes, cv::Size(r.width, r.height));
  }
  cv::Mat original;
  decode_tiles(reader, o.threads.back(), [&](std::uint32_t, const cv::Rect& cell, DecodedTile& t) {
    source->read(cell, original);
    count_exact(original, t.image, t.weights, r);
    if (scorer) scorer->add(cell, t.weights);
  });
  if (scorer) {
    const RoiScore s = scorer->score();
    r.boxes = s.boxes;
    r.recall = s.recall();
    r.precision = s.precision();
  }
}

// The images of `dir` encoded one by one from their pixels: bytes per megapixel.
void encode_fields(const SlideBenchOptions& o, SlideBenchResult& r) {
  double bytes = 0, mp = 0;
  for (const auto& job : find_jobs(o.fields, o.fields / ".none")) {
    const LoadedImage in = load_image(job.file);
    bytes += static_cast<double>(compress(in.image, o.config.settings).encoded.bytes.size());
    mp += static_cast<double>(in.image.pixel_count()) / 1e6;
    ++r.fields;
  }
  if (mp > 0) r.fields_bytes_per_mp = bytes / mp;
}

}  // namespace

SlideBenchResult run_slide_bench(const SlideBenchOptions& o, std::ostream& log) {
  SlideBenchResult r;
  r.slide = o.slide.string();
  cv::setNumThreads(1);
  fs::create_directories(o.work);
  {
    auto source = slide::open_region_source(o.slide);
    if (!source) throw InputError(o.slide.string() + ": not a TIFF or a slide OpenSlide reads");
    r.width = source->width();
    r.height = source->height();
    r.channels = source->channels();
    r.source_description = source->describe();
  }
  std::error_code ec;
  r.source_bytes = fs::file_size(o.slide, ec);
  const double mp = static_cast<double>(r.width) * r.height / 1e6;
  const fs::path smz = o.work / "slide.smz", tif = o.work / "decoded.tif";
  std::optional<std::pair<std::uint64_t, std::uint32_t>> first;  // size and CRC of the first encode
  for (const int threads : o.threads) {
    const fs::path out = o.work / fmt::format("slide-t{}.smz", threads);
    log << "bench: encoding " << o.slide.string() << " on " << threads << " thread(s)\n";
    SlidePhase p = in_child(
        [&] {
          auto source = slide::open_region_source(o.slide);
          SlideRunOptions opt;
          opt.threads = threads;
          return encode_slide_file(*source, o.config.settings, out, opt).seconds;
        },
        "encode");
    p.threads = threads;
    p.mps = mp / p.seconds;
    r.encode.push_back(p);
    const auto digest = file_digest(out);
    if (!first) first = digest;
    else if (digest != *first) throw std::runtime_error("encode: the output depends on the thread count");
    fs::rename(out, smz);
  }
  r.smz_bytes = first ? first->first : 0;
  {
    const FileSource file(smz);
    const TiledReader reader(file);
    r.tiles = reader.grid().tile_count();
    r.tile_side = reader.grid().tile_width;
  }
  log << "bench: decoding into " << tif.string() << "\n";
  r.decode = in_child(
      [&] {
        const auto t0 = Clock::now();
        const FileSource file(smz);
        write_pyramid(TiledReader(file), tif, {}, "deflate", o.threads.back());
        return seconds_since(t0);
      },
      "decode");
  r.decode.threads = o.threads.back();
  r.decode.mps = mp / r.decode.seconds;
  log << "bench: " << o.regions << " regions\n";
  time_regions(o, smz, tif, r);
  log << "bench: checking every tile\n";
  check_tiles(o, smz, r);
  r.roi_fraction = static_cast<double>(r.exact_pixels) / (mp * 1e6);
  if (!o.fields.empty()) {
    log << "bench: encoding the fields of " << o.fields.string() << " one by one\n";
    encode_fields(o, r);
  }
  return r;
}

nlohmann::json slide_bench_json(const SlideBenchResult& r) {
  nlohmann::json j;
  const double mp = static_cast<double>(r.width) * r.height / 1e6;
  j["slide"] = r.slide;
  j["source"] = r.source_description;
  j["width"] = r.width;
  j["height"] = r.height;
  j["megapixels"] = mp;
  j["source_bytes"] = r.source_bytes;
  j["smz_bytes"] = r.smz_bytes;
  j["smz_bytes_per_mp"] = static_cast<double>(r.smz_bytes) / mp;
  j["tiles"] = r.tiles;
  j["tile_side"] = r.tile_side;
  j["roi_fraction"] = r.roi_fraction;
  for (const auto& e : r.encode)
    j["encode"].push_back({{"threads", e.threads}, {"seconds", e.seconds}, {"mps", e.mps}, {"peak_rss_mb", mb(e.peak_rss_kb)}});
  j["decode"] = {{"threads", r.decode.threads}, {"seconds", r.decode.seconds}, {"mps", r.decode.mps},
                 {"peak_rss_mb", mb(r.decode.peak_rss_kb)}};
  j["regions"] = {{"count", r.region_ms.size()}, {"median_ms", percentile(r.region_ms, 0.5)},
                  {"p95_ms", percentile(r.region_ms, 0.95)}, {"mismatches", r.region_mismatches}};
  j["exact"] = {{"pixels", r.exact_pixels}, {"mismatches", r.exact_mismatches}};
  if (r.recall) j["detection"] = {{"boxes", r.boxes}, {"recall", *r.recall}, {"precision", *r.precision}};
  if (r.fields_bytes_per_mp)
    j["fields"] = {{"count", r.fields}, {"bytes_per_mp", *r.fields_bytes_per_mp},
                   {"slide_over_fields", static_cast<double>(r.smz_bytes) / mp / *r.fields_bytes_per_mp}};
  return j;
}

std::string slide_bench_table(const SlideBenchResult& r) {
  const double mp = static_cast<double>(r.width) * r.height / 1e6;
  std::string s = fmt::format("slide     {} ({} x {}, {:.1f} MP, {})\n", r.slide, r.width, r.height, mp, r.source_description);
  s += fmt::format(".smz      {} bytes ({:.0f} B/MP), {} tiles of {}, ROI {:.2f}% exact ({} mismatching pixels)\n",
                   r.smz_bytes, static_cast<double>(r.smz_bytes) / mp, r.tiles, r.tile_side, 100 * r.roi_fraction,
                   r.exact_mismatches);
  for (const auto& e : r.encode)
    s += fmt::format("encode    {} thread(s): {:.1f} s, {:.2f} MP/s, peak RSS {:.0f} MB\n", e.threads, e.seconds, e.mps,
                     mb(e.peak_rss_kb));
  s += fmt::format("decode    {} thread(s) into a pyramidal BigTIFF: {:.1f} s, {:.2f} MP/s, peak RSS {:.0f} MB\n",
                   r.decode.threads, r.decode.seconds, r.decode.mps, mb(r.decode.peak_rss_kb));
  s += fmt::format("regions   {}: median {:.1f} ms, p95 {:.1f} ms; {} differ from the full decode\n", r.region_ms.size(),
                   percentile(r.region_ms, 0.5), percentile(r.region_ms, 0.95), r.region_mismatches);
  if (r.recall)
    s += fmt::format("detection {} boxes: recall {:.3f}, precision {:.3f}\n", r.boxes, *r.recall, *r.precision);
  if (r.fields_bytes_per_mp)
    s += fmt::format("fields    {} encoded one by one: {:.0f} B/MP; the slide {:.3f}x that\n", r.fields,
                     *r.fields_bytes_per_mp, static_cast<double>(r.smz_bytes) / mp / *r.fields_bytes_per_mp);
  return s;
}

}  // namespace smearpress
