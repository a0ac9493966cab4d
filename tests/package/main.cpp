// consumer: compresses and reconstructs a synthetic smear through an installed smearpress and
// checks that the ROI (blend weight 255) comes back bit-exact. Exit status 0 on success.
#include <smearpress/pipeline.hpp>
#include <smearpress/settings.hpp>

#include <codec/image.hpp>

#include <cstdint>
#include <cstdio>

namespace {

/// A pale, slightly noisy background with one dark, saturated disc (a stained nucleus).
codec::Image synthetic_smear(int w, int h) {
  codec::Image img(w, h, 3);
  std::uint32_t state = 12345;
  for (int y = 0; y < h; ++y) {
    std::uint8_t* row = img.row(y);
    for (int x = 0; x < w; ++x) {
      state = state * 1664525u + 1013904223u;
      const int noise = static_cast<int>(state >> 28) - 8;  // -8..7
      const int dx = x - w / 2;
      const int dy = y - h / 2;
      const bool nucleus = dx * dx + dy * dy < (h / 5) * (h / 5);
      const int bgr[3] = {nucleus ? 150 : 215, nucleus ? 40 : 205, nucleus ? 110 : 225};
      for (int c = 0; c < 3; ++c) row[x * 3 + c] = static_cast<std::uint8_t>(bgr[c] + noise);
    }
  }
  return img;
}

}  // namespace

int main() {
  const codec::Image original = synthetic_smear(160, 120);
  const smearpress::Settings settings;
  const smearpress::Compressed compressed = smearpress::compress(original, settings);
  const smearpress::Reconstruction rec = smearpress::reconstruct(compressed.encoded.bytes);

  if (rec.image.width != original.width || rec.image.height != original.height ||
      rec.image.channels != original.channels) {
    std::fprintf(stderr, "consumer: reconstruction is %dx%dx%d, expected %dx%dx%d\n", rec.image.width,
                 rec.image.height, rec.image.channels, original.width, original.height, original.channels);
    return 1;
  }
  long roi_pixels = 0;
  long wrong = 0;
  for (int y = 0; y < original.height; ++y)
    for (int x = 0; x < original.width; ++x) {
      if (rec.weights(y, x) != 255) continue;
      ++roi_pixels;
      for (int c = 0; c < 3; ++c)
        if (rec.image.row(y)[x * 3 + c] != original.row(y)[x * 3 + c]) ++wrong;
    }
  std::printf("consumer: %zu bytes, %ld ROI pixels, %ld wrong samples\n", compressed.encoded.bytes.size(),
              roi_pixels, wrong);
  if (roi_pixels == 0) {
    std::fprintf(stderr, "consumer: the detector found no ROI in the synthetic smear\n");
    return 1;
  }
  if (wrong != 0) {
    std::fprintf(stderr, "consumer: %ld ROI samples differ from the input\n", wrong);
    return 1;
  }
  return 0;
}
