// roi_eval.hpp - scoring the ROI detector against Pascal-VOC annotations.
//
//   recall:    the share of boxes (of one label, WBC by default) of which the ROI mask covers at
//              least 30% of the box area;
//   precision: the share of ROI mask pixels inside some box of that label, each box grown by 10%
//              of its width and height on every side.
// Totals pool all images: recall = covered boxes / boxes, precision = inside pixels / mask pixels.
#pragma once

#include "config/run_config.hpp"

#include <opencv2/core.hpp>

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace smearpress {

/// A Pascal-VOC box: pixel coordinates 1-based and inclusive, as the format defines them.
struct VocBox {
  std::string label;
  int xmin = 0, ymin = 0, xmax = 0, ymax = 0;
};

/// The boxes of a VOC annotation file; throws InputError naming the file on malformed content.
std::vector<VocBox> read_voc(const std::filesystem::path& path);
/// The same from the document's text; `source` names it in errors.
std::vector<VocBox> parse_voc(const std::string& text, const std::string& source);

struct RoiScore {
  std::size_t boxes = 0;
  std::size_t covered = 0;
  std::uint64_t mask_pixels = 0;
  std::uint64_t inside_pixels = 0;
  double recall() const { return boxes ? static_cast<double>(covered) / static_cast<double>(boxes) : 0; }
  double precision() const {
    return mask_pixels ? static_cast<double>(inside_pixels) / static_cast<double>(mask_pixels) : 0;
  }
  RoiScore& operator+=(const RoiScore& o);
};

/// Scores one mask (non-zero = ROI) against the boxes with `label`.
RoiScore score_mask(const cv::Mat1b& mask, const std::vector<VocBox>& boxes, const std::string& label = "WBC",
                    double min_cover = 0.3, double grow = 0.1);

/// Scores a mask that is seen a tile at a time (a slide) exactly as score_mask scores it whole:
/// a box's cover is summed over the tiles it spans.
class TiledScorer {
 public:
  TiledScorer(const std::vector<VocBox>& boxes, cv::Size image, const std::string& label = "WBC",
              double min_cover = 0.3, double grow = 0.1);
  /// The mask (non-zero = ROI) of the rectangle `cell` of the image.
  void add(const cv::Rect& cell, const cv::Mat1b& mask);
  RoiScore score() const;

 private:
  std::vector<cv::Rect> boxes_, grown_;
  std::vector<std::uint64_t> covered_px_;
  double min_cover_;
  std::uint64_t mask_pixels_ = 0, inside_pixels_ = 0;
};

struct RoiEvalOptions {
  std::filesystem::path images;
  std::filesystem::path annotations;
  RunConfig config;
  std::string label = "WBC";
  bool json = false;
  std::filesystem::path debug_dir;  ///< empty: no debug pictures
};

/// Runs the evaluation, printing a table (or JSON) to `out` and notices to `log`. Returns the
/// number of images that could not be evaluated (unreadable image or annotation).
std::size_t run_roi_eval(const RoiEvalOptions& options, std::ostream& out, std::ostream& log);

/// Writes the detector's debug pictures for one image as DIR/<stem>_<view>.png.
void write_debug_views(const std::filesystem::path& dir, const std::string& stem, const cv::Mat& image,
                       const Settings& settings, const std::vector<VocBox>* boxes = nullptr,
                       const std::string& label = "WBC");

}  // namespace smearpress
