// work.hpp - what the Python module's functions do, in plain C++: no Python objects, so the
// module can run all of it with the GIL released (module.cpp converts arguments and results).
// Each function takes the same path through the libraries as the command line, so the bytes and
// pixels match `smearpress encode` / `decode` exactly.
#pragma once

#include <smearpress/settings.hpp>

#include <codec/image.hpp>

#include <opencv2/core.hpp>

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace smearpress::python {

/// The most threads one call may use: OpenCV's workers inside the steps of an image, and the tile
/// workers of a tiled file. 0 (the default): one per core. 1 suits callers whose own threads or
/// processes are the parallelism. Process-wide; outputs never depend on it. Throws
/// std::invalid_argument when negative.
void set_threads(int threads);

/// The limit set_threads set, 0 resolved to the number of cores.
int threads();

/// .smz bytes of an image, as `smearpress encode` writes them for a file of these pixels:
/// tiled when larger than settings.tile, else one piece. `source_file`: the file the image was
/// decoded from (its bytes only matter for a JPEG, whose ROI may be kept as DCT coefficients).
std::vector<std::uint8_t> encode_image(const codec::Image& image, const Settings& settings,
                                       std::span<const std::uint8_t> source_file = {});

/// .smz bytes of an image or slide file, as `smearpress encode` writes them.
std::vector<std::uint8_t> encode_path(const std::filesystem::path& path, const Settings& settings);

/// Decoded pixels (8-bit BGR or gray) and blend weights (255 = exact ROI).
struct DecodedImage {
  codec::Image pixels;  ///< owns `image`'s pixels for a one-piece file (moving keeps them in place)
  cv::Mat image;
  cv::Mat1b weights;
};

/// Decodes .smz bytes, a tiled file whole (at most codec::kMaxPixels; else
/// std::invalid_argument). Throws codec::Error on a damaged file.
DecodedImage decode_bytes(std::span<const std::uint8_t> bytes);

/// The pixels and weights of `region` of a .smz file, as `smearpress decode --region` gives them:
/// of a tiled file only the tiles the region touches are read (from `file` or `bytes`, whichever
/// is given) and decoded; a one-piece file is decoded whole and cut. Throws codec::Error:
/// kInvalidArgument for a region that is empty or not inside the image, others for a damaged
/// file; InputError for a file that cannot be read.
DecodedImage decode_region_of(const std::filesystem::path& file, std::span<const std::uint8_t> bytes,
                              const cv::Rect& region);

/// The ROI mask (255 = ROI) the encoder would use for this image.
cv::Mat1b detect_mask(const codec::Image& image, const Settings& settings);

/// `smearpress info --json`'s document for .smz bytes, or for the file `file` when it is not
/// empty (a tiled file one tile at a time, in bounded memory), without "file", as JSON text.
std::string info_json_text(const std::filesystem::path& file, std::span<const std::uint8_t> bytes);

}  // namespace smearpress::python
