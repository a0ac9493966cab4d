// tiff_maker.cpp - test TIFFs (tiff_maker.hpp).
#include "tiff_maker.hpp"

#include <opencv2/imgproc.hpp>

#include <fstream>
#include <random>
#include <stdexcept>
#include <vector>

namespace test {

namespace fs = std::filesystem;

namespace {

void set_tags(TIFF* tif, const cv::Mat& samples, const TiffSpec& spec) {
  const int n = samples.channels();
  TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, static_cast<std::uint32_t>(samples.cols));
  TIFFSetField(tif, TIFFTAG_IMAGELENGTH, static_cast<std::uint32_t>(samples.rows));
  TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, spec.bits);
  TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, n);
  TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField(tif, TIFFTAG_COMPRESSION, spec.compression);
  const bool ycbcr = spec.compression == COMPRESSION_JPEG && n == 3;
  TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, n == 1 ? PHOTOMETRIC_MINISBLACK : ycbcr ? PHOTOMETRIC_YCBCR : PHOTOMETRIC_RGB);
  if (ycbcr) TIFFSetField(tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
  if (n == 4) {
    const std::uint16_t extra[] = {EXTRASAMPLE_UNASSALPHA};
    TIFFSetField(tif, TIFFTAG_EXTRASAMPLES, 1, extra);
  }
  if (spec.tile) {
    TIFFSetField(tif, TIFFTAG_TILEWIDTH, static_cast<std::uint32_t>(spec.tile));
    TIFFSetField(tif, TIFFTAG_TILELENGTH, static_cast<std::uint32_t>(spec.tile));
  } else {
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, static_cast<std::uint32_t>(spec.rows_per_strip));
  }
}

// The samples widened to `bits` (8 or 16), as raw bytes of one block.
std::vector<std::uint8_t> block_bytes(const cv::Mat& block, int bits) {
  std::vector<std::uint8_t> out;
  for (int y = 0; y < block.rows; ++y) {
    const std::uint8_t* row = block.ptr<std::uint8_t>(y);
    for (std::size_t i = 0; i < block.cols * block.elemSize(); ++i) {
      out.push_back(row[i]);
      if (bits == 16) out.push_back(row[i]);
    }
  }
  return out;
}

}  // namespace

void write_tiff(const fs::path& path, const cv::Mat& samples, const TiffSpec& spec) {
  TIFF* tif = TIFFOpen(path.c_str(), spec.bigtiff ? "w8" : "w");
  if (!tif) throw std::runtime_error("cannot create " + path.string());
  set_tags(tif, samples, spec);
  bool ok = true;
  if (spec.tile) {
    for (int y = 0; y < samples.rows; y += spec.tile)
      for (int x = 0; x < samples.cols; x += spec.tile) {
        const cv::Rect part = cv::Rect(x, y, spec.tile, spec.tile) & cv::Rect(0, 0, samples.cols, samples.rows);
        cv::Mat tile(spec.tile, spec.tile, samples.type(), cv::Scalar::all(0));
        samples(part).copyTo(tile(cv::Rect(0, 0, part.width, part.height)));
        auto bytes = block_bytes(tile, spec.bits);
        ok = ok && TIFFWriteEncodedTile(tif, TIFFComputeTile(tif, x, y, 0, 0), bytes.data(),
                                        static_cast<tmsize_t>(bytes.size())) >= 0;
      }
  } else {
    for (int y = 0, strip = 0; y < samples.rows; y += spec.rows_per_strip, ++strip) {
      auto bytes = block_bytes(samples.rowRange(y, std::min(samples.rows, y + spec.rows_per_strip)), spec.bits);
      ok = ok && TIFFWriteEncodedStrip(tif, static_cast<std::uint32_t>(strip), bytes.data(),
                                       static_cast<tmsize_t>(bytes.size())) >= 0;
    }
  }
  TIFFClose(tif);
  if (!ok) throw std::runtime_error("cannot write " + path.string());
}

cv::Mat pattern(int width, int height, int channels, std::uint32_t seed) {
  cv::Mat m(height, width, CV_8UC(channels));
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> noise(-20, 20);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width * channels; ++x) {
      const int v = 40 + (x * 7 + y * 3) % 170 + noise(rng);
      m.ptr<std::uint8_t>(y)[x] = cv::saturate_cast<std::uint8_t>(v);
    }
  return m;
}

cv::Mat as_returned(const cv::Mat& samples) {
  cv::Mat out;
  if (samples.channels() == 1) return samples.clone();
  cv::cvtColor(samples, out, samples.channels() == 4 ? cv::COLOR_RGBA2BGR : cv::COLOR_RGB2BGR);
  return out;
}

void patch_tag(const fs::path& path, std::uint16_t tag, std::uint32_t value) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  auto read_u = [&](std::streamoff at, int bytes) {
    std::uint32_t v = 0;
    f.seekg(at);
    for (int i = 0; i < bytes; ++i) v |= static_cast<std::uint32_t>(f.get()) << (8 * i);
    return v;
  };
  const std::uint32_t ifd = read_u(4, 4);
  const std::uint32_t entries = read_u(ifd, 2);
  for (std::uint32_t i = 0; i < entries; ++i) {
    const std::streamoff entry = ifd + 2 + 12 * static_cast<std::streamoff>(i);
    if (read_u(entry, 2) != tag) continue;
    if (value > 0xFFFF) {  // a SHORT entry becomes a LONG one: the value field has room for it
      f.seekp(entry + 2);
      f.put(static_cast<char>(TIFF_LONG));
      f.put(0);
    }
    const int width = read_u(entry + 2, 2) == TIFF_SHORT ? 2 : 4;
    f.seekp(entry + 8);
    for (int b = 0; b < width; ++b) f.put(static_cast<char>((value >> (8 * b)) & 0xFF));
    return;
  }
  throw std::runtime_error("tag " + std::to_string(tag) + " not in " + path.string());
}

}  // namespace test
