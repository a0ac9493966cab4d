#include "io/image_io.hpp"

#include "io/image_check.hpp"

#include <codec/format.hpp>
#include <smearpress/mat_bridge.hpp>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace smearpress {

namespace fs = std::filesystem;

namespace {

// The .smz format's limits (codec/format.hpp), checked on the declared size where the header
// gives one and again on the decoded picture.
void check_size(const fs::path& path, std::uint32_t width, std::uint32_t height) {
  if (width <= codec::kMaxDimension && height <= codec::kMaxDimension &&
      std::uint64_t{width} * height <= codec::kMaxPixels)
    return;
  throw InputError(path.string() + ": image is " + std::to_string(width) + " x " + std::to_string(height) +
                   " pixels; smearpress takes at most " + std::to_string(codec::kMaxDimension) +
                   " on a side and " + std::to_string(codec::kMaxPixels) + " pixels in all");
}

}  // namespace

LoadedImage load_image(const fs::path& path) {
  auto bytes = read_file(path);
  if (bytes.empty()) throw InputError(path.string() + ": empty file");
  const ImageStructure structure = check_image_structure(bytes);
  if (!structure.problem.empty()) throw InputError(path.string() + ": " + structure.problem);
  check_size(path, structure.width, structure.height);  // before the decoder allocates
  cv::Mat m;
  try {
    m = cv::imdecode(cv::Mat(1, static_cast<int>(bytes.size()), CV_8U,
                             const_cast<std::uint8_t*>(bytes.data())),
                     cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception& e) {
    throw InputError(path.string() + ": cannot decode image (" + e.err + ")");
  }
  if (m.empty()) throw InputError(path.string() + ": not a readable image (unknown format or corrupt data)");
  check_size(path, static_cast<std::uint32_t>(m.cols), static_cast<std::uint32_t>(m.rows));
  LoadedImage out;
  if (m.depth() == CV_16U) {
    m.convertTo(m, CV_8U, 1.0 / 257.0);
    out.notices.push_back("16-bit samples scaled to 8 bits");
  } else if (m.depth() != CV_8U) {
    throw InputError(path.string() + ": unsupported sample type (only 8- and 16-bit integer images)");
  }
  switch (m.channels()) {
    case 1:
    case 3: break;
    case 2:
      cv::extractChannel(m, m, 0);
      out.notices.push_back("alpha channel dropped (gray + alpha input)");
      break;
    case 4:
      if (structure.png_colour_type == 4) {  // gray + alpha, expanded by the decoder
        cv::cvtColor(m, m, cv::COLOR_BGRA2GRAY);
        out.notices.push_back("alpha channel dropped (gray + alpha input)");
      } else {
        cv::cvtColor(m, m, cv::COLOR_BGRA2BGR);
        out.notices.push_back("alpha channel dropped");
      }
      break;
    default:
      throw InputError(path.string() + ": unsupported channel count " + std::to_string(m.channels()));
  }
  out.image = to_image(m);
  out.file = std::move(bytes);
  return out;
}

std::vector<std::uint8_t> encode_png(const cv::Mat& image) {
  std::vector<std::uint8_t> buf;
  if (!cv::imencode(".png", image, buf)) throw InputError("PNG encoding failed");
  return buf;
}

}  // namespace smearpress
