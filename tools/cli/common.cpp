// common.cpp - helpers shared by the subcommands (command.hpp).
#include "cli/command.hpp"

#include "config/config.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cctype>
#include <iostream>

namespace smearpress::cli {

namespace fs = std::filesystem;

Settings settings_from(const std::string& config_path) {
  return config_path.empty() ? Settings{} : load_config(config_path).settings;
}

void print_notices(const std::string& path, const std::vector<std::string>& notices) {
  for (const auto& n : notices) std::cerr << "smearpress: notice: " << path << ": " << n << "\n";
}

void refuse_overwriting_input(const fs::path& in, const fs::path& out) {
  std::error_code ec;
  if (fs::exists(out, ec) && fs::equivalent(in, out, ec))
    throw UsageError("the output " + out.string() + " is the input file; choose another name");
}

std::string lower_extension(const fs::path& p) {
  std::string e = p.extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return e;
}

namespace {

bool lossless_extension(const std::string& ext) {
  for (const char* e : {".png", ".tif", ".tiff", ".bmp", ".ppm", ".pgm", ".pnm"})
    if (ext == e) return true;
  return false;
}

}  // namespace

std::vector<std::uint8_t> encode_lossless(const cv::Mat& img, const fs::path& path) {
  const std::string ext = lower_extension(path);
  check_lossless_name(path);
  if (ext == ".png") return encode_png(img);
  std::string as = ext;
  cv::Mat pixels = img;
  if (ext == ".pnm") as = img.channels() == 1 ? ".pgm" : ".ppm";
  if (as == ".ppm" && img.channels() == 1) cv::cvtColor(img, pixels, cv::COLOR_GRAY2BGR);  // gray kept exactly
  if (as == ".pgm" && img.channels() != 1)
    throw UsageError(path.string() + ": a .pgm holds gray images only; use .ppm, .pnm or .png");
  std::vector<std::uint8_t> buf;
  if (!cv::imencode(as, pixels, buf)) throw InputError(path.string() + ": encoding failed");
  return buf;
}

void check_lossless_name(const fs::path& path) {
  if (!lossless_extension(lower_extension(path)))
    throw UsageError(path.string() + ": output must be lossless: .png, .tif, .tiff, .bmp, .ppm, .pgm or .pnm");
}

double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

void add_folder_run_options(CLI::App* cmd, std::string& config, const std::string& config_help,
                            bool config_required, std::string& input, std::string& output, int& jobs) {
  auto* opt = cmd->add_option("--config", config, config_help);
  if (config_required) opt->required();
  cmd->add_option("--input", input, "Folder of images, searched recursively")->required();
  cmd->add_option("--output", output, "Output folder (created if missing)")->required();
  cmd->add_option("-j,--jobs", jobs, "Parallel jobs (default 0: all cores)")->check(CLI::NonNegativeNumber);
}

}  // namespace smearpress::cli
