#include "../catch.hpp"

#include "config/config.hpp"
#include "io/image_io.hpp"
#include "runners/roi_eval.hpp"

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include <sstream>

using namespace smearpress;

TEST_CASE("Pascal-VOC boxes parse, and malformed files are named", "[roi_eval]") {
  const std::string doc = R"(<annotation><filename>x.jpg</filename>
    <object><name>RBC</name><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>10</xmax><ymax>20</ymax></bndbox></object>
    <object><name> WBC </name><bndbox><xmin>30.0</xmin><ymin>40</ymin><xmax>50</xmax><ymax>60</ymax></bndbox></object>
    </annotation>)";
  const auto boxes = parse_voc(doc, "x.xml");
  REQUIRE(boxes.size() == 2);
  REQUIRE(boxes[1].label == "WBC");
  REQUIRE(boxes[1].xmin == 30);
  REQUIRE(boxes[1].ymax == 60);
  REQUIRE_THROWS_WITH(parse_voc("<object><name>WBC</name></object>", "bad.xml"), test::contains_text("bad.xml"));
  REQUIRE_THROWS_WITH(parse_voc("<object><name>WBC</name><bndbox><xmin>a</xmin></bndbox></object>", "b.xml"),
                      test::contains_text("xmin"));
  REQUIRE_THROWS_AS(parse_voc("<object><name>WBC</name>", "c.xml"), InputError);
  REQUIRE(parse_voc("<annotation/>", "empty.xml").empty());
}

TEST_CASE("recall needs 30% of a box covered; precision counts pixels in boxes grown by 10%", "[roi_eval]") {
  cv::Mat1b mask(100, 100, static_cast<std::uint8_t>(0));
  // A 20 x 20 WBC box at (41..60, 41..60) in VOC's 1-based coordinates = pixels 40..59.
  const std::vector<VocBox> boxes = {{"WBC", 41, 41, 60, 60}, {"RBC", 1, 1, 10, 10}};
  mask(cv::Rect(40, 40, 20, 6)).setTo(255);  // 30% of the box
  RoiScore s = score_mask(mask, boxes);
  REQUIRE(s.boxes == 1);
  REQUIRE(s.covered == 1);
  REQUIRE(s.precision() == 1.0);
  mask.setTo(0);
  mask(cv::Rect(40, 40, 20, 5)).setTo(255);  // 25%
  REQUIRE(score_mask(mask, boxes).covered == 0);
  // Pixels up to 2 px (10% of 20) outside the box count as inside; beyond, not.
  mask.setTo(0);
  mask(cv::Rect(38, 40, 2, 10)).setTo(255);  // 20 px in the grown margin
  mask(cv::Rect(70, 70, 2, 10)).setTo(255);  // 20 px far outside
  s = score_mask(mask, boxes);
  REQUIRE(s.mask_pixels == 40);
  REQUIRE(s.inside_pixels == 20);
  REQUIRE(s.precision() == Approx(0.5));
}

TEST_CASE("the default detector finds the white cells of the sample fields", "[roi_eval]") {
  RoiEvalOptions opt;
  opt.config = load_config(SMEARPRESS_SOURCE_DIR "/configs/default.json");
  opt.images = SMEARPRESS_SOURCE_DIR "/samples/bccd";
  opt.annotations = SMEARPRESS_SOURCE_DIR "/samples/bccd";
  opt.json = true;
  std::ostringstream out, log;
  REQUIRE(run_roi_eval(opt, out, log) == 0);
  const auto j = nlohmann::json::parse(out.str());
  REQUIRE(j["images"].size() == 3);
  REQUIRE(j["overall"]["boxes"] == 3);
  REQUIRE(j["overall"]["recall"].get<double>() == 1.0);
  REQUIRE(j["overall"]["precision"].get<double>() >= 0.9);
  // The paper's detector, for comparison, misses or spills.
  opt.config = load_config(SMEARPRESS_SOURCE_DIR "/configs/seed.json");
  std::ostringstream out2;
  run_roi_eval(opt, out2, log);
  const auto s = nlohmann::json::parse(out2.str());
  REQUIRE(s["overall"]["precision"].get<double>() < j["overall"]["precision"].get<double>());
}

TEST_CASE("roi-eval: a mask scored tile by tile scores as the whole mask", "[roi_eval]") {
  cv::Mat1b mask(200, 300, static_cast<std::uint8_t>(0));
  cv::circle(mask, {60, 60}, 30, cv::Scalar(255), cv::FILLED);
  cv::circle(mask, {130, 100}, 25, cv::Scalar(255), cv::FILLED);  // across a seam of 64-pixel tiles
  cv::rectangle(mask, cv::Rect(250, 150, 40, 40), cv::Scalar(255), cv::FILLED);
  const std::vector<VocBox> boxes = {{"WBC", 31, 31, 90, 90},    {"WBC", 106, 76, 155, 125},
                                     {"WBC", 200, 10, 240, 50},  {"RBC", 250, 150, 290, 190},
                                     {"WBC", 120, 60, 128, 140}, {"WBC", 280, 180, 330, 230}};
  const RoiScore whole = score_mask(mask, boxes);
  TiledScorer tiled(boxes, mask.size());
  for (int y = 0; y < mask.rows; y += 64)
    for (int x = 0; x < mask.cols; x += 64) {
      const cv::Rect cell = cv::Rect(x, y, 64, 64) & cv::Rect(0, 0, mask.cols, mask.rows);
      tiled.add(cell, mask(cell).clone());
    }
  const RoiScore t = tiled.score();
  REQUIRE(whole.boxes == 5);
  REQUIRE(whole.covered >= 2);
  REQUIRE(whole.covered < whole.boxes);
  REQUIRE(t.boxes == whole.boxes);
  REQUIRE(t.covered == whole.covered);
  REQUIRE(t.mask_pixels == whole.mask_pixels);
  REQUIRE(t.inside_pixels == whole.inside_pixels);
}
