#include "io/image_check.hpp"
#include "io/image_io.hpp"

#include "../catch.hpp"
#include "../temp_dir.hpp"
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using smearpress::check_image_structure;

namespace {

std::vector<std::uint8_t> encoded(const std::string& ext, int w, int h) {
  cv::Mat m(h, w, CV_8UC3);
  cv::randu(m, 0, 255);
  std::vector<std::uint8_t> buf;
  REQUIRE(cv::imencode(ext, m, buf));
  return buf;
}

}  // namespace

TEST_CASE("complete JPEG and PNG files pass and report their declared size", "[image_check]") {
  for (const std::string ext : {".jpg", ".png"}) {
    const auto s = check_image_structure(encoded(ext, 37, 21));
    INFO(ext);
    REQUIRE(s.problem.empty());
    REQUIRE(s.width == 37);
    REQUIRE(s.height == 21);
    REQUIRE(s.png_colour_type == (ext == ".png" ? 2 : -1));
  }
}

TEST_CASE("every truncation of a JPEG or PNG is reported", "[image_check][hostile]") {
  for (const std::string ext : {".jpg", ".png"}) {
    const auto bytes = encoded(ext, 16, 12);
    // A prefix shorter than the format's signature is not recognised as that format.
    const std::size_t first = ext == ".jpg" ? 3 : 4;
    for (std::size_t n = first; n < bytes.size(); ++n) {
      const auto s = check_image_structure(std::span(bytes.data(), n));
      INFO(ext << " cut to " << n << " of " << bytes.size() << " bytes");
      REQUIRE(s.problem.find("truncated") != std::string::npos);
    }
  }
}

TEST_CASE("a flipped PNG byte fails its chunk CRC", "[image_check][hostile]") {
  auto bytes = encoded(".png", 16, 12);
  bytes[bytes.size() / 2] ^= 0x10;
  const auto s = check_image_structure(bytes);
  REQUIRE(s.problem.find("CRC mismatch") != std::string::npos);
}

TEST_CASE("other formats are not judged", "[image_check]") {
  const auto s = check_image_structure(encoded(".bmp", 5, 3));
  REQUIRE(s.problem.empty());
  REQUIRE(s.width == 0);
}

TEST_CASE("stale temporaries of dead writers are removed, live ones and others kept", "[image_io]") {
  namespace fs = std::filesystem;
  const fs::path dir = test::temp_dir("stale");
  fs::create_directories(dir / "sub");
  const auto touch = [](const fs::path& p) { std::ofstream(p) << "x"; };
  touch(dir / "sub" / "a.smz.tmp-4194999-3");                                  // no such process
  touch(dir / ("b.smz.tmp-" + std::to_string(::getpid()) + "-0"));            // ours: in use
  touch(dir / "c.smz.tmp-1-0");                                                // pid 1 lives
  touch(dir / "d.tmp-notes.txt");                                              // not ours
  touch(dir / "e.smz");
  REQUIRE(smearpress::remove_stale_temporaries(dir) == 1);
  REQUIRE_FALSE(fs::exists(dir / "sub" / "a.smz.tmp-4194999-3"));
  REQUIRE(fs::exists(dir / ("b.smz.tmp-" + std::to_string(::getpid()) + "-0")));
  REQUIRE(fs::exists(dir / "c.smz.tmp-1-0"));
  REQUIRE(fs::exists(dir / "d.tmp-notes.txt"));
  REQUIRE(fs::exists(dir / "e.smz"));
}
