#include "runners/slide_run.hpp"

#include "io/files.hpp"

#include <smearpress/mat_bridge.hpp>
#include <smearpress/pipeline.hpp>

#include <codec/error.hpp>
#include "io/slide_files.hpp"
#include "reporting/progress.hpp"
#include "runners/parallel.hpp"
#include "slide/open_slide.hpp"
#include "slide/pyramid_tiff_writer.hpp"

#include <chrono>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <opencv2/core/utility.hpp>

namespace smearpress {

namespace fs = std::filesystem;

std::unique_ptr<RegionSource> open_slide_source(const fs::path& path, std::vector<std::string>* notices) {
  try {
    return slide::open_region_source(path);
  } catch (const codec::Error& e) {
    if (!slide::looks_like_tiff(path)) throw InputError(e.what());
    if (notices) notices->push_back(std::string("read whole, not by regions: ") + e.what());
    return nullptr;
  }
}

EncodeInput open_encode_input(const fs::path& path, const Settings& settings, std::vector<std::string>* notices) {
  EncodeInput in;
  auto source = open_slide_source(path, notices);
  if (source && stored_tiled(source->width(), source->height(), settings)) {
    in.slide = std::move(source);
  } else if (!source || slide::looks_like_tiff(path)) {
    in.image = load_image(path);
  } else {
    if (static_cast<std::uint64_t>(source->width()) * source->height() > codec::kMaxPixels)
      throw InputError(path.string() + ": too large for one piece; set codec.tile");
    cv::Mat whole;
    source->read({0, 0, source->width(), source->height()}, whole);
    in.image.image = to_image(whole);
  }
  return in;
}

int slide_threads(int threads) {
  if (threads > 0) return threads;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

namespace {

// A Progress over tiles when `out` is set; throws InputError when a signal asked to stop.
std::function<void(std::uint32_t, std::uint32_t)> tile_progress(std::optional<Progress>& bar, std::ostream* out,
                                                                 const std::string& what) {
  return [&bar, out, what](std::uint32_t done, std::uint32_t total) {
    if (SignalScope::stop_requested()) throw Interrupted(what + ": interrupted; nothing was written");
    if (!out) return;
    if (!bar) bar.emplace(*out, total, Progress::stderr_is_terminal(), "tiles");
    bar->tick();
    if (done == total) bar->finish();
  };
}

}  // namespace

SlideRunResult encode_slide_file(RegionSource& source, const Settings& settings, const fs::path& output,
                                 const SlideRunOptions& options) {
  SlideRunResult r;
  r.width = source.width();
  r.height = source.height();
  r.channels = source.channels();
  r.source_description = source.describe();
  cv::setNumThreads(1);  // the tiles are the parallelism
  const auto t0 = std::chrono::steady_clock::now();
  std::optional<Progress> bar;
  FileSink sink(output);
  SlideOptions opt;
  opt.threads = slide_threads(options.threads);
  opt.progress = [tick = tile_progress(bar, options.progress, output.string()), &options](std::uint32_t done,
                                                                                         std::uint32_t total) {
    tick(done, total);
    if (options.on_tile) options.on_tile(done, total);
  };
  r.encoded = encode_slide(source, settings, sink, opt);
  sink.commit();
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

cv::Rect parse_region(const std::string& text) {
  int v[4];
  char tail = 0;
  std::istringstream in(text);
  char c1 = 0, c2 = 0, c3 = 0;
  if (!(in >> v[0] >> c1 >> v[1] >> c2 >> v[2] >> c3 >> v[3]) || c1 != ',' || c2 != ',' || c3 != ',' ||
      (in >> tail) || v[0] < 0 || v[1] < 0 || v[2] <= 0 || v[3] <= 0)
    throw std::invalid_argument("region '" + text + "': expected X,Y,W,H (X, Y >= 0; W, H >= 1)");
  return {v[0], v[1], v[2], v[3]};
}

void write_pyramid(const TiledReader& reader, const fs::path& output, const fs::path& weights_out,
                   const std::string& compression, int threads, std::ostream* progress) {
  const codec::tiled::Grid& g = reader.grid();
  slide::PyramidTiffOptions opt;
  opt.compression = slide::parse_tiff_compression(compression);
  // The writer's tiles must divide the .smz tiles, whose sides are multiples of 64.
  opt.tile = g.tile_width % 512 == 0 && g.tile_height % 512 == 0   ? 512
             : g.tile_width % 256 == 0 && g.tile_height % 256 == 0 ? 256
                                                                   : 64;
  const int w = static_cast<int>(g.width), h = static_cast<int>(g.height);
  remove_stale_temporaries_of(output);  // what a killed decode left
  if (!weights_out.empty()) remove_stale_temporaries_of(weights_out);
  // The writer's errors (a full disk) are about the output, not the .smz: they name the file.
  auto writing = [](auto&& step) {
    try {
      step();
    } catch (const codec::Error& e) {
      throw InputError(std::string(e.what()) + "; nothing was written");
    }
  };
  std::optional<slide::PyramidTiffWriter> image, weights;
  writing([&] {
    image.emplace(output, w, h, g.channels, opt);
    if (!weights_out.empty()) weights.emplace(weights_out, w, h, 1, opt);
  });
  std::optional<Progress> bar;
  auto tick = tile_progress(bar, progress, output.string());
  cv::setNumThreads(1);
  // Z order keeps the writer's partly reduced tiles to a few per level; row-major would keep a
  // tile row of each level, memory growing with the width.
  std::vector<std::uint32_t> order;
  for (const cv::Rect& cell : slide::z_order_cells({w, h}, cv::Size(static_cast<int>(g.tile_width),
                                                                    static_cast<int>(g.tile_height))))
    order.push_back(static_cast<std::uint32_t>(cell.y) / g.tile_height * g.columns() +
                    static_cast<std::uint32_t>(cell.x) / g.tile_width);
  std::uint32_t done = 0;
  decode_tiles(reader, slide_threads(threads), order, [&](std::uint32_t, const cv::Rect& cell, DecodedTile& d) {
    writing([&] {
      image->put(cell, d.image);
      if (weights) weights->put(cell, d.weights);
    });
    tick(++done, g.tile_count());
  });
  writing([&] {
    image->finish();
    if (weights) weights->finish();
  });
}

}  // namespace smearpress
