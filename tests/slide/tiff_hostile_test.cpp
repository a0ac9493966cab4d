// TiffSource on damaged and unsupported TIFFs: one codec::Error naming the file and the problem,
// never a crash or a wrong picture.
#include "slide/tiff_source.hpp"
#include "tiff_maker.hpp"

#include "../catch.hpp"

#include <fstream>

using smearpress::slide::TiffSource;

namespace {

// The error opening `path` and reading all of it; "" when both succeed.
std::string error_of(const std::filesystem::path& path) {
  try {
    TiffSource source(path);
    cv::Mat out;
    source.read({0, 0, source.width(), source.height()}, out);
  } catch (const codec::Error& e) {
    const std::string message = e.what();
    // One line, starting with the file.
    REQUIRE(message.find('\n') == std::string::npos);
    REQUIRE(message.rfind(path.string() + ": ", 0) == 0);
    return message;
  }
  return "";
}

// A classic little-endian TIFF with one 16x16 tile (offsets and counts are inline values).
std::filesystem::path one_tile(const std::string& name, int bits = 8) {
  const auto path = test::temp_dir("tiff_hostile_" + name) / "t.tif";
  test::write_tiff(path, test::pattern(16, 16, 3, 2), {false, 16, 8, COMPRESSION_ADOBE_DEFLATE, bits});
  return path;
}

}  // namespace

TEST_CASE("unsupported sample layouts are refused by name", "[slide][tiff][hostile]") {
  REQUIRE_THAT(error_of(one_tile("bits", 16)), Catch::Contains("16 bits per sample, only 8 is supported"));
  // (Not palette: libtiff reads a palette image without a colour map as RGB, with a warning.)
  auto path = one_tile("lab");
  test::patch_tag(path, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_CIELAB);
  REQUIRE_THAT(error_of(path), Catch::Contains("photometric interpretation 8 is not supported"));
  path = one_tile("planes");
  test::patch_tag(path, TIFFTAG_PLANARCONFIG, PLANARCONFIG_SEPARATE);
  REQUIRE_THAT(error_of(path), Catch::Contains("separate colour planes"));
}

TEST_CASE("absurd and odd tile sizes are refused before decoding", "[slide][tiff][hostile]") {
  auto path = one_tile("huge");
  test::patch_tag(path, TIFFTAG_TILEWIDTH, 65520);
  test::patch_tag(path, TIFFTAG_TILELENGTH, 65520);
  REQUIRE_THAT(error_of(path), Catch::Contains("above the limit of 64 MB"));
  path = one_tile("odd");
  test::patch_tag(path, TIFFTAG_TILEWIDTH, 24);
  REQUIRE_THAT(error_of(path), Catch::Contains("tile size 24x16 is not a positive multiple of 16"));
}

TEST_CASE("zero and absurd image sizes are refused", "[slide][tiff][hostile]") {
  auto path = one_tile("zero");
  test::patch_tag(path, TIFFTAG_IMAGEWIDTH, 0);
  REQUIRE_FALSE(error_of(path).empty());
  path = one_tile("wide");
  test::patch_tag(path, TIFFTAG_IMAGEWIDTH, 3000000);
  REQUIRE_THAT(error_of(path), Catch::Contains("width 3000000 is outside 1..1048576"));
}

TEST_CASE("a tile beyond the end of the file is a read error naming the tile", "[slide][tiff][hostile]") {
  auto path = one_tile("offset");
  test::patch_tag(path, TIFFTAG_TILEOFFSETS, 0x7FFFFF00);
  REQUIRE_THAT(error_of(path), Catch::Contains("region 16x16 at (0, 0): tile 0 at (0, 0)"));
  path = one_tile("count");
  test::patch_tag(path, TIFFTAG_TILEBYTECOUNTS, 0x7FFFFF00);
  REQUIRE_THAT(error_of(path), Catch::Contains("tile 0 at (0, 0)"));
}

TEST_CASE("every truncation of a small TIFF is an error or reads the right pixels", "[slide][tiff][hostile]") {
  const auto dir = test::temp_dir("tiff_truncated");
  const cv::Mat samples = test::pattern(40, 24, 3, 4);
  test::write_tiff(dir / "full.tif", samples, {false, 16, 8, COMPRESSION_ADOBE_DEFLATE, 8});
  std::ifstream in(dir / "full.tif", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const cv::Mat expected = test::as_returned(samples);
  for (std::size_t n = 0; n < bytes.size(); n += 7) {
    const auto path = dir / "cut.tif";
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(n));
    INFO("cut to " << n << " of " << bytes.size());
    if (!error_of(path).empty()) continue;
    TiffSource source(path);
    cv::Mat got;
    source.read({0, 0, 40, 24}, got);
    REQUIRE(cv::norm(got, expected, cv::NORM_INF) == 0);
  }
}

TEST_CASE("a missing file is an error naming it", "[slide][tiff][hostile]") {
  const auto path = test::temp_dir("tiff_missing") / "none.tif";
  REQUIRE_THROWS_WITH(TiffSource(path), Catch::StartsWith(path.string() + ": "));
}
