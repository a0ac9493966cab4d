// bench.cpp - `smearpress bench`: smearpress against the peer codecs on the same pixels.
#include "cli/command.hpp"

#include "bench/bench.hpp"
#include "bench/slide_bench.hpp"
#include "config/config.hpp"
#include "io/files.hpp"

#include <iostream>
#include <memory>

namespace smearpress::cli {

namespace {

namespace fs = std::filesystem;

struct BenchArgs {
  std::string input, config, json, csv, report;
  int repeats = 5;
  bool rd = false;
  // --slide
  std::string slide, boxes, fields, work;
  std::vector<int> threads{1};
  int regions = 50;
};

// An output file's folder must exist before an hour of measuring, not after.
void check_output_folder(const std::string& file) {
  const fs::path dir = fs::path(file).parent_path();
  std::error_code ec;
  if (!dir.empty() && !fs::is_directory(dir, ec))
    throw InputError(file + ": the folder " + dir.string() + " does not exist");
}

BenchOptions bench_options(const BenchArgs& a) {
  BenchOptions opt;
  if (!a.config.empty()) {
    opt.config = load_config(a.config);
    opt.config_file = a.config;
  }
  opt.input = a.input;
  opt.repeats = a.repeats;
  opt.rd = a.rd;
  if (!a.csv.empty() && fs::path(a.csv) == fs::path(a.json)) throw UsageError("--csv and --json name the same file");
  check_output_folder(a.json);
  if (!a.csv.empty()) check_output_folder(a.csv);
  opt.exclude = a.report.empty() ? fs::path(a.input) / ".no-report" : fs::path(a.report);
  return opt;
}

int run_bench_command(const BenchArgs& a) {
  const BenchResult result = run_bench(bench_options(a), std::cerr);
  write_text_atomic(a.json, dump_json(bench_json(result)) + "\n");
  if (!a.csv.empty()) write_text_atomic(a.csv, bench_csv(result));
  if (!a.report.empty()) write_bench_report(a.report, result);
  std::cout << bench_table(result);
  std::cerr << "bench: wrote " << a.json << (a.csv.empty() ? "" : ", " + a.csv)
            << (a.report.empty() ? "" : ", " + (fs::path(a.report) / "bench.html").string()) << "\n";
  return kExitOk;
}

int run_slide_bench_command(const BenchArgs& a) {
  SlideBenchOptions opt;
  opt.slide = a.slide;
  opt.boxes = a.boxes;
  opt.fields = a.fields;
  opt.work = a.work.empty() ? fs::path(a.json).parent_path() / "slide-bench" : fs::path(a.work);
  if (!a.config.empty()) opt.config = load_config(a.config);
  opt.threads = a.threads;
  opt.regions = a.regions;
  check_output_folder(a.json);
  const SlideBenchResult r = run_slide_bench(opt, std::cerr);
  write_text_atomic(a.json, slide_bench_json(r).dump(2) + "\n");
  std::cout << slide_bench_table(r);
  std::cerr << "bench: wrote " << a.json << "; the .smz and decoded BigTIFF are in " << opt.work.string() << "\n";
  return kExitOk;
}

}  // namespace

Command add_bench(CLI::App& app) {
  auto a = std::make_shared<BenchArgs>();
  auto* cmd = app.add_subcommand(
      "bench",
      "Measure smearpress against the codecs a lab would otherwise use (PNG at OpenCV's fast default and\n"
      "at level 9, lossless WebP, lossless JPEG XL effort 7, lossless JPEG 2000, JPEG q90), in one process,\n"
      "on the same decoded pixels, on one thread. smearpress also gets each image's file, so a JPEG's ROI\n"
      "stays in its own DCT coefficients as in encode and batch. When every image is a JPEG, two more peers\n"
      "start from the file itself: source-file (the JPEG as it is: no encode, n/a; decode = libjpeg-turbo\n"
      "via cv::imdecode) and jxl-jpeg-transcode (libjxl's lossless JPEG recompression, effort 7, decoded\n"
      "to pixels by libjxl: not bit-exact with libjpeg-turbo's pixels, so PSNR is reported; the JPEG it\n"
      "rebuilds is checked byte for byte); otherwise they are left out, with a note on stderr.\n"
      "Per codec: total bytes, size against the input files (size vs source), against JPEG XL and PNG,\n"
      "encode and decode MP/s (an image's time is the median of --repeats runs), PSNR over all pixels,\n"
      "over smearpress's exact ROI (blend weight 1) and over its background (weight 0), squared errors\n"
      "pooled over all images; for smearpress, the images whose ROI took the JPEG-DCT path and its ROI\n"
      "bytes against the source's own bytes for the same blocks. Lossless codecs must decode bit-exactly.\n"
      "Prints a table; writes --json (Infinity for identical pixels, null when undefined), --csv, --report.");
  auto* input = cmd->add_option("--input", a->input, "Folder of images, searched recursively");
  auto* slide = cmd->add_option("--slide", a->slide,
                                "Instead of --input: one slide (TIFF / BigTIFF or an OpenSlide format), measured "
                                "whole: encode per --threads (MP/s, peak RSS of a child process each), decode into "
                                "a pyramidal BigTIFF, --regions random 1024x1024 region decodes (median, p95), the "
                                "exact ROI on every tile, and with --boxes detection recall and precision");
  input->excludes(slide);
  cmd->add_option("--boxes", a->boxes, "--slide: Pascal-VOC XML of the slide's boxes (WBC scored)")->needs(slide);
  cmd->add_option("--fields", a->fields,
                  "--slide: folder of the images it was built from, encoded one by one for bytes per MP")
      ->needs(slide);
  cmd->add_option("--threads", a->threads, "--slide: thread counts to encode with, e.g. 1,2 (default 1)")
      ->delimiter(',')
      ->check(CLI::PositiveNumber)
      ->needs(slide);
  cmd->add_option("--regions", a->regions, "--slide: random regions to decode (default 50)")
      ->check(CLI::Range(1, 100000))
      ->needs(slide);
  cmd->add_option("--work", a->work, "--slide: folder for the .smz and the decoded BigTIFF (default: next to --json)")
      ->needs(slide);
  cmd->add_option("--config", a->config, kConfigHelp);
  cmd->add_option("--json", a->json, "Output JSON: {\"images\", \"megapixels\", \"source_bytes\", \"codecs\": [...], ...}")->required();
  cmd->add_option("--csv", a->csv, "Also write one CSV row per codec");
  cmd->add_option("--repeats", a->repeats, "Timed runs per image and codec; the median counts (default 5)")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--report", a->report,
                  "Also write DIR/bench.html with the table and gnuplot SVG plots in DIR/plots/ (offline)");
  cmd->add_flag("--rd", a->rd,
                "Also measure size against background PSNR: smearpress over codec.quant_step, JPEG over its "
                "quality, JPEG 2000 (9/7) over its compression ratio (JSON \"rd\", a plot with --report)");
  cmd->footer(kExitHelp);
  return {cmd, [a] {
            if (a->slide.empty() && a->input.empty()) throw UsageError("bench needs --input FOLDER or --slide FILE");
            return a->slide.empty() ? run_bench_command(*a) : run_slide_bench_command(*a);
          }};
}

}  // namespace smearpress::cli
