// OpenSlide opens PyramidTiffWriter's output as a generic TIFF, and OpenSlideSource reads the
// same level-0 pixels as TiffSource.
#include "slide/open_slide.hpp"
#include "slide/openslide_source.hpp"
#include "slide/pyramid_tiff_writer.hpp"
#include "slide/tiff_source.hpp"
#include "tiff_maker.hpp"

#include "../catch.hpp"
#include <openslide/openslide.h>

#include <fstream>

namespace fs = std::filesystem;
using smearpress::slide::OpenSlideSource;
using smearpress::slide::PyramidTiffWriter;
using smearpress::slide::TiffSource;

namespace {

fs::path written_pyramid(const fs::path& dir, smearpress::slide::TiffCompression compression) {
  const cv::Mat image = test::as_returned(test::pattern(1500, 1100, 3, 21));
  smearpress::slide::PyramidTiffOptions options;
  options.tile = 256;
  options.compression = compression;
  const auto path = dir / "slide.tif";
  PyramidTiffWriter writer(path, 1500, 1100, 3, options);
  for (int y = 0; y < 1100; y += 256) {
    const cv::Rect band = cv::Rect(0, y, 1500, 256) & cv::Rect(0, 0, 1500, 1100);
    writer.put(band, image(band));
  }
  writer.finish();
  return path;
}

}  // namespace

TEST_CASE("OpenSlide opens the pyramid writer's output with every level", "[slide][openslide]") {
  const auto compression = GENERATE(smearpress::slide::TiffCompression::kDeflate, smearpress::slide::TiffCompression::kJpeg);
  const auto path = written_pyramid(test::temp_dir("openslide"), compression);
  REQUIRE(std::string(openslide_detect_vendor(path.c_str())) == "generic-tiff");
  openslide_t* osr = openslide_open(path.c_str());
  REQUIRE(osr);
  REQUIRE(openslide_get_error(osr) == nullptr);
  // 1500x1100, 750x550, 375x275, 188x138: the last fits in a 256 tile.
  const std::vector<std::pair<std::int64_t, std::int64_t>> sizes{{1500, 1100}, {750, 550}, {375, 275}, {188, 138}};
  REQUIRE(openslide_get_level_count(osr) == 4);
  for (int k = 0; k < 4; ++k) {
    std::int64_t w = 0, h = 0;
    openslide_get_level_dimensions(osr, k, &w, &h);
    REQUIRE(std::make_pair(w, h) == sizes[k]);
  }
  openslide_close(osr);

  OpenSlideSource slide(path);
  TiffSource tiff(path);
  REQUIRE(slide.describe() == "OpenSlide generic-tiff, 4 levels");
  REQUIRE(slide.natural_block() == cv::Size(256, 256));
  cv::Mat a, b;
  for (const cv::Rect r : {cv::Rect(0, 0, 1500, 1100), cv::Rect(250, 500, 300, 77), cv::Rect(1499, 1099, 1, 1)}) {
    slide.read(r, a);
    tiff.read(r, b);
    INFO(r);
    REQUIRE(cv::norm(a, b, cv::NORM_INF) == 0);
  }
  // A generic TIFF goes to libtiff, not OpenSlide.
  REQUIRE(smearpress::slide::open_region_source(path)->describe().rfind("BigTIFF, tiled 256x256", 0) == 0);
}

TEST_CASE("OpenSlideSource refuses what is not a slide, and regions outside", "[slide][openslide]") {
  const auto dir = test::temp_dir("openslide_bad");
  std::ofstream(dir / "note.svs") << "not a slide";
  REQUIRE_THROWS_WITH(OpenSlideSource(dir / "note.svs"), Catch::StartsWith((dir / "note.svs").string() + ": "));
  REQUIRE(smearpress::slide::open_region_source(dir / "note.svs") == nullptr);
  const auto path = written_pyramid(dir, smearpress::slide::TiffCompression::kDeflate);
  OpenSlideSource slide(path);
  cv::Mat out;
  REQUIRE_THROWS_WITH(slide.read({1400, 0, 101, 10}, out), Catch::Contains("is not inside the 1500x1100 image"));
}
