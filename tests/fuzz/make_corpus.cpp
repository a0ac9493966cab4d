// make_corpus DIR: writes small valid .smz files, one per coder combination and image shape, as
// the seed corpus of decode_fuzzer. Generated rather than stored, so it follows the format.
#include <codec/codec.hpp>
#include <codec/error.hpp>

#include "../test_util.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using namespace codec;

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
        const Encoded e = encode(image, mask, p);
        const fs::path path = dir / ("seed-" + std::to_string(n++) + ".smz");
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(e.bytes.data()), static_cast<std::streamsize>(e.bytes.size()));
        if (!out) {
          std::fprintf(stderr, "make_corpus: cannot write %s\n", path.c_str());
          return 1;
        }
      } catch (const Error& err) {
        std::fprintf(stderr, "make_corpus: %dx%dx%d variant %d: %s\n", s.w, s.h, s.channels, variant, err.what());
        return 1;
      }
    }
  }
  std::printf("make_corpus: %d files in %s\n", n, dir.c_str());
  return 0;
}
