// Real JPEGs: the committed samples always, the development data sets when present
// ($SMEARPRESS_JPEG_DATA, default /work/shared/data: pbc/*/*.jpg and bccd/images/*.jpg).
#include "../catch.hpp"

#include "jpeg_compare.hpp"
#include "jpeg_render.hpp"
#include "jpeg_source.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> jpegs_under(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".jpg") out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::uint8_t> slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every file renders exactly as imdecode decodes it; returns how many were checked.
std::size_t require_all_exact(const std::vector<fs::path>& files) {
  for (const auto& f : files) {
    INFO(f.string());
    const auto bytes = slurp(f);
    const auto r = smearpress::read_jpeg_coefficients(bytes);
    INFO(r.pixel_path_reason);
    REQUIRE(r.source.has_value());
    const codec::Image img = codec::jpeg::render(r.source->coefficients);
    REQUIRE(test::diff(img, test::imdecode(bytes, cv::IMREAD_UNCHANGED)) == "");
    REQUIRE(test::diff(img, test::imdecode(bytes, cv::IMREAD_COLOR)) == "");
  }
  return files.size();
}

}  // namespace

TEST_CASE("the committed sample JPEGs render exactly", "[jpeg][files]") {
  const auto files = jpegs_under(fs::path(SMEARPRESS_SOURCE_DIR) / "samples");
  REQUIRE(files.size() >= 19);
  require_all_exact(files);
}

TEST_CASE("the development data sets render exactly (skipped without them)", "[jpeg][files]") {
  const char* env = std::getenv("SMEARPRESS_JPEG_DATA");
  const fs::path root = env != nullptr ? env : "/work/shared/data";
  std::vector<fs::path> files = jpegs_under(root / "pbc");
  const auto bccd = jpegs_under(root / "bccd" / "images");
  files.insert(files.end(), bccd.begin(), bccd.end());
  if (files.empty()) {
    WARN("no JPEGs under " << root.string() << ": skipped");
    return;
  }
  const std::size_t n = require_all_exact(files);
  WARN(n << " JPEGs from " << root.string() << " render exactly");
}
