// openslide_source.hpp - a RegionSource over the vendor slide formats OpenSlide reads (Aperio
// SVS, Hamamatsu, MIRAX, Leica, Philips, Ventana, ...), at level 0. OpenSlide's handles are
// thread-safe, so reads from several threads run in parallel on one handle.
#pragma once

#include <smearpress/region_source.hpp>

#include <array>
#include <cstdint>
#include <filesystem>

struct _openslide;  // openslide_t, kept out of this header

namespace smearpress::slide {

class OpenSlideSource final : public RegionSource {
 public:
  /// Opens `path`; throws codec::Error naming the file when OpenSlide does not recognise it or
  /// reports an error, or when level 0 is larger than kMaxTiffSide a side.
  explicit OpenSlideSource(const std::filesystem::path& path);
  ~OpenSlideSource() override;
  OpenSlideSource(const OpenSlideSource&) = delete;
  OpenSlideSource& operator=(const OpenSlideSource&) = delete;

  int width() const override { return width_; }
  int height() const override { return height_; }
  int channels() const override { return 3; }
  /// Pixels outside the scanned area (fully transparent in OpenSlide's output) take the slide's
  /// background colour (property openslide.background-color), white without it; partly
  /// transparent ones are un-premultiplied. Throws codec::Error on a rectangle not inside the
  /// image and on OpenSlide's errors (after one, the handle fails every later read too).
  void read(const cv::Rect& r, cv::Mat& out) override;
  /// The tile size of level 0 when the format declares one, else 512x512.
  cv::Size natural_block() const override { return block_; }
  /// e.g. "OpenSlide aperio, 4 levels".
  std::string describe() const override;

 private:
  [[noreturn]] void fail(const std::string& what) const;

  std::filesystem::path path_;
  _openslide* slide_ = nullptr;
  std::string vendor_;
  int width_ = 0;
  int height_ = 0;
  int levels_ = 0;
  cv::Size block_{512, 512};
  std::array<std::uint8_t, 3> background_{255, 255, 255};  // B, G, R
};

}  // namespace smearpress::slide
