// The golden corpus (tests/data/golden): committed .smz files must keep decoding to the pixels
// recorded in MANIFEST.txt. A failure here means the decoder's output changed for existing
// files; see tests/data/golden/README.md before touching the corpus.
#include "../catch.hpp"
#include "../golden/golden.hpp"

#include "io/image_io.hpp"

#include <exception>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path kGoldenDir = fs::path(SMEARPRESS_TEST_DATA_DIR) / "golden";

std::vector<golden::Entry> manifest() {
  const std::vector<std::uint8_t> bytes = smearpress::read_file(kGoldenDir / golden::kManifestName);
  return golden::parse_manifest(std::string(bytes.begin(), bytes.end()));
}

}  // namespace

TEST_CASE("the golden manifest lists exactly the .smz files of its folder", "[golden]") {
  const std::vector<golden::Entry> entries = manifest();
  REQUIRE(!entries.empty());
  std::set<std::string> listed;
  for (const golden::Entry& e : entries) {
    INFO(e.file);
    CHECK(fs::is_regular_file(kGoldenDir / e.file));
    listed.insert(e.file);
  }
  std::size_t on_disk = 0;
  for (const fs::directory_entry& f : fs::directory_iterator(kGoldenDir)) {
    if (f.path().extension() != ".smz") continue;
    ++on_disk;
    INFO(f.path().filename().string() << " is not in the manifest");
    CHECK(listed.count(f.path().filename().string()) == 1);
  }
  CHECK(on_disk == entries.size());
}

TEST_CASE("every golden file decodes to the pixels its manifest line records", "[golden]") {
  const std::vector<golden::Entry> entries = manifest();
  REQUIRE(!entries.empty());
  for (const golden::Entry& expected : entries) {
    INFO(expected.file);
    try {
      const std::vector<std::uint8_t> bytes = smearpress::read_file(kGoldenDir / expected.file);
      const golden::Entry got = golden::make_entry(expected.file, bytes);
      CHECK(got.image_sha256 == expected.image_sha256);
      CHECK(got.mask_sha256 == expected.mask_sha256);
      CHECK(got.parameters == expected.parameters);
    } catch (const std::exception& e) {
      FAIL_CHECK("cannot decode: " << e.what());
    }
  }
}

TEST_CASE("the golden corpus covers every coder of format version 2", "[golden]") {
  std::set<std::string> seen;
  bool gray = false, colour = false, feathered = false, haar_details = false;
  for (const golden::Entry& e : manifest()) {
    std::istringstream words(e.parameters);
    std::set<std::string> mine;
    for (std::string w; words >> w;) mine.insert(w);
    gray = gray || e.parameters.find("x1 ") != std::string::npos;
    colour = colour || e.parameters.find("x3 ") != std::string::npos;
    feathered = feathered || !mine.count("feather=0");
    haar_details = haar_details || (mine.count("upsample=haar") && !mine.count("detail_step=0"));
    seen.insert(mine.begin(), mine.end());
  }
  CHECK(gray);
  CHECK(colour);
  CHECK(feathered);
  CHECK(haar_details);
  for (const char* word :
       {"background=haar-ll-huffman", "background=wavelet-rans", "background=haar-pivot-huffman",
        "colour=channels", "colour=ycocg", "upsample=haar", "upsample=smooth", "bands=ll", "bands=all",
        "pivot=upper-left", "pivot=mean", "pivot=median", "mask=rle-gamma", "mask=row-delta",
        "roi=rct-med-huffman", "roi=ycocg-med-rans", "roi=ycocg-weighted-rans", "roi_pixels=0"}) {
    INFO(word);
    CHECK(seen.count(word) == 1);
  }
}
