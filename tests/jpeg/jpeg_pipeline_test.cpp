// JPEG sources end to end: JPEG bytes -> load_image (as the tool reads a file) ->
// smearpress::compress(image, settings, bytes) -> .smz -> smearpress::reconstruct. Every pixel of
// the exact ROI (blend weight 255) must equal cv::imdecode's, whether the ROI went through the
// jpeg-dct coder (format version 3) or, for the files the reader refuses, as pixels (version 2,
// with a notice).
#include "../catch.hpp"

#include "../test_util.hpp"
#include "jpeg_compare.hpp"
#include "jpeg_maker.hpp"
#include "jpeg_source.hpp"

#include "config/config.hpp"
#include "io/image_io.hpp"

#include <codec/codec.hpp>
#include <smearpress/mat_bridge.hpp>
#include <smearpress/pipeline.hpp>

#include <opencv2/imgproc.hpp>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using smearpress::RoiDomain;

namespace {

using Sampling = std::array<std::pair<int, int>, 4>;

struct Layout {
  const char* name;
  int components;
  Sampling sampling;
  bool progressive;
  int restart_blocks;
  bool optimize;
};

// Every layout the jpeg-dct path takes: baseline and progressive, restart intervals, optimised
// tables, 4:4:4, 4:2:2, 4:2:0, 4:4:0 and grayscale.
const std::vector<Layout> kLayouts = {
    {"baseline 4:2:0", 3, {{{2, 2}, {1, 1}, {1, 1}, {1, 1}}}, false, 0, false},
    {"progressive 4:2:0", 3, {{{2, 2}, {1, 1}, {1, 1}, {1, 1}}}, true, 0, false},
    {"baseline 4:2:2 restart 1", 3, {{{2, 1}, {1, 1}, {1, 1}, {1, 1}}}, false, 1, false},
    {"progressive 4:4:4 restart 3", 3, {{{1, 1}, {1, 1}, {1, 1}, {1, 1}}}, true, 3, false},
    {"baseline 4:4:4 optimised", 3, {{{1, 1}, {1, 1}, {1, 1}, {1, 1}}}, false, 0, true},
    {"baseline 4:4:0", 3, {{{1, 2}, {1, 1}, {1, 1}, {1, 1}}}, false, 0, false},
    {"progressive 4:2:2", 3, {{{2, 1}, {1, 1}, {1, 1}, {1, 1}}}, true, 0, false},
    {"gray baseline restart 2", 1, {{{1, 1}, {1, 1}, {1, 1}, {1, 1}}}, false, 2, false},
    {"gray progressive", 1, {{{1, 1}, {1, 1}, {1, 1}, {1, 1}}}, true, 0, false},
};

test::JpegSpec spec_of(const Layout& l, int w, int h) {
  test::JpegSpec sp;
  sp.width = w;
  sp.height = h;
  sp.components = l.components;
  sp.sampling = l.sampling;
  sp.progressive = l.progressive;
  sp.restart_blocks = l.restart_blocks;
  sp.optimize = l.optimize;
  return sp;
}

// The bytes as the tool takes a file: written to disk and read back by load_image.
smearpress::LoadedImage load_as_tool(const std::vector<std::uint8_t>& bytes) {
  static int counter = 0;
  const fs::path path = fs::temp_directory_path() /
                        ("smearpress-jpeg-e2e-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".jpg");
  smearpress::write_file_atomic(path, bytes);
  smearpress::LoadedImage in = smearpress::load_image(path);
  fs::remove(path);
  REQUIRE(in.file == bytes);
  return in;
}

smearpress::Settings config(const char* name) {
  return smearpress::load_config(fs::path(SMEARPRESS_SOURCE_DIR) / "configs" / name).settings;
}

// A smear-like picture in R, G, B order (what make_jpeg takes for colour): pale background, pink
// red cells, one dark purple nucleus, noise; gray: its green channel.
codec::Image smear(int w, int h, int channels, std::uint32_t seed) {
  cv::Mat bgr(h, w, CV_8UC3, cv::Scalar(215, 215, 210));
  const int r = std::max(3, std::min(w, h) / 10);
  for (int y = r + 2; y < h - r; y += 2 * r + 6)
    for (int x = r + 2; x < w - r; x += 2 * r + 6) cv::circle(bgr, {x, y}, r, cv::Scalar(170, 150, 200), cv::FILLED);
  cv::circle(bgr, {w / 2, h / 2}, std::max(2, std::min(w, h) / 8), cv::Scalar(170, 60, 110), cv::FILLED);
  cv::Mat noise(bgr.size(), CV_8UC3);
  cv::theRNG().state = seed;
  cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(3));
  cv::add(bgr, noise, bgr, cv::noArray(), CV_8U);
  cv::Mat out;
  if (channels == 1)
    cv::extractChannel(bgr, out, 1);
  else
    cv::cvtColor(bgr, out, cv::COLOR_BGR2RGB);
  return smearpress::to_image(out);
}

// 255 where the blend weight is 255 (the exact ROI), else 0.
codec::Image exact_region(const smearpress::Reconstruction& rec) {
  cv::Mat1b m;
  cv::compare(rec.weights, 255, m, cv::CMP_EQ);
  return smearpress::to_image(m);
}

long count_set(const codec::Image& mask) {
  return static_cast<long>(std::count_if(mask.data.begin(), mask.data.end(), [](std::uint8_t v) { return v != 0; }));
}

bool has_notice(const smearpress::Compressed& c, const std::string& text) {
  return std::any_of(c.notices.begin(), c.notices.end(),
                     [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

// Compresses the JPEG as the tool does and checks that every exact-ROI pixel of the
// reconstruction equals imdecode's (IMREAD_UNCHANGED, as load_image; and IMREAD_COLOR for an
// unrotated colour file). Returns the compressed result and the reconstruction's exact region.
struct RoundTrip {
  smearpress::Compressed compressed;
  smearpress::Reconstruction rec;
  codec::Image exact;
};

RoundTrip round_trip(const std::vector<std::uint8_t>& jpeg, const smearpress::Settings& settings,
                     bool check_colour = true) {
  const smearpress::LoadedImage in = load_as_tool(jpeg);
  RoundTrip t;
  t.compressed = smearpress::compress(in.image, settings, in.file);
  t.rec = smearpress::reconstruct(t.compressed.encoded.bytes);
  t.exact = exact_region(t.rec);
  REQUIRE(count_set(t.exact) > 0);
  REQUIRE(test::diff(t.rec.image, test::imdecode(jpeg, cv::IMREAD_UNCHANGED), &t.exact).empty());
  if (check_colour && in.image.channels == 3)
    REQUIRE(test::diff(t.rec.image, test::imdecode(jpeg, cv::IMREAD_COLOR), &t.exact).empty());
  const codec::FileInfo info = codec::inspect(t.compressed.encoded.bytes);
  const bool dct = t.compressed.roi_domain == RoiDomain::kDct;
  CHECK(info.version == (dct ? 3 : 2));
  CHECK((info.header.roi_method == codec::RoiMethod::kJpegDct) == dct);
  return t;
}

}  // namespace

TEST_CASE("lossless config: a JPEG's every pixel comes back as imdecode's, through jpeg-dct", "[jpeg][e2e]") {
  const Layout layout = GENERATE(from_range(kLayouts));
  const auto [w, h] = GENERATE(std::pair{1, 1}, std::pair{7, 9}, std::pair{17, 33}, std::pair{64, 48},
                               std::pair{365, 363});
  INFO(layout.name << ", " << w << "x" << h);
  const test::JpegSpec sp = spec_of(layout, w, h);
  const auto jpeg = test::make_jpeg(sp, test::make_content(w, h, sp.components, static_cast<std::uint32_t>(w * h)));
  const RoundTrip t = round_trip(jpeg, config("lossless.json"));
  REQUIRE(t.compressed.roi_domain == RoiDomain::kDct);
  REQUIRE(t.compressed.notices.empty());
  REQUIRE(count_set(t.exact) == static_cast<long>(w) * h);  // the whole image is exact
  REQUIRE(test::diff(t.rec.image, test::imdecode(jpeg, cv::IMREAD_UNCHANGED)).empty());
}

TEST_CASE("default config: the detected ROI of a JPEG smear is exact, through jpeg-dct", "[jpeg][e2e]") {
  const Layout layout = GENERATE(from_range(kLayouts));
  const auto [w, h] = GENERATE(std::pair{365, 363}, std::pair{203, 151});
  INFO(layout.name << ", " << w << "x" << h);
  const test::JpegSpec sp = spec_of(layout, w, h);
  const auto jpeg = test::make_jpeg(sp, smear(w, h, sp.components, static_cast<std::uint32_t>(w)));
  const RoundTrip t = round_trip(jpeg, smearpress::Settings{});
  REQUIRE(t.compressed.roi_domain == RoiDomain::kDct);
  REQUIRE(t.compressed.notices.empty());
  REQUIRE(count_set(t.exact) < static_cast<long>(w) * h / 2);  // a part of the image, not all of it
  REQUIRE(count_set(t.exact) > 0);
}

// Sizes too small for the detector: a handmade mask with the reader's coefficients, through
// encode_masked as compress() calls it.
TEST_CASE("a handmade mask on small odd-sized JPEGs is exact, through jpeg-dct", "[jpeg][e2e]") {
  const Layout layout = GENERATE(from_range(kLayouts));
  const auto [w, h] = GENERATE(std::pair{1, 1}, std::pair{7, 9}, std::pair{17, 33}, std::pair{33, 17});
  const double density = GENERATE(0.05, 0.5);
  INFO(layout.name << ", " << w << "x" << h << ", density " << density);
  const test::JpegSpec sp = spec_of(layout, w, h);
  const auto jpeg = test::make_jpeg(sp, test::make_content(w, h, sp.components, static_cast<std::uint32_t>(w + h)));
  const smearpress::LoadedImage in = load_as_tool(jpeg);
  const auto read = smearpress::read_jpeg_coefficients(in.file);
  REQUIRE(read.source.has_value());
  codec::Image mask = test::make_random_mask(w, h, density, static_cast<std::uint32_t>(w * 7 + h));
  mask.row(h / 2)[w / 2] = 255;  // never empty
  const smearpress::Settings settings;
  codec::EncodeParams params = settings.codec;
  params.feather_px = 0;
  params.roi_method = codec::RoiMethod::kJpegDct;
  const auto bytes =
      smearpress::encode_masked(in.image, smearpress::as_mat(mask), params, &read.source->coefficients).bytes;
  REQUIRE(codec::inspect(bytes).version == 3);
  const smearpress::Reconstruction rec = smearpress::reconstruct(bytes);
  REQUIRE(rec.decoded.mask.data == mask.data);
  REQUIRE(test::diff(rec.image, test::imdecode(jpeg, cv::IMREAD_UNCHANGED), &mask).empty());
}

TEST_CASE("JPEGs the reader refuses take the pixel path with a notice, still exact", "[jpeg][e2e]") {
  struct Refused {
    const char* name;
    test::JpegSpec spec;
    const char* notice;
  };
  std::vector<Refused> cases;
  test::JpegSpec sp;
  sp.width = 61;
  sp.height = 45;
  sp.app1 = test::exif_with_orientation(6);
  cases.push_back({"Exif orientation 6", sp, "orientation 6"});
  sp.app1.clear();
  sp.sampling[0] = {4, 1};
  cases.push_back({"4:1:1", sp, "sampling factors 4x1"});
  sp.sampling[0] = {2, 2};
  sp.components = 4;
  cases.push_back({"CMYK", sp, "4-component"});
  for (const Refused& r : cases) {
    INFO(r.name);
    const auto jpeg = test::make_jpeg(r.spec, test::make_content(61, 45, r.spec.components, 5));
    const RoundTrip t = round_trip(jpeg, config("lossless.json"), false);
    REQUIRE(t.compressed.roi_domain == RoiDomain::kPixels);
    REQUIRE(has_notice(t.compressed, "JPEG ROI stored as pixels"));
    REQUIRE(has_notice(t.compressed, r.notice));
    // Lossless as pixels too: every pixel is the file's, unrotated (as load_image reads it).
    REQUIRE(test::diff(t.rec.image, test::imdecode(jpeg, cv::IMREAD_UNCHANGED)).empty());
  }
}

TEST_CASE("an image that is not the JPEG's own decoding takes the pixel path, still exact", "[jpeg][e2e]") {
  const auto jpeg = test::make_jpeg(test::JpegSpec{}, test::make_content(64, 48, 3, 9));
  smearpress::LoadedImage in = load_as_tool(jpeg);
  in.image.row(20)[3 * 30] ^= 1;  // one sample the coefficients do not give
  const smearpress::Settings settings = config("lossless.json");
  const smearpress::Compressed c = smearpress::compress(in.image, settings, in.file);
  REQUIRE(c.roi_domain == RoiDomain::kPixels);
  REQUIRE(has_notice(c, "decodes the file differently"));
  const smearpress::Reconstruction rec = smearpress::reconstruct(c.encoded.bytes);
  REQUIRE(rec.image.data == in.image.data);
  // Without the source file, or with jpeg_roi pixels, the same image is a version-2 pixel file.
  smearpress::Settings pixels = settings;
  pixels.jpeg_dct = false;
  const smearpress::Compressed p = smearpress::compress(in.image, pixels, in.file);
  REQUIRE(p.roi_domain == RoiDomain::kPixels);
  REQUIRE(p.notices.empty());
  REQUIRE(codec::inspect(p.encoded.bytes).version == 2);
}
