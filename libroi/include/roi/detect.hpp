// roi/detect.hpp - the ROI detector: where are the white-cell nuclei?
//
// Two detectors, and two fixed answers:
//  - kNone: no ROI, the whole image is background (the paper's base method on whole images).
//  - kAll: the whole image is ROI, so every pixel is stored exactly (lossless).
//  - kSaturation, the paper's: BGR -> HSV, saturation channel (inverted intensity for gray
//    input), Gaussian blur, Otsu threshold, external contours filtered by area and circularity
//    4*pi*A/P^2, the best contour (largest area * circularity) or all passing ones, filled and
//    enlarged by `dilate_px`.
//  - kStain, the project's: nuclear stain in optical density. The background colour is
//    estimated, every pixel turned into optical density OD_c = -ln(I_c / I_background,c), and
//    the nuclear stain measured as OD_red - OD_blue (nuclei absorb red far more than blue; red
//    cells the opposite). Otsu on the positive part of that map (never below `min_stain`)
//    gives the stained pixels. The red cells (green OD above its Otsu threshold) set the scale:
//    their granulometric radius R, the disc radius below which an opening keeps half of their
//    area. Stained pieces closer than 0.3 R are one object (the lobes of one nucleus);
//    objects of at least `nucleus_min_rbc` red-cell areas are nuclei, smaller ones from
//    `platelet_min_rbc` up are platelets (kept only with `platelets`). Each kept object's convex
//    hull (or its own shape, `outline`) is grown by `margin_rbc` R. Sizes relative to the red cells make it independent of the
//    magnification; optical density makes it independent of illumination and white balance.
#pragma once

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace roi {

enum class Method { kSaturation, kStain, kNone, kAll };
enum class Select { kBest, kAll };
enum class Outline { kHull, kShape };

struct DetectParams {
  Method method = Method::kSaturation;
  Select select = Select::kBest;  ///< one region (the paper) or every one that passes
  // kSaturation
  int blur_ksize = 5;            ///< Gaussian kernel size, odd, 1..99 (1 = no blur)
  double min_area_frac = 0.002;  ///< smallest contour area as a fraction of the image area
  double max_area_frac = 0.9;    ///< largest contour area as a fraction of the image area
  double min_circularity = 0.1;  ///< 4*pi*A/P^2 in 0..1; 1 is a disc
  int dilate_px = 15;            ///< enlargement of the chosen region (elliptic kernel radius)
  // kStain
  double min_stain = 0.15;        ///< lowest OD_red - OD_blue counted as stained
  double nucleus_min_rbc = 0.25;  ///< smallest nucleus, in red-cell areas
  double platelet_min_rbc = 0.02; ///< smallest platelet, in red-cell areas
  bool platelets = false;         ///< platelets are ROI too
  double margin_rbc = 0.3;        ///< growth of each region, in red-cell radii
  Outline outline = Outline::kHull;  ///< each region's outline: convex hull or the object's shape
  int downsample = 2;             ///< detect on an image this many times smaller (1, 2 or 4)
  /// kStain: the red-cell radius R in full-resolution pixels when it is already known (a whole
  /// slide measures it once, on a sample of its tiles); 0: measure it in this image.
  double rbc_radius = 0;
};

/// The allowed values of a DetectParams number: [lo, hi], or (lo, hi] when open_lo. validate()
/// checks these, and the tool layer's config parser quotes them in its errors: one definition.
struct Bounds {
  double lo = 0;
  double hi = 0;
  bool open_lo = false;
  constexpr bool contains(double x) const { return x <= hi && (open_lo ? x > lo : x >= lo); }
};
namespace bounds {
inline constexpr Bounds kBlurKsize{1, 99};           ///< blur_ksize, which must also be odd
inline constexpr Bounds kMinAreaFrac{0, 1};
inline constexpr Bounds kMaxAreaFrac{0, 1, true};
inline constexpr Bounds kMinCircularity{0, 1};
inline constexpr Bounds kDilatePx{0, 500};
inline constexpr Bounds kMinStain{0, 3, true};
inline constexpr Bounds kNucleusMinRbc{0, 20, true};
inline constexpr Bounds kPlateletMinRbc{0, 20, true};  ///< and at most nucleus_min_rbc
inline constexpr Bounds kMarginRbc{0, 5};
inline constexpr int kDownsample[] = {1, 2, 4};
inline constexpr Bounds kRbcRadius{0, 10000};
}  // namespace bounds

/// Throws std::invalid_argument naming the first field out of range.
void validate(const DetectParams& p);

enum class Kind { kRejected, kNucleus, kPlatelet };

/// One object the detector considered.
struct Candidate {
  double area = 0;         ///< pixels (at full resolution)
  double perimeter = 0;    ///< kSaturation only
  double circularity = 0;  ///< kSaturation only
  double rbc_areas = 0;    ///< kStain only: area in red-cell areas
  cv::Rect box;            ///< at full resolution
  Kind kind = Kind::kRejected;
  bool selected = false;   ///< part of the ROI
  int label = 0;           ///< kStain: the object's label in the detector's component image
};

struct Detection {
  cv::Mat1b mask;                     ///< 255 = ROI, 0 = background, full resolution
  cv::Mat1b feature;                  ///< the map that was thresholded, scaled to 0..255
  cv::Mat1b binary;                   ///< the thresholded map
  cv::Mat1b red_cells;                ///< kStain: the red-cell mask used for the scale
  double threshold = 0;               ///< on `feature`'s own scale (saturation 0..255, OD for kStain)
  double rbc_radius = 0;              ///< kStain: R in full-resolution pixels
  std::vector<Candidate> candidates;  ///< every object considered
  int work_scale = 1;                 ///< resolution divisor of feature/binary/red_cells
};

/// Runs the detector on an 8-bit BGR or gray image. An image without an accepted object gives an
/// empty mask (everything is background).
Detection detect(const cv::Mat& image, const DetectParams& params);

/// Named pictures of every step, for looking at what the detector did: the feature map, the
/// threshold, the red cells (kStain), the objects with their measures, the final ROI.
std::vector<std::pair<std::string, cv::Mat>> debug_views(const cv::Mat& image, const Detection& d);

}  // namespace roi
