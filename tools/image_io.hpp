// image_io.hpp - reading input images and writing output files safely.
#pragma once

#include <codec/image.hpp>

#include <opencv2/core.hpp>

#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace smearpress {

/// A problem with a file the user gave us (unreadable, not an image, ...). what() is one line.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LoadedImage {
  codec::Image image;                 ///< 8-bit, 1 (gray) or 3 (B,G,R) channels
  std::vector<std::string> notices;   ///< what was changed on the way in (alpha dropped, ...)
};

/// Reads a whole file; throws InputError naming the path and the reason.
std::vector<std::uint8_t> read_file(const std::filesystem::path& path);

/// Writes `bytes` to a temporary file next to `path`, then renames it over `path`, so a reader
/// never sees a half-written file. Throws InputError on failure (the temporary is removed).
/// SIGINT and SIGTERM wait until the temporary is renamed or removed.
void write_file_atomic(const std::filesystem::path& path, std::span<const std::uint8_t> bytes);

/// Removes temporaries of write_file_atomic under `dir` (recursively) whose writing process no
/// longer runs: what a run killed mid-write (a second Ctrl-C, SIGKILL, power loss) left behind.
/// Returns how many were removed.
std::size_t remove_stale_temporaries(const std::filesystem::path& dir);

/// Decodes an image file into an 8-bit gray or BGR image. Alpha is dropped and 16-bit samples
/// are scaled to 8 bits, each with a notice. Throws InputError.
LoadedImage load_image(const std::filesystem::path& path);

/// PNG bytes of an 8-bit gray or BGR image.
std::vector<std::uint8_t> encode_png(const cv::Mat& image);

}  // namespace smearpress
