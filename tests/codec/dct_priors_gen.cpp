// dct_priors_gen.cpp - writes libcodec/src/dct_priors_table.hpp, the trained starting state of the
// DCT coefficient coder's coarse contexts (dct_priors.hpp), from training JPEGs and the ROI masks
// of smearpress's detector. Built with the tests when libjpeg is found; never run by CTest.
//
// It walks each file's ROI blocks exactly as the coder does (dct_stream.hpp) with an Io that only
// counts, per coarse context, the zeros and ones it sees (which contexts are visited and with which
// bits depends on the data only, not on the model's state), and writes for every context seen at
// least kMinSeen times the logit of P(0) = (zeros + 0.4) / (seen + 0.8), quantised to one of 64
// levels. The committed table was made from the training half (odd 0-based index in
// `ls` order) of the dev sets, the PBC crops and the BCCD fields, with default-config masks:
//
//   for f in $(ls pbc/*/*.jpg | awk 'NR % 2 == 0') $(ls bccd/images/*.jpg | awk 'NR % 2 == 0'); do
//     smearpress detect "$f" -o masks/$(basename "$f" .jpg).png; echo "$f"; done > train.txt
//   smearpress_dct_priors libcodec/src/dct_priors_table.hpp masks $(cat train.txt)
//
// A change of the model's contexts needs a new table (dct_coder_test checks the sizes agree).
#include <algorithm>
#include <cmath>
#include <codec/jpeg_blocks.hpp>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <vector>

// jpeglib.h needs size_t and FILE declared first.
#include <jpeglib.h>

#include "dct_priors.hpp"
#include "dct_stream.hpp"

namespace {

using codec::dct::AdaptiveBit;

constexpr int kMinSeen = 8;
constexpr double kLogitStep = 0.25;  // level q stands for logit (q - 31.5) * kLogitStep

/// Zero / one counts per adaptive bit of the model, by the bit's offset in the model.
struct CountIo {
  const codec::dct::Model* model;
  std::vector<double>* zeros;
  std::vector<double>* ones;
  void count(const AdaptiveBit& b, int bit) {
    const auto i = static_cast<std::size_t>(&b - reinterpret_cast<const AdaptiveBit*>(model));
    (bit ? *ones : *zeros)[i] += 1;
  }
  int bit(AdaptiveBit& p, int b) {
    count(p, b);
    return b;
  }
  int bit(AdaptiveBit& fine, AdaptiveBit& coarse, int b) {
    count(fine, b);
    count(coarse, b);
    return b;
  }
};

/// The quantised coefficients of a baseline or progressive JPEG; false if libjpeg fails.
bool read_jpeg(const std::string& path, codec::jpeg::Coefficients& c) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  jpeg_decompress_struct ci;
  jpeg_error_mgr em;
  ci.err = jpeg_std_error(&em);
  jpeg_create_decompress(&ci);
  jpeg_stdio_src(&ci, f);
  jpeg_read_header(&ci, TRUE);
  jvirt_barray_ptr* arrays = jpeg_read_coefficients(&ci);
  c.width = static_cast<int>(ci.image_width);
  c.height = static_cast<int>(ci.image_height);
  c.color = ci.num_components == 1 ? codec::jpeg::ColorSpace::gray : codec::jpeg::ColorSpace::ycbcr;
  for (int k = 0; k < ci.num_components; ++k) {
    const jpeg_component_info& ch = ci.comp_info[k];
    codec::jpeg::Component comp;
    comp.h_samp = ch.h_samp_factor;
    comp.v_samp = ch.v_samp_factor;
    comp.quant_index = ch.quant_tbl_no;
    comp.width_in_blocks = static_cast<int>(ch.width_in_blocks);
    comp.height_in_blocks = static_cast<int>(ch.height_in_blocks);
    for (std::size_t i = 0; i < 64; ++i)
      c.quant[static_cast<std::size_t>(ch.quant_tbl_no)][i] = ch.quant_table->quantval[i];
    comp.coeffs.resize(comp.block_count() * 64);
    for (int by = 0; by < comp.height_in_blocks; ++by) {
      JBLOCKARRAY row = (*ci.mem->access_virt_barray)(
          reinterpret_cast<j_common_ptr>(&ci), arrays[k], static_cast<JDIMENSION>(by), 1, FALSE);
      for (int bx = 0; bx < comp.width_in_blocks; ++bx)
        std::memcpy(comp.block(bx, by), row[0][bx], 64 * sizeof(JCOEF));
    }
    c.components.push_back(std::move(comp));
  }
  jpeg_finish_decompress(&ci);
  jpeg_destroy_decompress(&ci);
  std::fclose(f);
  return true;
}

/// The ROI's blocks: per component, every block whose footprint in full-resolution pixels (scaled
/// by max / sampling) touches the mask grown by one sample of that component (none at full
/// resolution).
codec::jpeg::BlockSet block_set(const codec::jpeg::Coefficients& c, const cv::Mat& mask) {
  codec::jpeg::BlockSet set(c.components.size());
  for (std::size_t k = 0; k < c.components.size(); ++k) {
    const codec::jpeg::Component& comp = c.components[k];
    const int sx = c.max_h() / comp.h_samp, sy = c.max_v() / comp.v_samp;
    const int mx = sx > 1 ? sx : 0, my = sy > 1 ? sy : 0;
    set[k].assign(comp.block_count(), 0);
    for (int by = 0; by < comp.height_in_blocks; ++by)
      for (int bx = 0; bx < comp.width_in_blocks; ++bx) {
        const int x0 = std::max(0, bx * 8 * sx - mx), y0 = std::max(0, by * 8 * sy - my);
        const int x1 = std::min(c.width, (bx + 1) * 8 * sx + mx);
        const int y1 = std::min(c.height, (by + 1) * 8 * sy + my);
        if (x0 < x1 && y0 < y1 && cv::countNonZero(mask(cv::Rect(x0, y0, x1 - x0, y1 - y0))) > 0)
          set[k][static_cast<std::size_t>(by) * static_cast<std::size_t>(comp.width_in_blocks) +
                 static_cast<std::size_t>(bx)] = 1;
      }
  }
  return set;
}

int level_of(double zeros, double ones) {
  const double p0 = (zeros + 0.4) / (zeros + ones + 0.8);
  const double q = std::round(std::log(p0 / (1 - p0)) / kLogitStep + 31.5);
  return static_cast<int>(std::clamp(q, 0.0, 63.0));
}

void write_table(const std::string& path, const std::string& entries, int files) {
  std::ofstream out(path);
  out << "// dct_priors_table.hpp - generated by tests/codec/dct_priors_gen.cpp from " << files
      << " training\n// images; do not edit. dct_priors.hpp reads it.\n// clang-format "
         "off\n#pragma once\n\n"
      << "#include <cstdint>\n\nnamespace codec::dct {\n\ninline constexpr int kPriorLevels = 64;\n"
      << "inline constexpr char kPriorDigits[] =\n"
      << "    \"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/\";\n"
      << "/// P(0) in 16 bits of each level: logit (level - 31.5) * " << kLogitStep << ".\n"
      << "inline constexpr std::uint16_t kTrainedP0[kPriorLevels] = {";
  for (int q = 0; q < 64; ++q) {
    const double p0 = 65536.0 / (1.0 + std::exp(-(q - 31.5) * kLogitStep));
    const int v = static_cast<int>(std::clamp(std::round(p0), 48.0, 65536.0 - 48.0));
    out << (q % 10 == 0 ? "\n    " : " ") << v << (q < 63 ? "," : "");
  }
  out << "};\n/// One character per coarse context (dct_priors.hpp, prior_spans): '.' = none.\n"
      << "inline constexpr char kTrainedPriors[] =";
  for (std::size_t i = 0; i < entries.size(); i += 92)
    out << "\n    \"" << entries.substr(i, 92) << '"';
  out << ";\n\n}  // namespace codec::dct\n// clang-format on\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s OUT.hpp MASK_DIR TRAIN.jpg...\n", argv[0]);
    return 2;
  }
  auto model = std::make_unique<codec::dct::Model>();
  const std::size_t bits = sizeof(codec::dct::Model) / sizeof(AdaptiveBit);
  std::vector<double> zeros(bits, 0), ones(bits, 0);
  int files = 0;
  for (int a = 3; a < argc; ++a) {
    const std::string path = argv[a];
    std::string base = path.substr(path.rfind('/') + 1);
    base = base.substr(0, base.rfind('.'));
    codec::jpeg::Coefficients c;
    const cv::Mat mask =
        cv::imread(std::string(argv[2]) + "/" + base + ".png", cv::IMREAD_GRAYSCALE);
    if (!read_jpeg(path, c) || mask.cols != c.width || mask.rows != c.height) {
      std::fprintf(stderr, "skipping %s (unreadable, or no mask of its size)\n", path.c_str());
      continue;
    }
    CountIo io{model.get(), &zeros, &ones};
    codec::dct::code_all(io, *model, c, block_set(c, mask));
    ++files;
  }
  std::string entries;
  for (const codec::dct::PriorSpan& s : codec::dct::prior_spans(*model)) {
    const auto first =
        static_cast<std::size_t>(s.bits - reinterpret_cast<AdaptiveBit*>(model.get()));
    for (std::size_t i = first; i < first + s.count; ++i)
      entries += zeros[i] + ones[i] < kMinSeen
                     ? '.'
                     : codec::dct::kPriorDigits[level_of(zeros[i], ones[i])];
  }
  write_table(argv[1], entries, files);
  std::printf(
      "%d files, %zu entries, %zu trained\n", files, entries.size(),
      entries.size() - static_cast<std::size_t>(std::count(entries.begin(), entries.end(), '.')));
  return 0;
}
