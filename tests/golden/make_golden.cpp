// make_golden DIR: writes the golden .smz corpus and its MANIFEST.txt into DIR
// (tests/data/golden). Run it only when a format change is intended: see
// tests/data/golden/README.md.
//
// Format version 2 files use the pixel ROI coders, version 3 files the jpeg-dct coder on a JPEG
// made from the same crop.
//
// A file that already exists in DIR is never rewritten, and its manifest line is kept as it was,
// so old files keep their recorded hashes; only missing files are encoded. The manifest is
// rewritten with every kept and new line, sorted by file name.
#include "golden.hpp"

#include "../test_util.hpp"

#include "io/image_io.hpp"
#include "jpeg_source.hpp"
#include <smearpress/mat_bridge.hpp>

#include <codec/codec.hpp>
#include <smearpress/pipeline.hpp>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using codec::BackgroundColour;
using codec::BackgroundMethod;
using codec::Bands;
using codec::MaskMethod;
using codec::PivotRule;
using codec::RoiMethod;
using codec::Upsample;

namespace {

/// The source picture: a crop of a real smear sample (a neutrophil).
constexpr const char* kSample = SMEARPRESS_SOURCE_DIR "/samples/pbc/neutrophil/BNE_33332.jpg";
constexpr int kCropWidth = 64, kCropHeight = 48;

/// One corpus file: its name, the picture (gray or colour), whether the mask is empty, the codec.
struct Case {
  const char* name;
  bool gray;
  bool empty_mask;
  codec::EncodeParams params;
};

codec::EncodeParams haar_ll(int levels, int step, MaskMethod mask, RoiMethod roi, int feather) {
  codec::EncodeParams p;
  p.background_method = BackgroundMethod::kHaarLLHuffman;
  p.levels = levels;
  p.quant_step = step;
  p.mask_method = mask;
  p.roi_method = roi;
  p.feather_px = feather;
  return p;
}

codec::EncodeParams wavelet(BackgroundColour colour, int detail_step, Upsample upsample,
                            MaskMethod mask, RoiMethod roi, int feather) {
  codec::EncodeParams p = haar_ll(2, 80, mask, roi, feather);
  p.background_method = BackgroundMethod::kWaveletRans;
  p.colour = colour;
  if (colour == BackgroundColour::kYCoCg) {
    p.chroma_levels = 1;
    p.chroma_step = 200;
  }
  p.detail_step = detail_step;
  p.upsample = upsample;
  return p;
}

codec::EncodeParams pivot(Bands bands, int block, PivotRule rule, MaskMethod mask, RoiMethod roi) {
  codec::EncodeParams p = haar_ll(bands == Bands::kAll ? 1 : 2, 40, mask, roi, 0);
  p.background_method = BackgroundMethod::kHaarPivotHuffman;
  p.bands = bands;
  p.pivot_block = block;
  p.pivot = rule;
  return p;
}

/// The covering set: every background method and its variants, every ROI and mask coder, gray
/// and colour, an empty mask and feathered blends (not the cartesian product).
std::vector<Case> corpus() {
  const auto rle = MaskMethod::kRunLengthGamma;
  const auto rows = MaskMethod::kRowDelta;
  const auto med = RoiMethod::kMedHuffman;
  const auto ctx = RoiMethod::kContextRans;
  const auto wgt = RoiMethod::kWeightedRans;
  const auto ch = BackgroundColour::kChannels;
  const auto yc = BackgroundColour::kYCoCg;
  return {
      {"v2-01-haarll-colour-rle-med.smz", false, false, haar_ll(2, 60, rle, med, 0)},
      {"v2-02-haarll-gray-rows-med-feather.smz", true, false, haar_ll(1, 30, rows, med, 4)},
      {"v2-03-haarll-colour-empty.smz", false, true, haar_ll(3, 60, rle, med, 0)},
      {"v2-04-wavelet-channels-detail-haar-colour-ctx.smz", false, false, wavelet(ch, 50, Upsample::kHaar, rle, ctx, 0)},
      {"v2-05-wavelet-ycocg-detail-haar-colour-wgt.smz", false, false, wavelet(yc, 60, Upsample::kHaar, rows, wgt, 3)},
      {"v2-06-wavelet-ycocg-smooth-colour-ctx-feather.smz", false, false, wavelet(yc, 0, Upsample::kSmooth, rows, ctx, 3)},
      {"v2-07-wavelet-channels-smooth-gray-wgt.smz", true, false, wavelet(ch, 0, Upsample::kSmooth, rle, wgt, 2)},
      {"v2-08-wavelet-channels-detail-haar-gray-ctx.smz", true, false, wavelet(ch, 40, Upsample::kHaar, rows, ctx, 0)},
      {"v2-09-wavelet-ycocg-smooth-colour-empty.smz", false, true, wavelet(yc, 0, Upsample::kSmooth, rows, ctx, 3)},
      {"v2-10-pivot-ll-upperleft-colour-med.smz", false, false, pivot(Bands::kLL, 4, PivotRule::kUpperLeft, rle, med)},
      {"v2-11-pivot-ll-mean-gray-ctx.smz", true, false, pivot(Bands::kLL, 3, PivotRule::kMean, rows, ctx)},
      {"v2-12-pivot-ll-median-colour-wgt.smz", false, false, pivot(Bands::kLL, 4, PivotRule::kMedian, rows, wgt)},
      {"v2-13-pivot-all-upperleft-colour-ctx.smz", false, false, pivot(Bands::kAll, 2, PivotRule::kUpperLeft, rle, ctx)},
      {"v2-14-pivot-all-mean-gray-med.smz", true, false, pivot(Bands::kAll, 4, PivotRule::kMean, rle, med)},
      {"v2-15-pivot-all-median-colour-wgt.smz", false, false, pivot(Bands::kAll, 3, PivotRule::kMedian, rows, wgt)},
      {"v2-16-pivot-all-noblock-gray-wgt-empty.smz", true, true, pivot(Bands::kAll, 1, PivotRule::kUpperLeft, rle, wgt)},
  };
}

/// Format version 3: the ROI as a JPEG's own DCT coefficients (jpeg-dct). The JPEG is the crop
/// (colour: 4:2:0, libjpeg's default; or gray) written by cv::imencode at `quality`.
struct JpegCase {
  const char* name;
  bool gray;
  int quality;
  codec::EncodeParams params;
};

std::vector<JpegCase> jpeg_corpus() {
  codec::EncodeParams colour = wavelet(BackgroundColour::kYCoCg, 0, Upsample::kSmooth, MaskMethod::kRowDelta,
                                       RoiMethod::kJpegDct, 3);
  codec::EncodeParams gray = haar_ll(2, 60, MaskMethod::kRunLengthGamma, RoiMethod::kJpegDct, 0);
  return {
      {"v3-17-wavelet-ycocg-smooth-colour420-rows-jpegdct-feather.smz", false, 85, colour},
      {"v3-18-haarll-gray-rle-jpegdct.smz", true, 90, gray},
  };
}

codec::Image disc_mask(const codec::Image& image) {
  return test::make_disc_mask(image.width, image.height, 0.3, 0.35);
}

/// Encodes one case as the pipeline does (hidden background included), with a disc or empty mask.
std::vector<std::uint8_t> encode_case(const Case& c, const codec::Image& image) {
  const codec::Image mask = c.empty_mask ? codec::Image(image.width, image.height, 1) : disc_mask(image);
  return smearpress::encode_masked(image, smearpress::as_mat(mask), c.params).bytes;
}

/// Encodes a jpeg-dct case as compress() does (the reader's coefficients and per-block bits, the
/// image as imdecode gives it) with a disc mask, and checks that the ROI decodes exactly.
std::vector<std::uint8_t> encode_jpeg_case(const JpegCase& c, const codec::Image& crop) {
  std::vector<std::uint8_t> jpeg;
  if (!cv::imencode(".jpg", smearpress::as_mat(crop), jpeg, {cv::IMWRITE_JPEG_QUALITY, c.quality}))
    throw std::runtime_error("cannot write the JPEG of " + std::string(c.name));
  smearpress::JpegReadResult r = smearpress::read_jpeg_coefficients(jpeg);
  if (!r.source) throw std::runtime_error(std::string(c.name) + ": " + r.pixel_path_reason);
  codec::jpeg::Coefficients coeffs = std::move(r.source->coefficients);
  for (std::size_t ci = 0; ci < coeffs.components.size(); ++ci)
    coeffs.components[ci].source_bits = std::move(r.source->block_bits[ci]);
  const codec::Image image = smearpress::to_image(
      cv::imdecode(cv::Mat(1, static_cast<int>(jpeg.size()), CV_8U, jpeg.data()), cv::IMREAD_UNCHANGED));
  const codec::Image mask = disc_mask(image);
  auto bytes = smearpress::encode_masked(image, smearpress::as_mat(mask), c.params, &coeffs).bytes;
  const smearpress::Reconstruction rec = smearpress::reconstruct(bytes);
  const int ch = image.channels;
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x)
      if (rec.weights(y, x) == 255 &&
          !std::equal(image.row(y) + x * ch, image.row(y) + (x + 1) * ch, rec.image.row(y) + x * ch))
        throw std::runtime_error(std::string(c.name) + ": the ROI does not decode to the JPEG's pixels");
  return bytes;
}

/// The colour and gray crops of the sample, from its centre.
std::pair<codec::Image, codec::Image> pictures() {
  const codec::Image full = smearpress::load_image(kSample).image;
  const cv::Mat whole = smearpress::as_mat(full);
  const cv::Rect box((whole.cols - kCropWidth) / 2, (whole.rows - kCropHeight) / 2, kCropWidth, kCropHeight);
  const cv::Mat colour = whole(box).clone();
  cv::Mat gray;
  cv::cvtColor(colour, gray, cv::COLOR_BGR2GRAY);
  return {smearpress::to_image(colour), smearpress::to_image(gray)};
}

std::map<std::string, golden::Entry> read_old_manifest(const fs::path& dir) {
  std::map<std::string, golden::Entry> old;
  if (!fs::exists(dir / golden::kManifestName)) return old;
  const std::vector<std::uint8_t> bytes = smearpress::read_file(dir / golden::kManifestName);
  for (golden::Entry& e : golden::parse_manifest(std::string(bytes.begin(), bytes.end())))
    old.emplace(e.file, std::move(e));
  return old;
}

/// Writes `name` with encode() unless it exists (then its manifest line is kept as it was).
void produce(const fs::path& dir, const char* name, std::map<std::string, golden::Entry>& entries,
             const std::function<std::vector<std::uint8_t>()>& encode) {
  const fs::path path = dir / name;
  if (fs::exists(path)) {
    if (!entries.count(name)) throw std::runtime_error(path.string() + " exists but is not in the manifest");
    std::printf("kept  %s\n", name);
    return;
  }
  const std::vector<std::uint8_t> bytes = encode();
  smearpress::write_file_atomic(path, bytes);
  entries[name] = golden::make_entry(name, bytes);
  std::printf("wrote %s (%zu bytes)\n", name, bytes.size());
}

void run(const fs::path& dir) {
  fs::create_directories(dir);
  std::map<std::string, golden::Entry> entries = read_old_manifest(dir);
  for (const auto& [file, entry] : entries)
    if (!fs::exists(dir / file)) throw std::runtime_error("the manifest lists a missing file " + file);
  const auto pics = pictures();  // not a structured binding: Clang 14 cannot capture those
  const codec::Image& colour = pics.first;
  const codec::Image& gray = pics.second;
  for (const Case& c : corpus())
    produce(dir, c.name, entries, [&] { return encode_case(c, c.gray ? gray : colour); });
  for (const JpegCase& c : jpeg_corpus())
    produce(dir, c.name, entries, [&] { return encode_jpeg_case(c, c.gray ? gray : colour); });
  std::string manifest = golden::kManifestHeader;
  for (const auto& [file, entry] : entries) manifest += golden::format_line(entry) + '\n';
  smearpress::write_file_atomic(dir / golden::kManifestName, std::span(
      reinterpret_cast<const std::uint8_t*>(manifest.data()), manifest.size()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR   (writes the golden .smz corpus and MANIFEST.txt)\n", argv[0]);
    return 2;
  }
  try {
    run(argv[1]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_golden: %s\n", e.what());
    return 1;
  }
  return 0;
}
