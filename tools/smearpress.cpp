// smearpress - command-line front end: encode, decode, info, detect, batch, bench.
#include "batch.hpp"
#include "bench.hpp"
#include "sweep.hpp"
#include "config.hpp"
#include "image_io.hpp"
#include "roi_eval.hpp"
#include "table.hpp"

#include <codec/error.hpp>
#include <codec/format.hpp>
#include <codec/methods.hpp>
#include <smearpress/mat_bridge.hpp>
#include <smearpress/pipeline.hpp>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>

#include <malloc.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>

#ifndef SMEARPRESS_VERSION
#define SMEARPRESS_VERSION "unknown"
#endif

namespace fs = std::filesystem;
using namespace smearpress;

namespace {

// Exit statuses, documented in --help and README.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;       // a file could not be read, decoded or written
constexpr int kExitUsage = 2;         // bad command line or config
constexpr int kExitSomeFailed = 3;    // batch finished, but some images failed
constexpr int kExitInterrupted = 130; // stopped by Ctrl-C / SIGTERM

const char* kExitHelp =
    "Exit status: 0 success; 1 failure (unreadable or corrupt file, write error);\n"
    "2 bad command line or config; 3 batch/sweep finished but some images failed;\n"
    "130 interrupted (batch: rerun with --resume).";

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The --config help of every subcommand that runs the pipeline.
constexpr const char* kConfigHelp =
    "JSON config; keys left out keep the built-in defaults, which are the recommended settings of "
    "configs/default.json (the paper's method: --config configs/seed.json)";

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
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return e;
}

// Lossless image bytes for `path`'s extension (PNG, TIFF, BMP, PNM).
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

double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

// ---- encode ---------------------------------------------------------------------------------

struct EncodeArgs {
  std::string input, output, config;
  bool quiet = false;
};

int run_encode(const EncodeArgs& a) {
  const Settings settings = settings_from(a.config);
  refuse_overwriting_input(a.input, a.output);
  const LoadedImage in = load_image(a.input);
  print_notices(a.input, in.notices);
  const Compressed c = compress(in.image, settings);
  write_file_atomic(a.output, c.encoded.bytes);
  if (!a.quiet) {
    const auto& s = c.encoded.stats;
    const double raw = static_cast<double>(in.image.byte_count());
    fmt::print("{}: {}x{}x{} -> {} ({} bytes: mask {}, roi {}, background {}); cr_file {:.2f}, "
               "cr_seed {:.2f}; ROI {:.2f}% of pixels\n",
               a.input, in.image.width, in.image.height, in.image.channels, a.output, s.file_bytes,
               s.mask_bytes, s.roi_bytes, s.background_bytes, ratio(raw, static_cast<double>(s.file_bytes)),
               ratio(raw * 8, static_cast<double>(s.ll_bits)),
               100.0 * static_cast<double>(s.roi_pixels) / static_cast<double>(in.image.pixel_count()));
  }
  return kExitOk;
}

// ---- decode ---------------------------------------------------------------------------------

struct DecodeArgs {
  std::string input, output, weights_out;
};

// Reads an .smz file and hands its bytes to `parse`. A bad file is a one-line InputError naming
// the file, e.g. "a.smz: invalid .smz file (corrupt): section BKGD: CRC mismatch (...)".
template <class Parse>
auto read_smz(const std::string& path, Parse parse) {
  const auto bytes = read_file(path);
  try {
    return parse(std::span<const std::uint8_t>(bytes));
  } catch (const codec::Error& e) {
    throw InputError(path + ": invalid .smz file (" + codec::to_string(e.code()) + "): " + e.what());
  }
}

int run_decode(const DecodeArgs& a) {
  refuse_overwriting_input(a.input, a.output);
  // Check the output names before the work, so a typo costs nothing.
  encode_lossless(cv::Mat(1, 1, CV_8UC1, cv::Scalar(0)), a.output);
  if (!a.weights_out.empty()) {
    refuse_overwriting_input(a.input, a.weights_out);
    encode_lossless(cv::Mat(1, 1, CV_8UC1, cv::Scalar(0)), a.weights_out);
  }
  const Reconstruction r = read_smz(a.input, [](std::span<const std::uint8_t> b) { return reconstruct(b); });
  const auto image_bytes = encode_lossless(as_mat(r.image), a.output);
  std::vector<std::uint8_t> weight_bytes;
  if (!a.weights_out.empty()) weight_bytes = encode_lossless(r.weights, a.weights_out);
  write_file_atomic(a.output, image_bytes);
  if (!a.weights_out.empty()) write_file_atomic(a.weights_out, weight_bytes);
  return kExitOk;
}

// ---- info -----------------------------------------------------------------------------------

struct InfoArgs {
  std::string input;
  bool json = false;
};

int run_info(const InfoArgs& a) {
  const codec::FileInfo info = read_smz(a.input, [](std::span<const std::uint8_t> b) { return codec::inspect(b); });
  const auto& h = info.header;
  const double raw = static_cast<double>(h.width) * h.height * h.channels;
  const double pixels = static_cast<double>(h.width) * h.height;
  if (a.json) {
    nlohmann::json j;
    j["file"] = a.input;
    j["file_bytes"] = info.file_bytes;
    j["format_version"] = info.version;
    j["width"] = h.width;
    j["height"] = h.height;
    j["channels"] = h.channels;
    j["bit_depth"] = 8;
    j["raw_bytes"] = static_cast<std::uint64_t>(raw);
    j["cr_file"] = ratio(raw, static_cast<double>(info.file_bytes));
    j["cr_seed"] = ratio(raw * 8, static_cast<double>(info.ll_bits));
    j["ll_bits"] = info.ll_bits;
    j["roi_pixels"] = info.roi_pixels;
    j["roi_fraction"] = static_cast<double>(info.roi_pixels) / pixels;
    j["parameters"] = {{"background_method", codec::to_string(h.background_method)},
                       {"levels", h.levels},
                       {"quant_step", h.quant_step},
                       {"mask_method", codec::to_string(h.mask_method)},
                       {"roi_method", codec::to_string(h.roi_method)},
                       {"feather_px", h.feather_px}};
    if (codec::traits(h.background_method).wavelet_fields)
      j["parameters"].update({{"colour", codec::to_string(h.colour)},
                              {"chroma_levels", h.chroma_levels},
                              {"chroma_step", h.chroma_step},
                              {"detail_step", h.detail_step},
                              {"upsample", codec::to_string(h.upsample)}});
    if (codec::traits(h.background_method).pivot_fields)
      j["parameters"].update({{"bands", codec::to_string(h.bands)},
                              {"pivot_block", h.pivot_block},
                              {"pivot", codec::to_string(h.pivot)}});
    j["sections"] = nlohmann::json::array();
    for (const auto& s : info.sections)
      j["sections"].push_back({{"tag", s.tag}, {"offset", s.offset}, {"payload_bytes", s.payload_bytes},
                               {"crc32", fmt::format("{:08x}", s.crc)}});
    std::cout << j.dump(2) << "\n";
    return kExitOk;
  }
  fmt::print("file        {} ({} bytes, .smz format version {})\n", a.input, info.file_bytes, info.version);
  fmt::print("image       {} x {}, {} channel{} ({}), 8-bit\n", h.width, h.height, h.channels,
             h.channels == 1 ? "" : "s", h.channels == 1 ? "gray" : "B,G,R");
  fmt::print("ratios      cr_file {:.3f} (raw bytes / file bytes), cr_seed {:.3f} (raw bits / LL bits)\n",
             ratio(raw, static_cast<double>(info.file_bytes)), ratio(raw * 8, static_cast<double>(info.ll_bits)));
  fmt::print("background  {}, {} DWT level{}, quant_step {}, {} LL bits\n",
             codec::to_string(h.background_method), h.levels, h.levels == 1 ? "" : "s", h.quant_step,
             info.ll_bits);
  if (codec::traits(h.background_method).wavelet_fields)
    fmt::print("            colour {}, chroma {} extra level{} step {}, detail_step {}, upsample {}\n",
               codec::to_string(h.colour), h.chroma_levels, h.chroma_levels == 1 ? "" : "s", h.chroma_step,
               h.detail_step, codec::to_string(h.upsample));
  if (codec::traits(h.background_method).pivot_fields)
    fmt::print("            bands {}, pivot {} in {} x {} blocks\n", codec::to_string(h.bands),
               codec::to_string(h.pivot), h.pivot_block, h.pivot_block);
  fmt::print("roi         {}, {} exact pixels ({:.2f}% of the image), mask {}, feather {} px\n",
             codec::to_string(h.roi_method), info.roi_pixels,
             100.0 * static_cast<double>(info.roi_pixels) / pixels, codec::to_string(h.mask_method),
             h.feather_px);
  fmt::print("sections    tag   offset     bytes  crc32\n");
  for (const auto& s : info.sections)
    fmt::print("            {:4} {:>7} {:>9}  {:08x}\n", s.tag, s.offset, s.payload_bytes, s.crc);
  return kExitOk;
}

// ---- detect ---------------------------------------------------------------------------------

struct DetectArgs {
  std::string input, output, config, debug;
};

int run_detect(const DetectArgs& a) {
  const Settings settings = settings_from(a.config);
  refuse_overwriting_input(a.input, a.output);
  encode_lossless(cv::Mat(1, 1, CV_8UC1, cv::Scalar(0)), a.output);
  const LoadedImage in = load_image(a.input);
  print_notices(a.input, in.notices);
  const cv::Mat img = as_mat(in.image);
  const roi::Detection d = roi::detect(img, settings.detect);
  write_file_atomic(a.output, encode_lossless(d.mask, a.output));
  if (!a.debug.empty()) write_debug_views(a.debug, fs::path(a.input).stem().string(), img, settings);
  const double frac = static_cast<double>(cv::countNonZero(d.mask)) / static_cast<double>(d.mask.total());
  std::size_t nuclei = 0, platelets = 0, selected = 0;
  for (const auto& c : d.candidates) {
    nuclei += c.kind == roi::Kind::kNucleus ? 1 : 0;
    platelets += c.kind == roi::Kind::kPlatelet ? 1 : 0;
    selected += c.selected ? 1 : 0;
  }
  if (settings.detect.method == roi::Method::kStain)
    fmt::print("{}: stain threshold {:.3f} OD, red-cell radius {:.1f} px; {} nuclei, {} platelets; {} region{} "
               "in the ROI, {:.2f}% of pixels -> {}\n",
               a.input, d.threshold, d.rbc_radius, nuclei, platelets, selected, selected == 1 ? "" : "s", 100 * frac,
               a.output);
  else
    fmt::print("{}: Otsu threshold {:.0f}, {} contours ({} pass the filters); {} region{} in the ROI, {:.2f}% of "
               "pixels -> {}\n",
               a.input, d.threshold, d.candidates.size(), nuclei, selected, selected == 1 ? "" : "s", 100 * frac,
               a.output);
  return kExitOk;
}

// ---- roi-eval -------------------------------------------------------------------------------

struct RoiEvalArgs {
  std::string images, annotations, config, label = "WBC", debug;
  bool json = false;
};

int run_roi_eval_command(const RoiEvalArgs& a) {
  RoiEvalOptions opt;
  if (!a.config.empty()) opt.config = load_config(a.config);
  opt.images = a.images;
  opt.annotations = a.annotations;
  opt.label = a.label;
  opt.json = a.json;
  opt.debug_dir = a.debug;
  return run_roi_eval(opt, std::cout, std::cerr) ? kExitSomeFailed : kExitOk;
}

// ---- batch ----------------------------------------------------------------------------------

struct BatchArgs {
  std::string config, input, output, shard;
  int jobs = 0;
  bool no_smz = false, no_dumps = false, resume = false;
};

int run_batch_command(const BatchArgs& a) {
  BatchOptions opt;
  if (!a.config.empty()) opt.config = load_config(a.config);
  if (!opt.config.sweep.empty())
    std::cerr << "smearpress: notice: " << a.config << " has a \"sweep\"; batch ignores it (see 'smearpress sweep')\n";
  opt.input = a.input;
  opt.output = a.output;
  opt.jobs = a.jobs;
  opt.write_smz = !a.no_smz;
  opt.dumps = !a.no_dumps;
  opt.resume = a.resume;
  if (!a.shard.empty()) {
    try {
      opt.shard = parse_shard(a.shard);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
  }
  const BatchOutcome out = run_batch(opt, std::cerr);
  if (out.interrupted) return kExitInterrupted;
  std::cerr << "batch: " << out.total - out.failed << " ok, " << out.failed << " failed; see "
            << (opt.output / "report.html").string() << ", results.csv and summary.csv\n";
  return out.failed ? kExitSomeFailed : kExitOk;
}

struct MergeArgs {
  std::vector<std::string> inputs;
  std::string output;
};

int run_merge_command(const MergeArgs& a) {
  std::vector<fs::path> dirs(a.inputs.begin(), a.inputs.end());
  merge_batches(dirs, a.output, std::cerr);
  return kExitOk;
}

struct SweepArgs {
  std::string config, input, output;
  int jobs = 0;
};

// What every run over a folder takes: a config (required for a sweep), input and output, and --jobs.
void add_folder_run_options(CLI::App* cmd, std::string& config, const std::string& config_help, bool config_required,
                            std::string& input, std::string& output, int& jobs) {
  auto* opt = cmd->add_option("--config", config, config_help);
  if (config_required) opt->required();
  cmd->add_option("--input", input, "Folder of images, searched recursively")->required();
  cmd->add_option("--output", output, "Output folder (created if missing)")->required();
  cmd->add_option("-j,--jobs", jobs, "Parallel jobs (default 0: all cores)")->check(CLI::NonNegativeNumber);
}

int run_sweep_command(const SweepArgs& a) {
  SweepOptions opt;
  opt.config = load_config(a.config);
  if (opt.config.sweep.empty())
    throw UsageError(a.config + ": no \"sweep\" object; add one, e.g. {\"sweep\": {\"codec.quant_step\": [30, 60, 90]}}");
  opt.input = a.input;
  opt.output = a.output;
  opt.jobs = a.jobs;
  const SweepOutcome out = run_sweep(opt, std::cerr);
  if (out.interrupted) return kExitInterrupted;
  std::cerr << "sweep: " << out.images << " images x " << out.combinations << " combinations, " << out.failed_rows
            << " failed rows; see " << (opt.output / "report.html").string() << ", sweep.csv and sweep_summary.csv\n";
  return out.failed_rows ? kExitSomeFailed : kExitOk;
}

// ---- bench ----------------------------------------------------------------------------------

struct BenchArgs {
  std::string input, config, json, csv, report;
  int repeats = 5;
  bool rd = false;
};

// An output file's folder must exist before an hour of measuring, not after.
void check_output_folder(const std::string& file) {
  const fs::path dir = fs::path(file).parent_path();
  std::error_code ec;
  if (!dir.empty() && !fs::is_directory(dir, ec))
    throw InputError(file + ": the folder " + dir.string() + " does not exist");
}

int run_bench_command(const BenchArgs& a) {
  BenchOptions opt;
  if (!a.config.empty()) {
    opt.config = load_config(a.config);
    opt.config_file = a.config;
  }
  opt.input = a.input;
  opt.repeats = a.repeats;
  opt.rd = a.rd;
  if (!a.csv.empty() && fs::path(a.csv) == fs::path(a.json))
    throw UsageError("--csv and --json name the same file");
  check_output_folder(a.json);
  if (!a.csv.empty()) check_output_folder(a.csv);
  opt.exclude = a.report.empty() ? fs::path(a.input) / ".no-report" : fs::path(a.report);
  const BenchResult result = run_bench(opt, std::cerr);
  write_text_atomic(a.json, dump_json(bench_json(result)) + "\n");
  if (!a.csv.empty()) write_text_atomic(a.csv, bench_csv(result));
  if (!a.report.empty()) write_bench_report(a.report, result);
  std::cout << bench_table(result);
  std::cerr << "bench: wrote " << a.json << (a.csv.empty() ? "" : ", " + a.csv)
            << (a.report.empty() ? "" : ", " + (fs::path(a.report) / "bench.html").string()) << "\n";
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  // Every image allocates and frees buffers of a few MB. glibc's defaults hand them back to the
  // kernel and fault them in again each time; keeping them in the heap made a PBC batch 2.5x
  // faster (system time 2.0 s -> 0.05 s for 120 images, docs/BENCHMARKS.md).
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_ERROR);

  CLI::App app{
      "smearpress: ROI-aware compression of stained blood-smear images.\n"
      "The white-cell nucleus (the ROI) is stored bit-exact, the background as a coarse\n"
      "wavelet band, all in one self-contained .smz file.\n"
      "Without --config every subcommand uses the recommended settings, exactly those of\n"
      "configs/default.json; the paper's method is --config configs/seed.json."};
  app.set_version_flag("--version", std::string("smearpress ") + SMEARPRESS_VERSION +
                                        " (.smz format version " +
                                        std::to_string(codec::kFormatVersion) + ")");
  app.footer(kExitHelp);
  app.require_subcommand(1);

  EncodeArgs ea;
  auto* enc = app.add_subcommand("encode", "Compress one image into a .smz file");
  enc->add_option("input", ea.input, "Input image (PNG, JPEG, TIFF, BMP, WebP, PNM)")->required();
  enc->add_option("-o,--output", ea.output, "Output .smz file (written atomically)")->required();
  enc->add_option("--config", ea.config, kConfigHelp);
  enc->add_flag("-q,--quiet", ea.quiet, "Print nothing on success");
  enc->footer(kExitHelp);

  DecodeArgs da;
  auto* dec = app.add_subcommand("decode", "Decode a .smz file into a lossless image");
  dec->add_option("input", da.input, "Input .smz file")->required();
  dec->add_option("-o,--output", da.output, "Output image: .png, .tif, .bmp or .ppm/.pgm")->required();
  dec->add_option("--weights-out", da.weights_out,
                  "Also write the 8-bit blend weights: 255 = exact ROI pixel, 0 = background");
  dec->footer(kExitHelp);

  InfoArgs ia;
  auto* inf = app.add_subcommand("info", "Show a .smz file's header, parameters and sections");
  inf->add_option("input", ia.input, "Input .smz file")->required();
  inf->add_flag("--json", ia.json, "Print JSON instead of text");
  inf->footer(kExitHelp);

  DetectArgs dta;
  auto* det = app.add_subcommand("detect", "Write the ROI mask of an image (255 = ROI)");
  det->add_option("input", dta.input, "Input image")->required();
  det->add_option("-o,--output", dta.output, "Output mask: .png, .tif, .bmp or .pgm")->required();
  det->add_option("--config", dta.config, kConfigHelp);
  det->add_option("--debug", dta.debug,
                  "Also write the detector's steps into this folder as <name>_<step>.png: feature (saturation or "
                  "stain map), threshold, red_cells, objects (each with its area and circularity, or size in "
                  "red cells and kind), roi");
  det->footer(kExitHelp);

  RoiEvalArgs ra;
  auto* rev = app.add_subcommand(
      "roi-eval",
      "Score the ROI detector against Pascal-VOC annotations (one <name>.xml per image <name>.*):\n"
      "  recall    = share of boxes of which the ROI mask covers at least 30% of the box area\n"
      "  precision = share of ROI mask pixels inside some box grown by 10% of its width and height\n"
      "Prints a line per image and the totals over all images.");
  rev->add_option("--images", ra.images, "Folder of images (searched recursively)")->required();
  rev->add_option("--annotations", ra.annotations, "Folder of Pascal-VOC .xml files")->required();
  rev->add_option("--config", ra.config, kConfigHelp);
  rev->add_option("--label", ra.label, "Object name to score against (default WBC)");
  rev->add_flag("--json", ra.json, "Print JSON instead of a table");
  rev->add_option("--debug", ra.debug, "Write the detector's steps for every image into this folder");
  rev->footer(kExitHelp);

  BatchArgs ba;
  auto* bat = app.add_subcommand(
      "batch",
      "Compress, decode and measure every image under a folder.\n"
      "The class of an image is the name of its parent folder. Writes into OUTPUT:\n"
      "  results.csv      one row per file (status ok or error, with the reason)\n"
      "  summary.csv/.md  per class and ALL: count, failed, mean of every numeric column\n"
      "  report.html      tables, plots, comparison panels (open it in a browser; works offline)\n"
      "  smz/             the .smz files, mirroring the input tree\n"
      "  panels/          comparison panels, as the config's \"dumps\" says\n"
      "  progress.journal finished images, for --resume; run.json: how the run was made\n"
      "A file that fails gets an error row and the batch goes on.");
  add_folder_run_options(bat, ba.config, kConfigHelp, false, ba.input, ba.output, ba.jobs);
  bat->add_flag("--resume", ba.resume,
                "Keep the results of images already finished in OUTPUT (same config, file unchanged)");
  bat->add_option("--shard", ba.shard,
                  "Process only shard K of N (1-based, e.g. 3/8): a deterministic 1/N of the files by a hash "
                  "of their path; combine the shards' outputs with 'smearpress merge'");
  bat->add_flag("--no-smz", ba.no_smz, "Do not keep the .smz files");
  bat->add_flag("--no-dumps", ba.no_dumps, "Write no comparison panels or thumbnails");
  bat->footer(kExitHelp);

  MergeArgs ma;
  auto* mer = app.add_subcommand("merge",
                                 "Combine the output folders of 'batch --shard K/N' runs into one: results.csv "
                                 "and summary.csv as an unsharded run would write them, plus summary.md, "
                                 "report.html and the worst panels.");
  mer->add_option("shards", ma.inputs, "Output folders of the shard runs (all N of them)")->required();
  mer->add_option("--output", ma.output, "Folder for the combined outputs")->required();
  mer->footer(kExitHelp);

  SweepArgs sa;
  auto* swp = app.add_subcommand(
      "sweep",
      "Run every combination of the config's \"sweep\" over a folder, e.g.\n"
      "  {\"sweep\": {\"codec.quant_step\": [30, 60, 90], \"roi.dilate_px\": [5, 15]}}\n"
      "Writes OUTPUT/sweep.csv (one row per image and combination), OUTPUT/sweep_summary.csv\n"
      "(means per combination and class) and OUTPUT/report.html (CR against PSNR per combination).");
  add_folder_run_options(swp, sa.config, "JSON config with a \"sweep\" object", true, sa.input, sa.output, sa.jobs);
  swp->footer(kExitHelp);

  BenchArgs bna;
  auto* ben = app.add_subcommand(
      "bench",
      "Measure smearpress against the codecs a lab would otherwise use (PNG at OpenCV's fast default and\n"
      "at level 9, lossless WebP, lossless JPEG XL effort 7, lossless JPEG 2000, JPEG q90), in one process,\n"
      "on the same decoded pixels, on one thread. Per codec: total bytes, encode and decode MP/s (an\n"
      "image's time is the median of --repeats runs), PSNR over all pixels, over smearpress's exact ROI\n"
      "(blend weight 1) and over its background (weight 0), squared errors pooled over all images.\n"
      "Lossless codecs must decode bit-exactly.\n"
      "Prints a table; writes --json (Infinity for identical pixels, null when undefined), --csv, --report.");
  ben->add_option("--input", bna.input, "Folder of images, searched recursively")->required();
  ben->add_option("--config", bna.config, kConfigHelp);
  ben->add_option("--json", bna.json, "Output JSON: {\"images\", \"megapixels\", \"codecs\": [...], ...}")
      ->required();
  ben->add_option("--csv", bna.csv, "Also write one CSV row per codec");
  ben->add_option("--repeats", bna.repeats, "Timed runs per image and codec; the median counts (default 5)")
      ->check(CLI::Range(1, 1000));
  ben->add_option("--report", bna.report,
                  "Also write DIR/bench.html with the table and gnuplot SVG plots in DIR/plots/ (offline)");
  ben->add_flag("--rd", bna.rd,
                "Also measure size against background PSNR: smearpress over codec.quant_step, JPEG over its "
                "quality, JPEG 2000 (9/7) over its compression ratio (JSON \"rd\", a plot with --report)");
  ben->footer(kExitHelp);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "smearpress: " << e.what() << " (see 'smearpress --help')\n";
    return kExitUsage;
  }

  try {
    if (*enc) return run_encode(ea);
    if (*dec) return run_decode(da);
    if (*inf) return run_info(ia);
    if (*det) return run_detect(dta);
    if (*rev) return run_roi_eval_command(ra);
    if (*bat) return run_batch_command(ba);
    if (*mer) return run_merge_command(ma);
    if (*swp) return run_sweep_command(sa);
    if (*ben) return run_bench_command(bna);
  } catch (const ConfigError& e) {
    std::cerr << "smearpress: config error: " << e.what() << "\n";
    return kExitUsage;
  } catch (const UsageError& e) {
    std::cerr << "smearpress: " << e.what() << "\n";
    return kExitUsage;
  } catch (const codec::Error& e) {
    // .smz reading errors arrive as InputError naming the file; this is the encoder refusing.
    std::cerr << "smearpress: cannot encode (" << codec::to_string(e.code()) << "): " << e.what() << "\n";
    return kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << "smearpress: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitUsage;
}
