// command.hpp - what every subcommand of the smearpress command line shares: exit statuses,
// usage errors, the --config help, and how a subcommand registers itself.
//
// Each subcommand lives in its own file (encode.cpp, decode.cpp, ...) and exposes one `add_*`
// function that declares its options on the app and returns a Command whose `run` does the
// work once the command line is parsed. main.cpp only registers, parses and maps errors.
#pragma once

#include "io/image_io.hpp"

#include <codec/error.hpp>

#include <smearpress/settings.hpp>

#include <CLI/CLI.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace smearpress::cli {

// Exit statuses, documented in --help and README.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;        // a file could not be read, decoded or written
inline constexpr int kExitUsage = 2;          // bad command line or config
inline constexpr int kExitSomeFailed = 3;     // batch finished, but some images failed
inline constexpr int kExitInterrupted = 130;  // stopped by Ctrl-C / SIGTERM

inline constexpr const char* kExitHelp =
    "Exit status: 0 success; 1 failure (unreadable or corrupt file, write error);\n"
    "2 bad command line or config; 3 batch/sweep finished but some images failed;\n"
    "130 interrupted (batch: rerun with --resume).";

// The --config help of every subcommand that runs the pipeline.
inline constexpr const char* kConfigHelp =
    "JSON config; keys left out keep the built-in defaults, which are the recommended settings of "
    "configs/default.json (the paper's method: --config configs/seed.json)";

inline constexpr const char* kTiledHelp =
    "An image larger than codec.tile (default 1024) pixels on a side is stored tiled: detected and\n"
    "coded tile by tile in bounded memory, never held whole (except a JPEG whose ROI is kept as its\n"
    "DCT coefficients, which stays one piece). Decode it whole into a pyramidal BigTIFF (.tif) or one\n"
    "--region X,Y,W,H into any lossless format.";

/// A mistake on the command line that CLI11 cannot see (exit status 2).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A registered subcommand: its CLI11 node and what to run when it was chosen.
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

Command add_encode(CLI::App& app);
Command add_decode(CLI::App& app);
Command add_info(CLI::App& app);
Command add_detect(CLI::App& app);
Command add_roi_eval(CLI::App& app);
Command add_batch(CLI::App& app);
Command add_merge(CLI::App& app);
Command add_sweep(CLI::App& app);
Command add_bench(CLI::App& app);

// ---- helpers (common.cpp) -------------------------------------------------------------------

/// The built-in defaults when `config_path` is empty, else the file's settings.
Settings settings_from(const std::string& config_path);
/// Prints what load_image changed on the way in, as "smearpress: notice: PATH: ...".
void print_notices(const std::string& path, const std::vector<std::string>& notices);
/// Throws UsageError when `out` is the file `in`.
void refuse_overwriting_input(const std::filesystem::path& in, const std::filesystem::path& out);
/// The file name's extension in lower case, with its dot (".tif").
std::string lower_extension(const std::filesystem::path& p);
/// Lossless image bytes for `path`'s extension (.png, .tif/.tiff, .bmp, .ppm/.pgm/.pnm); throws
/// UsageError for any other extension.
std::vector<std::uint8_t> encode_lossless(const cv::Mat& img, const std::filesystem::path& path);
/// Throws UsageError unless `path` names a lossless image format (checked before any work).
void check_lossless_name(const std::filesystem::path& path);
/// a / b, 0 when b is not positive.
double ratio(double a, double b);
/// The options of every run over a folder: a config (required for a sweep), input and output,
/// and --jobs.
void add_folder_run_options(CLI::App* cmd, std::string& config, const std::string& config_help,
                            bool config_required, std::string& input, std::string& output, int& jobs);

/// Reads an .smz file and hands its bytes to `parse`. A bad file is a one-line InputError naming
/// the file, e.g. "a.smz: invalid .smz file (corrupt): section BKGD: CRC mismatch (...)".
template <class Parse>
auto read_smz(const std::string& path, Parse parse) {
  const auto bytes = read_file(path);
  try {
    return parse(std::span<const std::uint8_t>(bytes));
  } catch (const codec::Error& e) {
    throw InputError(path + ": invalid .smz file (" + codec::to_string(e.code()) + "): " + e.what());
  }
}

}  // namespace smearpress::cli
