// batch_slide.cpp - one row of a batch for a slide: encoded and measured a tile at a time.
#include "runners/batch.hpp"

#include "io/slide_files.hpp"
#include "runners/slide_run.hpp"

#include <codec/metrics.hpp>
#include <smearpress/slide.hpp>

#include <atomic>
#include <chrono>
#include <unistd.h>

namespace smearpress {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

// Squared errors of a decoded slide against its source, pooled over all pixels, the exact ROI
// (weight 255) and the background (weight 0).
struct Errors {
  double all = 0, roi = 0, bg = 0;
  std::uint64_t samples = 0, roi_samples = 0, bg_samples = 0, pixels = 0, mask_pixels = 0;

  void add(const cv::Mat& original, const cv::Mat& decoded, const cv::Mat1b& weights) {
    const int ch = original.channels();
    for (int y = 0; y < original.rows; ++y) {
      const std::uint8_t* a = original.ptr<std::uint8_t>(y);
      const std::uint8_t* b = decoded.ptr<std::uint8_t>(y);
      const std::uint8_t* w = weights.ptr<std::uint8_t>(y);
      for (int x = 0; x < original.cols; ++x) {
        double e = 0;
        for (int c = 0; c < ch; ++c) {
          const double d = static_cast<double>(a[x * ch + c]) - b[x * ch + c];
          e += d * d;
        }
        all += e;
        if (w[x] == 255) {
          roi += e;
          roi_samples += static_cast<std::uint64_t>(ch);
        } else if (w[x] == 0) {
          bg += e;
          bg_samples += static_cast<std::uint64_t>(ch);
        }
        mask_pixels += w[x] != 0;
      }
    }
    samples += original.total() * static_cast<std::uint64_t>(ch);
    pixels += original.total();
  }

  Quality quality() const {
    Quality q;
    q.mse = samples ? all / static_cast<double>(samples) : 0;
    q.psnr = codec::psnr_from_mse(q.mse);
    if (roi_samples) q.psnr_roi = codec::psnr_from_mse(roi / static_cast<double>(roi_samples));
    if (bg_samples) q.psnr_bg = codec::psnr_from_mse(bg / static_cast<double>(bg_samples));
    q.roi_exact = roi == 0;
    q.roi_fraction = pixels ? static_cast<double>(mask_pixels) / static_cast<double>(pixels) : 0;
    return q;
  }
};

fs::path scratch_smz() {
  static std::atomic<unsigned> counter{0};
  return fs::temp_directory_path() /
         ("smearpress-slide-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".smz");
}

}  // namespace

ResultRow measure_slide(const ImageJob& job, RegionSource& source, const Settings& settings,
                        const std::optional<fs::path>& smz_out, const std::function<void(const std::string&)>& note) {
  ResultRow row;
  row.image = job.relative;
  row.cls = class_of(job);
  const fs::path smz = smz_out ? *smz_out : scratch_smz();
  try {
    row.width = source.width();
    row.height = source.height();
    row.channels = source.channels();
    std::error_code ec;
    row.source_bytes = static_cast<std::size_t>(fs::file_size(job.file, ec));
    row.roi_domain = "pixels";
    if (smz_out) fs::create_directories(smz_out->parent_path());
    SlideRunOptions opt;
    opt.threads = 1;
    opt.on_tile = [&note](std::uint32_t done, std::uint32_t total) {
      if (note && total >= 10 && done % (total / 10) == 0 && done < total)
        note("slide: " + std::to_string(done) + " of " + std::to_string(total) + " tiles encoded");
    };
    auto t0 = Clock::now();
    const SlideRunResult r = encode_slide_file(source, settings, smz, opt);
    row.encode_ms = ms_since(t0);
    row.stats = r.encoded.stats;
    row.notices = r.encoded.notices;
    const FileSource file(smz);
    const TiledReader reader(file);
    Errors errors;
    double compare_ms = 0;
    cv::Mat original;
    t0 = Clock::now();
    decode_tiles(reader, 1, [&](std::uint32_t, const cv::Rect& cell, DecodedTile& t) {
      const auto c0 = Clock::now();
      source.read(cell, original);
      errors.add(original, t.image, t.weights);
      compare_ms += ms_since(c0);
    });
    row.decode_ms = ms_since(t0) - compare_ms;
    row.quality = errors.quality();
    row.ok = true;
  } catch (const std::exception& e) {
    row.ok = false;
    row.error = e.what();
  }
  if (!smz_out) {
    std::error_code ec;
    fs::remove(smz, ec);
  }
  return row;
}

}  // namespace smearpress
