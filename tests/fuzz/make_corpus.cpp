// make_corpus DIR: writes small valid .smz files, one per coder combination and image shape, as
// the seed corpus of decode_fuzzer. Generated rather than stored, so it follows the format.
// The jpeg-dct seeds (format version 3) use made-up coefficients rendered by libcodec itself, so
// no JPEG file or libjpeg is needed: colour and gray, every sampling layout, standard and raw
// quantisation tables.
#include <codec/codec.hpp>
#include <codec/error.hpp>
#include <codec/crc32.hpp>
#include <codec/jpeg_render.hpp>
#include <codec/tiled.hpp>

#include "../synthetic_jpeg.hpp"
#include "../test_util.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using namespace codec;

namespace {

bool write_seed(const fs::path& dir, int& n, const std::vector<std::uint8_t>& bytes) {
  const fs::path path = dir / ("seed-" + std::to_string(n++) + ".smz");
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) std::fprintf(stderr, "make_corpus: cannot write %s\n", path.c_str());
  return static_cast<bool>(out);
}

// jpeg-dct seeds: every sampling layout on small odd sizes, disc and speckle masks, two
// backgrounds.
bool write_jpeg_seeds(const fs::path& dir, int& n) {
  for (const test::JpegShape& s : test::kJpegShapes) {
    const jpeg::Coefficients c = test::synthetic_jpeg(s, static_cast<std::uint32_t>(s.w * 13 + s.h));
    const Image image = jpeg::render(c);
    for (int variant = 0; variant < 2; ++variant) {
      const Image mask = variant == 0 ? test::make_disc_mask(s.w, s.h)
                                      : test::make_random_mask(s.w, s.h, 0.2, static_cast<std::uint32_t>(s.w));
      EncodeParams p = variant == 0 ? test::v2_params() : EncodeParams{};
      p.roi_method = RoiMethod::kJpegDct;
      try {
        if (!write_seed(dir, n, encode(image, mask, p, nullptr, &c).bytes)) return false;
      } catch (const Error& err) {
        std::fprintf(stderr, "make_corpus: jpeg-dct %dx%dx%d: %s\n", s.w, s.h, s.channels, err.what());
        return false;
      }
    }
  }
  return true;
}

// Tiled seeds (format version 4): small grids of 256-pixel tiles, with and without a background
// apron, colour and gray, assembled by the container functions of codec/tiled.hpp.
bool write_tiled_seeds(const fs::path& dir, int& n) {
  for (const std::uint32_t apron : {0u, 8u}) {
    tiled::Grid g;
    g.width = 300;
    g.height = 270;
    g.channels = apron ? 3 : 1;
    g.tile_width = g.tile_height = 256;
    g.apron = apron;
    std::vector<std::uint8_t> file = tiled::write_prefix(g, 0);
    std::vector<tiled::TileEntry> entries;
    for (std::uint32_t t = 0; t < g.tile_count(); ++t) {
      const tiled::Grid::Cell c = g.cell(t), e = g.extent(t);
      const int w = static_cast<int>(e.width), h = static_cast<int>(e.height);
      const Image image = test::make_image(w, h, g.channels, t + 7);
      Image mask(w, h, 1);  // ROI in the cell only, none in the apron
      const Image disc = test::make_disc_mask(static_cast<int>(c.width), static_cast<int>(c.height), 0.2, 0.2);
      for (std::uint32_t y = 0; y < c.height; ++y)
        for (std::uint32_t x = 0; x < c.width; ++x)
          mask.row(static_cast<int>(c.y - e.y + y))[c.x - e.x + x] = disc.row(static_cast<int>(y))[x];
      EncodeParams p = test::v2_params();
      if (g.channels == 1) {
        p.colour = BackgroundColour::kChannels;
        p.chroma_levels = p.chroma_step = 0;
      }
      const std::vector<std::uint8_t> bytes = encode(image, mask, p).bytes;
      entries.push_back({file.size(), static_cast<std::uint32_t>(bytes.size()), crc32(bytes)});
      file.insert(file.end(), bytes.begin(), bytes.end());
    }
    const std::uint64_t index_offset = file.size();
    const auto index = tiled::write_index(entries);
    file.insert(file.end(), index.begin(), index.end());
    const auto prefix = tiled::write_prefix(g, index_offset);
    std::copy(prefix.begin(), prefix.end(), file.begin());
    if (!write_seed(dir, n, file)) return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_corpus DIR\n");
    return 2;
  }
  const fs::path dir = argv[1];
  fs::create_directories(dir);
  struct Shape {
    int w, h, channels;
  };
  const Shape shapes[] = {{1, 1, 3}, {3, 5, 1}, {17, 9, 3}, {24, 20, 3}, {13, 16, 1}};
  int n = 0;
  for (const Shape& s : shapes) {
    const Image image = test::make_image(s.w, s.h, s.channels, static_cast<std::uint32_t>(s.w * 31 + s.h));
    const Image masks[] = {test::make_disc_mask(s.w, s.h), Image(s.w, s.h, 1)};
    for (int variant = 0; variant < 9; ++variant) {
      EncodeParams p;
      p.feather_px = variant % 3;
      switch (variant) {
        case 0: break;  // the paper's coders
        case 1:
          p.background_method = BackgroundMethod::kWaveletRans;
          p.colour = s.channels == 3 ? BackgroundColour::kYCoCg : BackgroundColour::kChannels;
          p.levels = 2;
          p.quant_step = 100;
          if (s.channels == 3) {
            p.chroma_levels = 1;
            p.chroma_step = 120;
          }
          p.upsample = Upsample::kSmooth;
          p.mask_method = MaskMethod::kRowDelta;
          p.roi_method = RoiMethod::kContextRans;
          break;
        case 2:
          p.background_method = BackgroundMethod::kWaveletRans;
          p.detail_step = 20;
          p.quant_step = 8;
          break;
        case 3:
          p.mask_method = MaskMethod::kRowDelta;
          p.levels = 3;
          break;
        case 4:
          p.roi_method = RoiMethod::kContextRans;
          p.quant_step = 1;
          break;
        case 6:  // the paper's base method
          p.background_method = BackgroundMethod::kHaarPivotHuffman;
          p.bands = Bands::kAll;
          p.pivot_block = 3;
          p.quant_step = 1;
          break;
        case 7:
          p.background_method = BackgroundMethod::kHaarPivotHuffman;
          p.pivot = PivotRule::kMedian;
          p.pivot_block = 4;
          p.levels = 2;
          break;
        case 8:  // the weighted lossless ROI coder
          p.background_method = BackgroundMethod::kWaveletRans;
          p.roi_method = RoiMethod::kWeightedRans;
          p.mask_method = MaskMethod::kRowDelta;
          break;
        default:
          p.background_method = BackgroundMethod::kWaveletRans;
          p.roi_method = RoiMethod::kContextRans;
          p.mask_method = MaskMethod::kRowDelta;
          break;
      }
      const Image& mask = masks[variant % 2 == 0 || s.w < 4 ? 0 : 1];
      try {
        if (!write_seed(dir, n, encode(image, mask, p).bytes)) return 1;
      } catch (const Error& err) {
        std::fprintf(stderr, "make_corpus: %dx%dx%d variant %d: %s\n", s.w, s.h, s.channels, variant, err.what());
        return 1;
      }
    }
  }
  if (!write_jpeg_seeds(dir, n)) return 1;
  if (!write_tiled_seeds(dir, n)) return 1;
  std::printf("make_corpus: %d files in %s\n", n, dir.c_str());
  return 0;
}
