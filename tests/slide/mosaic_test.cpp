// smearpress_make_mosaic at a small size: the pixels of a cell are its field's, and the boxes
// are the fields' boxes moved into place, clipped at the edge.
#include "runners/roi_eval.hpp"
#include "slide/tiff_source.hpp"
#include "tiff_maker.hpp"

#include "../catch.hpp"
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cstdlib>

namespace fs = std::filesystem;
using smearpress::VocBox;

namespace {

const fs::path kSamples = fs::path(SMEARPRESS_SOURCE_DIR) / "samples" / "bccd";

int make_mosaic(const std::string& args) {
  return std::system((std::string(SMEARPRESS_MAKE_MOSAIC) + " " + args + " > /dev/null 2>&1").c_str());
}

bool has_box(const std::vector<VocBox>& boxes, const VocBox& b) {
  return std::any_of(boxes.begin(), boxes.end(), [&](const VocBox& o) {
    return o.label == b.label && o.xmin == b.xmin && o.ymin == b.ymin && o.xmax == b.xmax && o.ymax == b.ymax;
  });
}

}  // namespace

TEST_CASE("a one-field mosaic repeats the field and moves every box to its cell", "[slide][mosaic]") {
  const auto dir = test::temp_dir("mosaic");
  fs::create_directories(dir / "fields");
  fs::copy_file(kSamples / "BloodImage_00002.jpg", dir / "fields" / "BloodImage_00002.jpg");
  fs::copy_file(kSamples / "BloodImage_00002.xml", dir / "fields" / "BloodImage_00002.xml");
  const std::string striped = GENERATE(std::string(), std::string(" --striped 64 --compression lzw"));
  const std::string fields = (dir / "fields").string();
  REQUIRE(make_mosaic("--fields " + fields + " --annotations " + fields + " --width 3000 --height 2000 --tile 256 -o " +
                      (dir / "m.tif").string() + " --boxes " + (dir / "m.xml").string() + striped) == 0);
  smearpress::slide::TiffSource mosaic(dir / "m.tif");
  REQUIRE(mosaic.describe() == (striped.empty() ? "BigTIFF, tiled 256x256, deflate, 3 samples"
                                                : "TIFF, striped 64 rows, lzw, 3 samples"));
  cv::Mat cell;
  mosaic.read({640, 480, 640, 480}, cell);
  REQUIRE(cv::norm(cell, cv::imread((kSamples / "BloodImage_00002.jpg").string()), cv::NORM_INF) == 0);

  // 3000x2000 in 640x480 cells: 4x4 whole cells, a column 440 wide, a row 80 high.
  const auto field = smearpress::read_voc(kSamples / "BloodImage_00002.xml");
  const auto boxes = smearpress::read_voc(dir / "m.xml");
  // By hand: the field's first box, RBC (385, 98)-(523, 198), in cell (1, 1) moves by (640, 480).
  REQUIRE(field.front().label == "RBC");
  REQUIRE(field.front().xmin == 385);
  REQUIRE(has_box(boxes, {"RBC", 1025, 578, 1163, 678}));
  // The count: a box stays whole in the 16 whole cells; in the cut cells it stays when at least
  // half of its area is left (x up to 440, y up to 80, or both, inside the cell).
  std::size_t expected = 0;
  for (const VocBox& b : field) {
    const int w = b.xmax - b.xmin + 1, h = b.ymax - b.ymin + 1;
    const int seen_w = std::max(0, std::min(b.xmax, 440) - b.xmin + 1);
    const int seen_h = std::max(0, std::min(b.ymax, 80) - b.ymin + 1);
    const bool in_corner = 2 * seen_w * seen_h >= w * h;  // the area counts, cut on both sides
    expected += 16 + (2 * seen_w >= w ? 4 : 0) + (2 * seen_h >= h ? 4 : 0) + (in_corner ? 1 : 0);
  }
  REQUIRE(boxes.size() == expected);
  for (const VocBox& b : boxes) REQUIRE((b.xmax <= 3000 && b.ymax <= 2000));
}

TEST_CASE("the mosaic's layout depends on the seed only", "[slide][mosaic]") {
  const auto dir = test::temp_dir("mosaic_seed");
  const std::string common = "--fields " + kSamples.string() + " --annotations " + kSamples.string() +
                             " --megapixels 1 --tile 128 --compression zstd";
  for (const char* name : {"a", "b", "c"})
    REQUIRE(make_mosaic(common + " --seed " + (name[0] == 'c' ? "2" : "1") + " -o " + (dir / name).string() +
                        ".tif --boxes " + (dir / name).string() + ".xml") == 0);
  const auto a = smearpress::read_voc(dir / "a.xml");
  const auto b = smearpress::read_voc(dir / "b.xml");
  const auto c = smearpress::read_voc(dir / "c.xml");
  REQUIRE(a.size() == b.size());
  REQUIRE(std::equal(a.begin(), a.end(), b.begin(), [](const VocBox& x, const VocBox& y) {
    return x.xmin == y.xmin && x.ymin == y.ymin && x.label == y.label;
  }));
  smearpress::slide::TiffSource mosaic(dir / "a.tif");
  REQUIRE(cv::Size(mosaic.width(), mosaic.height()) == cv::Size(1000, 1000));
  // Another seed orders the 3 fields differently (seeds 1 and 2 do, checked once).
  cv::Mat first_a, first_c;
  mosaic.read({0, 0, 640, 480}, first_a);
  smearpress::slide::TiffSource(dir / "c.tif").read({0, 0, 640, 480}, first_c);
  REQUIRE(cv::norm(first_a, first_c, cv::NORM_INF) > 0);
  REQUIRE(c.size() > 0);
}

TEST_CASE("make_mosaic refuses a missing size and an unknown compression", "[slide][mosaic]") {
  const auto dir = test::temp_dir("mosaic_bad");
  const std::string common = "--fields " + kSamples.string() + " --annotations " + kSamples.string() + " -o " +
                             (dir / "m.tif").string() + " --boxes " + (dir / "m.xml").string();
  REQUIRE(make_mosaic(common) != 0);
  REQUIRE(make_mosaic(common + " --width 100 --height 100 --compression lz4") != 0);
  REQUIRE(fs::is_empty(dir));
}
