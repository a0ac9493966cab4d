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

#include <memory>
#include <stdexcept>
#include <string>

namespace smearpress::python {

namespace {

// Threads only split the tiles of one image; the output does not depend on them.
std::vector<std::uint8_t> encode_tiled(RegionSource& source, const Settings& settings) {
  VectorSink sink;
  SlideOptions options;
  options.threads = slide_threads(0);
  encode_slide(source, settings, sink, options);
  return std::move(sink.bytes());
}

}  // namespace

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
                            slide_threads(0));
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
  const bool from_file = !file.empty();
  if (from_file ? is_tiled_file(file) : codec::tiled::is_tiled(bytes)) {
    std::unique_ptr<ByteSource> source;
    if (from_file)
      source = std::make_unique<FileSource>(file);
    else
      source = std::make_unique<SpanSource>(bytes);
    const TiledReader reader(*source);
    DecodedImage d;
    d.image = decode_region(reader, region, &d.weights, slide_threads(0));
    return d;
  }
  const std::vector<std::uint8_t> whole = from_file ? read_file(file) : std::vector<std::uint8_t>{};
  DecodedImage d = decode_bytes(from_file ? std::span<const std::uint8_t>(whole) : bytes);
  check_region(region, d.image.cols, d.image.rows);
  DecodedImage cut;
  cut.image = d.image(region).clone();
  cut.weights = d.weights(region).clone();
  return cut;
}

cv::Mat1b detect_mask(const codec::Image& image, const Settings& settings) {
  return roi::detect(as_mat(image), settings.detect).mask;
}

std::string info_json_text(const std::filesystem::path& file, std::span<const std::uint8_t> bytes) {
  if (!file.empty()) {
    if (is_tiled_file(file)) return tiled_info_json(inspect_tiled(FileSource(file))).dump();
    const std::vector<std::uint8_t> whole = read_file(file);
    return info_json_text({}, whole);
  }
  if (codec::tiled::is_tiled(bytes)) return tiled_info_json(inspect_tiled(SpanSource(bytes))).dump();
  return info_json(codec::inspect(bytes)).dump();
}

}  // namespace smearpress::python
