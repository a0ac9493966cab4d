#include "image_io.hpp"

#include "image_check.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <unistd.h>

namespace smearpress {

namespace fs = std::filesystem;

std::vector<std::uint8_t> read_file(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw InputError(path.string() + ": is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open (" + std::strerror(errno) + ")");
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
  if (in.bad()) throw InputError(path.string() + ": read error");
  return bytes;
}

void write_file_atomic(const fs::path& path, std::span<const std::uint8_t> bytes) {
  static std::atomic<unsigned> counter{0};
  fs::path tmp = path;
  tmp += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  {
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) throw InputError(path.string() + ": cannot write (" + std::strerror(errno) + ")");
    const bool ok = (bytes.empty() || std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size()) &&
                    std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
    const int err = errno;
    if (std::fclose(f) != 0 || !ok) {
      std::remove(tmp.c_str());
      throw InputError(path.string() + ": write failed (" + std::strerror(ok ? errno : err) + ")");
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    throw InputError(path.string() + ": cannot replace (" + ec.message() + ")");
  }
}

LoadedImage load_image(const fs::path& path) {
  const auto bytes = read_file(path);
  if (bytes.empty()) throw InputError(path.string() + ": empty file");
  if (const std::string why = check_image_structure(bytes); !why.empty())
    throw InputError(path.string() + ": " + why);
  cv::Mat m;
  try {
    m = cv::imdecode(cv::Mat(1, static_cast<int>(bytes.size()), CV_8U,
                             const_cast<std::uint8_t*>(bytes.data())),
                     cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception& e) {
    throw InputError(path.string() + ": cannot decode image (" + e.err + ")");
  }
  if (m.empty()) throw InputError(path.string() + ": not a readable image (unknown format or corrupt data)");
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
      cv::cvtColor(m, m, cv::COLOR_BGRA2BGR);
      out.notices.push_back("alpha channel dropped");
      break;
    default:
      throw InputError(path.string() + ": unsupported channel count " + std::to_string(m.channels()));
  }
  out.image = to_image(m);
  return out;
}

std::vector<std::uint8_t> encode_png(const cv::Mat& image) {
  std::vector<std::uint8_t> buf;
  if (!cv::imencode(".png", image, buf)) throw InputError("PNG encoding failed");
  return buf;
}

cv::Mat as_mat(const codec::Image& image) {
  return cv::Mat(image.height, image.width, CV_8UC(image.channels),
                 const_cast<std::uint8_t*>(image.data.data()));
}

codec::Image to_image(const cv::Mat& mat) {
  auto img = codec::Image::uninitialized(mat.cols, mat.rows, mat.channels());
  const std::size_t row_bytes = static_cast<std::size_t>(mat.cols) * mat.channels();
  for (int y = 0; y < mat.rows; ++y) std::memcpy(img.row(y), mat.ptr(y), row_bytes);
  return img;
}

}  // namespace smearpress
