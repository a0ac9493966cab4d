// common.cpp - helpers shared by the subcommands (command.hpp).
#include "cli/command.hpp"

#include "config/config.hpp"

#include <opencv2/imgcodecs.hpp>

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

namespace {

std::string lower_extension(const fs::path& p) {
  std::string e = p.extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return e;
}

}  // namespace

std::vector<std::uint8_t> encode_lossless(const cv::Mat& img, const fs::path& path) {
  const std::string ext = lower_extension(path);
  if (ext == ".png") return encode_png(img);
  if (ext == ".tif" || ext == ".tiff" || ext == ".bmp" || ext == ".ppm" || ext == ".pgm" ||
      ext == ".pnm") {
    std::vector<std::uint8_t> buf;
    if (!cv::imencode(ext == ".pnm" ? (img.channels() == 1 ? ".pgm" : ".ppm") : ext, img, buf))
      throw InputError(path.string() + ": encoding failed");
    return buf;
  }
  throw UsageError(path.string() +
                   ": output must be lossless: .png, .tif, .tiff, .bmp, .ppm, .pgm or .pnm");
}

void check_lossless_name(const fs::path& path) {
  encode_lossless(cv::Mat(1, 1, CV_8UC1, cv::Scalar(0)), path);
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
