// decode.cpp - `smearpress decode`: a .smz file back into a lossless image (and its weights);
// a tiled file whole into a pyramidal BigTIFF, or one region of it into any lossless format.
#include "cli/command.hpp"

#include "io/slide_files.hpp"
#include "runners/parallel.hpp"
#include "runners/slide_run.hpp"

#include <smearpress/mat_bridge.hpp>
#include <smearpress/pipeline.hpp>
#include <smearpress/slide.hpp>

#include <iostream>
#include <memory>
#include <optional>

namespace smearpress::cli {

namespace {

struct DecodeArgs {
  std::string input, output, weights_out, region, tiff_compression = "deflate";
  int threads = 0;
  bool quiet = false;
};

bool is_tiff_name(const std::filesystem::path& p) {
  const std::string e = lower_extension(p);
  return e == ".tif" || e == ".tiff";
}

void write_images(const DecodeArgs& a, const cv::Mat& image, const cv::Mat1b& weights) {
  const auto image_bytes = encode_lossless(image, a.output);
  std::vector<std::uint8_t> weight_bytes;
  if (!a.weights_out.empty()) weight_bytes = encode_lossless(weights, a.weights_out);
  write_file_atomic(a.output, image_bytes);
  if (!a.weights_out.empty()) write_file_atomic(a.weights_out, weight_bytes);
}

// A tiled file: a region (reading only its tiles), the whole image into a pyramidal BigTIFF,
// or the whole image into another format when it is small enough to hold.
void decode_tiled(const DecodeArgs& a, const std::optional<cv::Rect>& region) {
  const FileSource file(a.input);
  const TiledReader reader(file);
  const auto& g = reader.grid();
  if (region) {
    cv::Mat1b weights;
    const cv::Mat image =
        decode_region(reader, *region, a.weights_out.empty() ? nullptr : &weights, slide_threads(a.threads));
    write_images(a, image, weights);
    return;
  }
  if (is_tiff_name(a.output)) {
    if (!a.weights_out.empty() && !is_tiff_name(a.weights_out))
      throw UsageError("--weights-out " + a.weights_out + ": a BigTIFF output takes BigTIFF weights (.tif)");
    const SignalScope signals;
    write_pyramid(reader, a.output, a.weights_out, a.tiff_compression, a.threads, a.quiet ? nullptr : &std::cerr);
    return;
  }
  if (std::uint64_t{g.width} * g.height > codec::kMaxPixels)
    throw UsageError(a.input + " is " + std::to_string(g.width) + " x " + std::to_string(g.height) +
                     " pixels: decode it into a .tif (a tiled pyramidal BigTIFF) or decode a --region");
  cv::Mat1b weights;
  const cv::Mat image = decode_region(reader, {0, 0, static_cast<int>(g.width), static_cast<int>(g.height)},
                                      a.weights_out.empty() ? nullptr : &weights, slide_threads(a.threads));
  write_images(a, image, weights);
}

int run_decode(const DecodeArgs& a) {
  refuse_overwriting_input(a.input, a.output);
  // Check the output names and options before the work, so a typo costs nothing.
  check_lossless_name(a.output);
  if (!a.weights_out.empty()) {
    refuse_overwriting_input(a.input, a.weights_out);
    check_lossless_name(a.weights_out);
  }
  std::optional<cv::Rect> region;
  try {
    if (!a.region.empty()) region = parse_region(a.region);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if (is_tiled_file(a.input)) {
    try {
      decode_tiled(a, region);
    } catch (const codec::Error& e) {
      if (e.code() == codec::ErrorCode::kInvalidArgument) throw UsageError(a.input + ": " + e.what());
      throw InputError(a.input + ": invalid .smz file (" + codec::to_string(e.code()) + "): " + e.what());
    }
    return kExitOk;
  }
  const Reconstruction r = read_smz(a.input, [](std::span<const std::uint8_t> b) { return reconstruct(b); });
  cv::Mat image = as_mat(r.image);
  cv::Mat1b weights = r.weights;
  if (region) {
    try {
      check_region(*region, image.cols, image.rows);
    } catch (const codec::Error& e) {
      throw UsageError(a.input + ": " + e.what());
    }
    image = image(*region);
    weights = weights(*region);
  }
  write_images(a, image, weights);
  return kExitOk;
}

}  // namespace

Command add_decode(CLI::App& app) {
  auto a = std::make_shared<DecodeArgs>();
  auto* cmd = app.add_subcommand("decode", "Decode a .smz file into a lossless image");
  cmd->add_option("input", a->input, "Input .smz file")->required();
  cmd->add_option("-o,--output", a->output,
                  "Output image: .png, .tif, .bmp or .ppm/.pgm. A tiled file decoded whole into .tif/.tiff "
                  "becomes a tiled pyramidal BigTIFF (QuPath and OpenSlide open it), written tile by tile")
      ->required();
  cmd->add_option("--weights-out", a->weights_out,
                  "Also write the 8-bit blend weights: 255 = exact ROI pixel, 0 = background");
  cmd->add_option("--region", a->region,
                  "Decode only the rectangle X,Y,W,H (pixels); for a tiled file only the tiles it touches are read");
  cmd->add_option("--threads", a->threads, "Threads for a tiled file (default 0: every core)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--tiff-compression", a->tiff_compression,
                  "Compression of a BigTIFF output: deflate (default), zstd, lzw or none (all lossless)")
      ->check(CLI::IsMember({"deflate", "zstd", "lzw", "none"}));
  cmd->add_flag("-q,--quiet", a->quiet, "No progress line");
  cmd->footer(std::string(kTiledHelp) + "\n" + kExitHelp);
  return {cmd, [a] { return run_decode(*a); }};
}

}  // namespace smearpress::cli
