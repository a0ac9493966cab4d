#include "runners/roi_eval.hpp"

#include "runners/batch.hpp"
#include "runners/jobs.hpp"
#include "runners/parallel.hpp"
#include "io/image_io.hpp"
#include "reporting/table.hpp"

#include <roi/detect.hpp>
#include <smearpress/mat_bridge.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <ostream>
#include <sstream>

namespace smearpress {

namespace fs = std::filesystem;

namespace {

// The text between <tag> and </tag> after `from` within [from, end); npos when absent.
std::string element(const std::string& s, const std::string& tag, std::size_t from, std::size_t end,
                    std::size_t* next = nullptr) {
  const std::string open = "<" + tag + ">", close = "</" + tag + ">";
  const auto a = s.find(open, from);
  if (a == std::string::npos || a >= end) return {};
  const auto b = s.find(close, a);
  if (b == std::string::npos || b > end) return {};
  if (next) *next = b + close.size();
  return s.substr(a + open.size(), b - a - open.size());
}

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

}  // namespace

RoiScore& RoiScore::operator+=(const RoiScore& o) {
  boxes += o.boxes;
  covered += o.covered;
  mask_pixels += o.mask_pixels;
  inside_pixels += o.inside_pixels;
  return *this;
}

std::vector<VocBox> parse_voc(const std::string& text, const std::string& source) {
  std::vector<VocBox> out;
  std::size_t pos = 0;
  for (int index = 1;; ++index) {
    const auto start = text.find("<object>", pos);
    if (start == std::string::npos) break;
    const auto stop = text.find("</object>", start);
    if (stop == std::string::npos) throw InputError(source + ": object " + std::to_string(index) + " is not closed");
    VocBox b;
    b.label = trim(element(text, "name", start, stop));
    const std::string box = element(text, "bndbox", start, stop);
    if (b.label.empty() || box.empty())
      throw InputError(source + ": object " + std::to_string(index) + " lacks <name> or <bndbox>");
    auto coord = [&](const char* tag) {
      const std::string v = trim(element(box, tag, 0, box.size()));
      try {
        std::size_t used = 0;
        const double d = std::stod(v, &used);
        if (used != v.size() || !std::isfinite(d) || std::abs(d) > 1e6) throw std::invalid_argument(v);
        return static_cast<int>(std::lround(d));
      } catch (const std::exception&) {
        throw InputError(source + ": object " + std::to_string(index) + ": <" + tag + "> is not a number: '" + v + "'");
      }
    };
    b.xmin = coord("xmin");
    b.ymin = coord("ymin");
    b.xmax = coord("xmax");
    b.ymax = coord("ymax");
    if (b.xmax < b.xmin || b.ymax < b.ymin)
      throw InputError(source + ": object " + std::to_string(index) + ": empty box");
    out.push_back(b);
    pos = stop + 9;
  }
  return out;
}

std::vector<VocBox> read_voc(const fs::path& path) {
  const auto bytes = read_file(path);
  if (bytes.size() > (64u << 20)) throw InputError(path.string() + ": larger than 64 MB, not an annotation");
  return parse_voc(std::string(bytes.begin(), bytes.end()), path.string());
}

RoiScore score_mask(const cv::Mat1b& mask, const std::vector<VocBox>& boxes, const std::string& label,
                    double min_cover, double grow) {
  RoiScore s;
  const cv::Rect image(0, 0, mask.cols, mask.rows);
  cv::Mat1b inside(mask.size(), static_cast<std::uint8_t>(0));
  for (const auto& b : boxes) {
    if (b.label != label) continue;
    ++s.boxes;
    const int w = b.xmax - b.xmin + 1, h = b.ymax - b.ymin + 1;
    const cv::Rect box = cv::Rect(b.xmin - 1, b.ymin - 1, w, h) & image;
    if (box.area() > 0 && cv::countNonZero(mask(box)) >= min_cover * box.area()) ++s.covered;
    const int gx = static_cast<int>(std::lround(grow * w)), gy = static_cast<int>(std::lround(grow * h));
    const cv::Rect grown = cv::Rect(b.xmin - 1 - gx, b.ymin - 1 - gy, w + 2 * gx, h + 2 * gy) & image;
    if (grown.area() > 0) inside(grown).setTo(255);
  }
  s.mask_pixels = static_cast<std::uint64_t>(cv::countNonZero(mask));
  cv::Mat1b both;
  cv::bitwise_and(mask, inside, both);
  s.inside_pixels = static_cast<std::uint64_t>(cv::countNonZero(both));
  return s;
}

TiledScorer::TiledScorer(const std::vector<VocBox>& boxes, cv::Size image, const std::string& label,
                         double min_cover, double grow)
    : min_cover_(min_cover) {
  const cv::Rect all(0, 0, image.width, image.height);
  for (const auto& b : boxes) {
    if (b.label != label) continue;
    const int w = b.xmax - b.xmin + 1, h = b.ymax - b.ymin + 1;
    const int gx = static_cast<int>(std::lround(grow * w)), gy = static_cast<int>(std::lround(grow * h));
    boxes_.push_back(cv::Rect(b.xmin - 1, b.ymin - 1, w, h) & all);
    grown_.push_back(cv::Rect(b.xmin - 1 - gx, b.ymin - 1 - gy, w + 2 * gx, h + 2 * gy) & all);
  }
  covered_px_.assign(boxes_.size(), 0);
}

void TiledScorer::add(const cv::Rect& cell, const cv::Mat1b& mask) {
  cv::Mat1b inside(mask.size(), static_cast<std::uint8_t>(0));
  for (std::size_t i = 0; i < boxes_.size(); ++i) {
    const cv::Rect part = boxes_[i] & cell;
    if (part.area() > 0) covered_px_[i] += static_cast<std::uint64_t>(cv::countNonZero(mask(part - cell.tl())));
    const cv::Rect g = grown_[i] & cell;
    if (g.area() > 0) inside(g - cell.tl()).setTo(255);
  }
  mask_pixels_ += static_cast<std::uint64_t>(cv::countNonZero(mask));
  cv::Mat1b both;
  cv::bitwise_and(mask, inside, both);
  inside_pixels_ += static_cast<std::uint64_t>(cv::countNonZero(both));
}

RoiScore TiledScorer::score() const {
  RoiScore s;
  s.boxes = boxes_.size();
  for (std::size_t i = 0; i < boxes_.size(); ++i)
    if (boxes_[i].area() > 0 && static_cast<double>(covered_px_[i]) >= min_cover_ * boxes_[i].area()) ++s.covered;
  s.mask_pixels = mask_pixels_;
  s.inside_pixels = inside_pixels_;
  return s;
}

void write_debug_views(const fs::path& dir, const std::string& stem, const cv::Mat& image, const Settings& settings,
                       const std::vector<VocBox>* boxes, const std::string& label) {
  fs::create_directories(dir);
  const roi::Detection d = roi::detect(image, settings.detect);
  for (auto& [name, view] : roi::debug_views(image, d)) {
    if (boxes && (name == "objects" || name == "roi")) {
      for (const auto& b : *boxes)
        cv::rectangle(view, cv::Rect(b.xmin - 1, b.ymin - 1, b.xmax - b.xmin + 1, b.ymax - b.ymin + 1),
                      b.label == label ? cv::Scalar(255, 0, 255) : cv::Scalar(160, 160, 160), 1);
    }
    write_file_atomic(dir / (stem + "_" + name + ".png"), encode_png(view));
  }
}

namespace {

// One image's result: its score and detector figures, or why it was skipped.
struct EvalRow {
  std::string image;
  RoiScore score;
  double rbc_radius = 0;
  std::size_t regions = 0;
  std::string error;
};

// The images to evaluate; throws InputError unless both directories exist and there are some.
std::vector<ImageJob> eval_jobs(const RoiEvalOptions& opt) {
  std::error_code ec;
  if (!fs::is_directory(opt.images, ec)) throw InputError(opt.images.string() + ": not a directory");
  if (!fs::is_directory(opt.annotations, ec)) throw InputError(opt.annotations.string() + ": not a directory");
  auto jobs = find_jobs(opt.images, opt.debug_dir.empty() ? opt.images / ".none" : opt.debug_dir);
  if (jobs.empty()) throw InputError(opt.images.string() + ": no image files found");
  return jobs;
}

// Detects and scores one image against its annotation (and writes its debug views when asked);
// any failure becomes the row's error.
EvalRow evaluate_image(const ImageJob& job, const RoiEvalOptions& opt) {
  EvalRow r;
  r.image = job.relative;
  try {
    const fs::path xml = opt.annotations / (job.file.stem().string() + ".xml");
    if (!fs::exists(xml)) throw InputError("no annotation " + xml.filename().string());
    const auto boxes = read_voc(xml);
    const LoadedImage in = load_image(job.file);
    const cv::Mat img = as_mat(in.image);
    const roi::Detection d = roi::detect(img, opt.config.settings.detect);
    r.score = score_mask(d.mask, boxes, opt.label);
    r.rbc_radius = d.rbc_radius;
    for (const auto& c : d.candidates) r.regions += c.selected ? 1 : 0;
    if (!opt.debug_dir.empty())
      write_debug_views(opt.debug_dir, job.file.stem().string(), img, opt.config.settings, &boxes, opt.label);
  } catch (const std::exception& e) {
    r.error = e.what();
  }
  return r;
}

void print_json(const std::vector<EvalRow>& rows, const RoiScore& total, std::size_t failed, const RoiEvalOptions& opt,
                std::ostream& out) {
  nlohmann::json j;
  j["config"] = opt.config.name;
  j["label"] = opt.label;
  j["images"] = nlohmann::json::array();
  for (const auto& r : rows) {
    nlohmann::json e = {{"image", r.image}};
    if (!r.error.empty()) {
      e["error"] = r.error;
    } else {
      e.update({{"boxes", r.score.boxes},
                {"covered", r.score.covered},
                {"recall", r.score.boxes ? nlohmann::json(r.score.recall()) : nlohmann::json()},
                {"mask_pixels", r.score.mask_pixels},
                {"inside_pixels", r.score.inside_pixels},
                {"precision", r.score.mask_pixels ? nlohmann::json(r.score.precision()) : nlohmann::json()},
                {"regions", r.regions},
                {"rbc_radius", r.rbc_radius}});
    }
    j["images"].push_back(e);
  }
  j["overall"] = {{"images", rows.size() - failed},
                  {"skipped", failed},
                  {"boxes", total.boxes},
                  {"covered", total.covered},
                  {"recall", total.recall()},
                  {"mask_pixels", total.mask_pixels},
                  {"inside_pixels", total.inside_pixels},
                  {"precision", total.precision()}};
  out << j.dump(2) << "\n";
}

void print_table(const std::vector<EvalRow>& rows, const RoiScore& total, std::size_t failed, const RoiEvalOptions& opt,
                 std::ostream& out) {
  out << fmt::format("{:<28} {:>5} {:>7} {:>7} {:>9} {:>9} {:>6} {:>7}\n", "image", "boxes", "covered", "recall",
                     "mask px", "precision", "ROIs", "RBC r");
  for (const auto& r : rows) {
    if (!r.error.empty()) {
      out << fmt::format("{:<28} skipped: {}\n", r.image, r.error);
      continue;
    }
    out << fmt::format("{:<28} {:>5} {:>7} {:>7} {:>9} {:>9} {:>6} {:>7.1f}\n", r.image, r.score.boxes,
                       r.score.covered, r.score.boxes ? format_number(r.score.recall(), 3) : "-", r.score.mask_pixels,
                       r.score.mask_pixels ? format_number(r.score.precision(), 3) : "-", r.regions, r.rbc_radius);
  }
  out << fmt::format("overall ({} images, {} {} boxes): recall {:.3f} ({} of {} boxes covered >= 30%), "
                     "precision {:.3f} ({} of {} ROI pixels inside a box grown by 10%)\n",
                     rows.size() - failed, total.boxes, opt.label, total.recall(), total.covered, total.boxes,
                     total.precision(), total.inside_pixels, total.mask_pixels);
}

}  // namespace

std::size_t run_roi_eval(const RoiEvalOptions& opt, std::ostream& out, std::ostream& log) {
  const auto jobs = eval_jobs(opt);
  std::vector<EvalRow> rows(jobs.size());
  run_parallel(jobs.size(), 0, [&](std::size_t i) { rows[i] = evaluate_image(jobs[i], opt); });

  // The pooled score of the evaluated images; the skipped ones are noted in the log.
  RoiScore total;
  std::size_t failed = 0;
  for (const auto& r : rows) {
    if (!r.error.empty()) {
      ++failed;
      log << "roi-eval: skipped " << r.image << ": " << r.error << "\n";
      continue;
    }
    total += r.score;
  }
  if (opt.json)
    print_json(rows, total, failed, opt, out);
  else
    print_table(rows, total, failed, opt, out);
  return failed;
}

}  // namespace smearpress
