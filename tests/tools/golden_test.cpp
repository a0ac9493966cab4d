// The golden corpus (tests/data/golden): committed .smz files of format versions 2 and 3 must
// keep decoding to the pixels recorded in MANIFEST.txt. A failure here means the decoder's output
// changed for existing files; see tests/data/golden/README.md before touching the corpus.
#include "../catch.hpp"
#include "../golden/golden.hpp"

#include "io/image_io.hpp"

#include <codec/methods.hpp>

#include <exception>
#include <filesystem>
#include <map>
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

namespace {

// What the files of one format version show: their header words, and gray / colour / feathered /
// detail bands with Haar upsampling.
struct Coverage {
  std::set<std::string> words;
  bool gray = false, colour = false, feathered = false, haar_details = false;
};

// The manifest's files by the format version each declares; the name must start with it too.
std::map<int, Coverage> coverage_by_version() {
  std::map<int, Coverage> by_version;
  for (const golden::Entry& e : manifest()) {
    INFO(e.file);
    const std::vector<std::uint8_t> bytes = smearpress::read_file(kGoldenDir / e.file);
    const int version = codec::inspect(bytes).version;
    CHECK(e.file.rfind("v" + std::to_string(version) + "-", 0) == 0);
    Coverage& c = by_version[version];
    std::istringstream words(e.parameters);
    std::set<std::string> mine;
    for (std::string w; words >> w;) mine.insert(w);
    c.gray = c.gray || e.parameters.find("x1 ") != std::string::npos;
    c.colour = c.colour || e.parameters.find("x3 ") != std::string::npos;
    c.feathered = c.feathered || !mine.count("feather=0");
    c.haar_details = c.haar_details || (mine.count("upsample=haar") && !mine.count("detail_step=0"));
    c.words.insert(mine.begin(), mine.end());
  }
  return by_version;
}

}  // namespace

TEST_CASE("the golden corpus covers every coder of every format version", "[golden]") {
  std::map<int, Coverage> by_version = coverage_by_version();
  REQUIRE(by_version.size() == 2);
  // Version 2: every background, mask and pixel ROI coder and their variants.
  const Coverage& v2 = by_version[2];
  CHECK(v2.gray);
  CHECK(v2.colour);
  CHECK(v2.feathered);
  CHECK(v2.haar_details);
  for (const char* word :
       {"background=haar-ll-huffman", "background=wavelet-rans", "background=haar-pivot-huffman",
        "colour=channels", "colour=ycocg", "upsample=haar", "upsample=smooth", "bands=ll", "bands=all",
        "pivot=upper-left", "pivot=mean", "pivot=median", "mask=rle-gamma", "mask=row-delta",
        "roi=rct-med-huffman", "roi=ycocg-med-rans", "roi=ycocg-weighted-rans", "roi_pixels=0"}) {
    INFO("version 2: " << word);
    CHECK(v2.words.count(word) == 1);
  }
  CHECK(v2.words.count("roi=jpeg-dct") == 0);  // a version-3 feature
  // Version 3: the jpeg-dct ROI coder, on gray and colour (YCbCr) JPEGs, both mask coders.
  const Coverage& v3 = by_version[3];
  CHECK(v3.gray);
  CHECK(v3.colour);
  CHECK(v3.feathered);
  for (const char* word : {"roi=jpeg-dct", "mask=rle-gamma", "mask=row-delta"}) {
    INFO("version 3: " << word);
    CHECK(v3.words.count(word) == 1);
  }
  // Every ROI coder this build knows is in some version's files.
  for (const std::string& name : codec::method_names<codec::RoiMethod>()) {
    INFO("roi=" << name);
    CHECK((v2.words.count("roi=" + name) + v3.words.count("roi=" + name)) == 1);
  }
}
