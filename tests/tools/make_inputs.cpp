// make_inputs DIR: writes the small awkward and broken input images of tests/cli/hostile_test.sh.
// make_inputs --jpeg DIR: the damaged JPEGs of tests/cli/jpeg_test.sh, and one good JPEG.
//
// Every file is generated here (no test data to keep in sync); the expected outcome of each is
// in the test script and in docs/ROBUSTNESS.md.
#include <codec/crc32.hpp>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace {

// A smear-like picture: pale background, a few pink discs, one dark purple "nucleus".
cv::Mat smear(int w, int h) {
  cv::Mat m(h, w, CV_8UC3);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const double dn = std::hypot(x - w * 0.5, y - h * 0.5) / (0.2 * std::max(w, h) + 1);
      const double dr = std::hypot(x - w * 0.2, y - h * 0.25) / (0.12 * std::max(w, h) + 1);
      cv::Vec3b px{210, 200, 215};                         // B, G, R
      if (dr < 1) px = {170, 150, 220};                    // red cell
      if (dn < 1) px = {150, 40, 110};                     // nucleus
      px[0] = static_cast<std::uint8_t>(px[0] + (x * 7 + y * 3) % 5);  // a little texture
      m.at<cv::Vec3b>(y, x) = px;
    }
  }
  return m;
}

std::vector<std::uint8_t> encoded(const std::string& ext, const cv::Mat& m) {
  std::vector<std::uint8_t> buf;
  if (!cv::imencode(ext, m, buf)) throw std::runtime_error("cannot encode " + ext);
  return buf;
}

void write(const fs::path& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

void put_be32(std::vector<std::uint8_t>& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

void append_chunk(std::vector<std::uint8_t>& png, const char* type, const std::vector<std::uint8_t>& data) {
  const std::size_t at = png.size();
  png.resize(at + 4);
  put_be32(png, at, static_cast<std::uint32_t>(data.size()));
  png.insert(png.end(), type, type + 4);
  png.insert(png.end(), data.begin(), data.end());
  const std::uint32_t crc = codec::crc32(std::span(png).subspan(at + 4, 4 + data.size()));
  png.resize(png.size() + 4);
  put_be32(png, png.size() - 4, crc);
}

// A gray + alpha PNG (colour type 4; OpenCV cannot write one), opaque, with the image data in
// stored (uncompressed) deflate blocks.
std::vector<std::uint8_t> gray_alpha_png(const cv::Mat& gray) {
  std::vector<std::uint8_t> raw;  // filter byte 0, then (gray, alpha) pairs
  for (int y = 0; y < gray.rows; ++y) {
    raw.push_back(0);
    for (int x = 0; x < gray.cols; ++x) {
      raw.push_back(gray.at<std::uint8_t>(y, x));
      raw.push_back(255);
    }
  }
  std::vector<std::uint8_t> z = {0x78, 0x01};
  for (std::size_t at = 0; at < raw.size(); at += 65535) {
    const std::size_t n = std::min<std::size_t>(65535, raw.size() - at);
    z.push_back(at + n == raw.size() ? 1 : 0);
    z.push_back(static_cast<std::uint8_t>(n));
    z.push_back(static_cast<std::uint8_t>(n >> 8));
    z.push_back(static_cast<std::uint8_t>(~n));
    z.push_back(static_cast<std::uint8_t>(~n >> 8));
    z.insert(z.end(), raw.begin() + static_cast<std::ptrdiff_t>(at), raw.begin() + static_cast<std::ptrdiff_t>(at + n));
  }
  std::uint32_t a = 1, b = 0;  // Adler-32
  for (const std::uint8_t v : raw) {
    a = (a + v) % 65521;
    b = (b + a) % 65521;
  }
  z.resize(z.size() + 4);
  put_be32(z, z.size() - 4, (b << 16) | a);

  std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  std::vector<std::uint8_t> ihdr(13, 0);
  put_be32(ihdr, 0, static_cast<std::uint32_t>(gray.cols));
  put_be32(ihdr, 4, static_cast<std::uint32_t>(gray.rows));
  ihdr[8] = 8;  // bit depth
  ihdr[9] = 4;  // gray + alpha
  append_chunk(png, "IHDR", ihdr);
  append_chunk(png, "IDAT", z);
  append_chunk(png, "IEND", {});
  return png;
}

// The offset of the first SOS segment's entropy-coded data, and of the marker that ends it.
std::pair<std::size_t, std::size_t> first_scan(const std::vector<std::uint8_t>& b) {
  std::size_t pos = 2;
  while (pos + 4 <= b.size() && !(b[pos] == 0xFF && b[pos + 1] == 0xDA))
    pos += 2 + (static_cast<std::size_t>(b[pos + 2]) << 8 | b[pos + 3]);
  if (pos + 4 > b.size()) throw std::runtime_error("no SOS in the JPEG");
  const std::size_t start = pos + 2 + (static_cast<std::size_t>(b[pos + 2]) << 8 | b[pos + 3]);
  std::size_t end = start;
  while (end + 1 < b.size() && !(b[end] == 0xFF && b[end + 1] != 0x00 && (b[end + 1] < 0xD0 || b[end + 1] > 0xD7)))
    ++end;
  return {start, end};
}

// Writes the SOF0 size fields (height, width) of a baseline JPEG.
void set_sof_size(std::vector<std::uint8_t>& b, int width, int height) {
  for (std::size_t i = 2; i + 8 < b.size(); ++i)
    if (b[i] == 0xFF && b[i + 1] == 0xC0) {
      b[i + 5] = static_cast<std::uint8_t>(height >> 8);
      b[i + 6] = static_cast<std::uint8_t>(height);
      b[i + 7] = static_cast<std::uint8_t>(width >> 8);
      b[i + 8] = static_cast<std::uint8_t>(width);
      return;
    }
  throw std::runtime_error("no SOF0 in the JPEG");
}

// Damaged JPEGs that get past the marker walk and cv::imdecode (which only warns about them)
// but not past the pipeline's libjpeg reader, and headers that no reader takes.
void write_jpeg_inputs(const fs::path& dir) {
  const auto good = encoded(".jpg", smear(160, 120));
  write(dir / "good.jpg", good);
  const auto [start, end] = first_scan(good);
  // Cut in the middle of the scan, with the end-of-image marker put back.
  auto cut = std::vector<std::uint8_t>(good.begin(), good.begin() + static_cast<std::ptrdiff_t>((start + end) / 2));
  cut.insert(cut.end(), {0xFF, 0xD9});
  write(dir / "cut-scan.jpg", cut);
  // 64 bytes of the scan replaced by stuffed 0xFF bytes: all-ones bits, no valid Huffman code.
  auto garbled = good;
  for (std::size_t i = (start + end) / 2, k = 0; k < 64 && i + 1 < end; i += 2, k += 2) {
    garbled[i] = 0xFF;
    garbled[i + 1] = 0x00;
  }
  write(dir / "garbled.jpg", garbled);
  auto zero = good;
  set_sof_size(zero, 0, 120);
  write(dir / "zero-width.jpg", zero);
  auto huge = good;
  set_sof_size(huge, 65535, 65535);
  write(dir / "huge.jpg", huge);
}

}  // namespace

int main(int argc, char** argv) {
  const bool jpeg_set = argc == 3 && std::string(argv[1]) == "--jpeg";
  if (argc != 2 && !jpeg_set) {
    std::fprintf(stderr, "usage: make_inputs [--jpeg] DIR\n");
    return 2;
  }
  const fs::path dir = argv[argc - 1];
  fs::create_directories(dir);
  try {
    if (jpeg_set) {
      write_jpeg_inputs(dir);
      return 0;
    }
    const cv::Mat colour = smear(48, 40);

    write(dir / "colour.png", encoded(".png", colour));  // the 8-bit original of the variants below
    write(dir / "empty.png", {});
    const std::string text = "this is a text file, not an image\n";
    write(dir / "text.jpg", {text.begin(), text.end()});
    auto jpeg = encoded(".jpg", colour);
    jpeg.resize(jpeg.size() * 2 / 3);
    write(dir / "truncated.jpg", jpeg);
    auto png = encoded(".png", colour);
    png.resize(png.size() - 20);
    write(dir / "truncated.png", png);

    cv::Mat deep;
    colour.convertTo(deep, CV_16U, 257.0);
    write(dir / "deep16.png", encoded(".png", deep));
    write(dir / "deep16.tif", encoded(".tif", deep));

    cv::Mat rgba;
    cv::Mat planes[4];
    cv::split(colour, planes);
    planes[3] = cv::Mat(colour.size(), CV_8U, cv::Scalar(255));
    cv::merge(planes, 4, rgba);
    write(dir / "rgba.png", encoded(".png", rgba));

    cv::Mat gray(colour.size(), CV_8U);
    for (int y = 0; y < gray.rows; ++y)
      for (int x = 0; x < gray.cols; ++x) gray.at<std::uint8_t>(y, x) = colour.at<cv::Vec3b>(y, x)[1];
    write(dir / "gray.png", encoded(".png", gray));
    write(dir / "gray-alpha.png", gray_alpha_png(gray));
    write(dir / "one.png", encoded(".png", smear(1, 1)));
    write(dir / "tiny.png", encoded(".png", smear(3, 5)));
    write(dir / "wide.png", encoded(".png", smear(97, 1)));

    // A PNG whose header claims 60000 x 60000 pixels (a decompression bomb): valid chunk CRCs.
    auto bomb = encoded(".png", smear(8, 8));
    put_be32(bomb, 16, 60000);
    put_be32(bomb, 20, 60000);
    put_be32(bomb, 29, codec::crc32(std::span<const std::uint8_t>(&bomb[12], 17)));  // IHDR CRC over type + 13 data bytes
    write(dir / "bomb.png", bomb);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_inputs: %s\n", e.what());
    return 1;
  }
  return 0;
}
