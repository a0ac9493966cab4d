#include "work.hpp"

#include "io/files.hpp"
#include "io/image_io.hpp"
#include "io/slide_files.hpp"
#include "reporting/smz_info.hpp"
#include "runners/slide_run.hpp"

#include <smearpress/mat_bridge.hpp>
#include <smearpress/pipeline.hpp>
#include <smearpress/region_source.hpp>
#include <smearpress/slide.hpp>

#include <codec/error.hpp>
#include <codec/format.hpp>
#include <codec/tiled.hpp>

#include <opencv2/core/utility.hpp>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>

namespace smearpress::python {

namespace {

// set_threads' value: 0 = one per core.
std::atomic<int> thread_limit{0};

// Threads only split the tiles of one image; the output does not depend on them.
std::vector<std::uint8_t> encode_tiled(RegionSource& source, const Settings& settings) {
  VectorSink sink;
  SlideOptions options;
  options.threads = threads();
  encode_slide(source, settings, sink, options);
  return std::move(sink.bytes());
}

// A .smz file given by its path (when `file` is not empty) or by its bytes: a tiled one as a
// source its tiles are read from on demand, a one-piece one as its bytes (read whole from a path).
struct SmzData {
  std::unique_ptr<ByteSource> tiled;
  std::vector<std::uint8_t> owned;
  std::span<const std::uint8_t> bytes;
};

SmzData open_smz(const std::filesystem::path& file, std::span<const std::uint8_t> bytes) {
  SmzData smz;
  if (file.empty()) {
    if (codec::tiled::is_tiled(bytes))
      smz.tiled = std::make_unique<SpanSource>(bytes);
    else
      smz.bytes = bytes;
  } else if (is_tiled_file(file)) {
    smz.tiled = std::make_unique<FileSource>(file);
  } else {
    smz.owned = read_file(file);
    smz.bytes = smz.owned;
  }
  return smz;
}

}  // namespace

void set_threads(int threads) {
  if (threads < 0)
    throw std::invalid_argument("threads: expected 0 (one per core) or more, got " + std::to_string(threads));
  thread_limit = threads;
  cv::setNumThreads(threads == 0 ? -1 : threads);  // -1: OpenCV's default again
}

int threads() { return slide_threads(thread_limit.load()); }

std::vector<std::uint8_t> encode_image(const codec::Image& image, const Settings& settings,
                                       std::span<const std::uint8_t> source_file) {
  if (stored_tiled(image.width, image.height, settings, settings.jpeg_dct && is_jpeg(source_file))) {
    MatSource source(as_mat(image));
    return encode_tiled(source, settings);
  }
  return compress(image, settings, source_file).encoded.bytes;
}

std::vector<std::uint8_t> encode_path(const std::filesystem::path& path, const Settings& settings) {
  EncodeInput in = open_encode_input(path, settings);
  if (in.slide) return encode_tiled(*in.slide, settings);
  return encode_image(in.image.image, settings, in.image.file);
}

DecodedImage decode_bytes(std::span<const std::uint8_t> bytes) {
  if (codec::tiled::is_tiled(bytes)) {
    const SpanSource source(bytes);
    const TiledReader reader(source);
    const auto& g = reader.grid();
    if (std::uint64_t{g.width} * g.height > codec::kMaxPixels)
      throw std::invalid_argument("the file is " + std::to_string(g.width) + " x " + std::to_string(g.height) +
                                  " pixels, too large to decode whole: use `smearpress decode` into a .tif "
                                  "or with --region");
    DecodedImage d;
    d.image = decode_region(reader, {0, 0, static_cast<int>(g.width), static_cast<int>(g.height)}, &d.weights,
                            threads());
    return d;
  }
  Reconstruction r = reconstruct(bytes);
  DecodedImage d;
  d.pixels = std::move(r.image);
  d.image = as_mat(d.pixels);
  d.weights = r.weights;
  return d;
}

DecodedImage decode_region_of(const std::filesystem::path& file, std::span<const std::uint8_t> bytes,
                              const cv::Rect& region) {
  const SmzData smz = open_smz(file, bytes);
  if (smz.tiled) {
    const TiledReader reader(*smz.tiled);
    DecodedImage d;
    d.image = decode_region(reader, region, &d.weights, threads());
    return d;
  }
  DecodedImage d = decode_bytes(smz.bytes);
  check_region(region, d.image.cols, d.image.rows);
  d.image = d.image(region);  // views of the whole: the module copies them into arrays
  d.weights = d.weights(region);
  return d;
}

cv::Mat1b detect_mask(const codec::Image& image, const Settings& settings) {
  return roi::detect(as_mat(image), settings.detect).mask;
}

std::string info_json_text(const std::filesystem::path& file, std::span<const std::uint8_t> bytes) {
  const SmzData smz = open_smz(file, bytes);
  if (smz.tiled) return tiled_info_json(inspect_tiled(*smz.tiled)).dump();
  return info_json(codec::inspect(smz.bytes)).dump();
}

}  // namespace smearpress::python
