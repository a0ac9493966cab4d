// region_source.hpp - random access to the pixels of an image too large to hold: the input side
// of the slide path (slide.hpp). An implementation reads any rectangle at full resolution
// (level 0) on demand; a whole-slide encode reads a tile at a time and never the whole image.
//
// Implementations: MatSource (an image already in memory, below), and in the tool layer a TIFF /
// BigTIFF reader (libtiff) and a reader of the vendor slide formats (OpenSlide).
#pragma once

#include <opencv2/core.hpp>

#include <string>

namespace smearpress {

class RegionSource {
 public:
  virtual ~RegionSource() = default;
  virtual int width() const = 0;
  virtual int height() const = 0;
  /// 1 (gray) or 3 (B, G, R as OpenCV orders them).
  virtual int channels() const = 0;
  /// The pixels of `r`, which lies inside the image, as a CV_8UC(channels()) matrix of r's size
  /// (`out` is reallocated when its size or type differ). Safe to call from several threads at
  /// once. Throws codec::Error naming the file and the rectangle on damaged data.
  virtual void read(const cv::Rect& r, cv::Mat& out) = 0;
  /// The rectangle size the source decodes in one piece (a TIFF tile, or full-width strips);
  /// reads aligned to it cost least.
  virtual cv::Size natural_block() const = 0;
  /// One line for `info` and progress, e.g. "BigTIFF, tiled 512x512, deflate".
  virtual std::string describe() const = 0;
};

/// A RegionSource over an image in memory (8-bit, 1 or 3 channels), sharing its pixels.
class MatSource final : public RegionSource {
 public:
  explicit MatSource(cv::Mat image) : image_(image) {}
  int width() const override { return image_.cols; }
  int height() const override { return image_.rows; }
  int channels() const override { return image_.channels(); }
  void read(const cv::Rect& r, cv::Mat& out) override { image_(r).copyTo(out); }
  cv::Size natural_block() const override { return image_.size(); }
  std::string describe() const override { return "image in memory"; }

 private:
  cv::Mat image_;
};

}  // namespace smearpress
