#include "roi_med_huffman.hpp"

#include "huffman_coder.hpp"
#include "plane.hpp"
#include "primitives.hpp"

#include <codec/error.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace codec {
namespace {

// The reversible colour transform: B,G,R -> (B-G, G, R-G) mod 256; gray stays as it is.
std::vector<Plane<std::uint8_t>> to_planes(const Image& img) {
  std::vector<Plane<std::uint8_t>> p;
  for (int c = 0; c < img.channels; ++c) p.emplace_back(img.width, img.height);
  const std::size_t n = img.pixel_count();
  const std::uint8_t* s = img.data.data();
  if (img.channels == 1) {
    std::copy(s, s + n, p[0].px.begin());
    return p;
  }
  for (std::size_t i = 0; i < n; ++i, s += 3) {
    p[0].px[i] = static_cast<std::uint8_t>(s[0] - s[1]);
    p[1].px[i] = s[1];
    p[2].px[i] = static_cast<std::uint8_t>(s[2] - s[1]);
  }
  return p;
}

std::uint8_t inverse_at(const std::vector<Plane<std::uint8_t>>& p, std::size_t i, int c) {
  if (p.size() == 1) return p[0].px[i];
  const std::uint8_t g = p[1].px[i];
  if (c == 1) return g;
  return static_cast<std::uint8_t>(p[static_cast<std::size_t>(c)].px[i] + g);
}

// LOCO-I median edge detector with the border rules of codec/format.hpp.
inline int predict(const Plane<std::uint8_t>& ctx, int x, int y) {
  const int a = x > 0 ? ctx.at(x - 1, y) : (y > 0 ? ctx.at(x, y - 1) : 128);
  const int b = y > 0 ? ctx.at(x, y - 1) : a;
  const int c = (x > 0 && y > 0) ? ctx.at(x - 1, y - 1) : b;
  return med(a, b, c);
}

std::uint64_t write_med_huffman(ByteWriter& out, const Image& image, const Image& mask, const MaskRuns& runs,
                       const Image& background,
    const jpeg::Coefficients* /*source: pixel coder*/) {
  const std::size_t count = runs.count;
  // The decoder sees exact values inside the mask and the background outside it.
  Image composite = background;
  for (std::size_t i = 0; i < mask.pixel_count(); ++i)
    if (mask.data[i])
      for (int c = 0; c < image.channels; ++c)
        composite.data[i * image.channels + c] = image.data[i * image.channels + c];
  auto planes = to_planes(composite);
  std::vector<std::int32_t> symbols(count);
  for (auto& plane : planes) {
    std::size_t k = 0;
    for (int y = 0; y < plane.height; ++y) {
      const std::uint8_t* m = mask.row(y);
      for (int x = 0; x < plane.width; ++x)
        if (m[x]) symbols[k++] = (plane.at(x, y) - predict(plane, x, y)) & 255;
    }
    huffman::write_block(out, symbols);
  }
  return 0;
}

Image read_med_huffman_full(ByteReader& in, const Image& mask, const Image& background, std::size_t count) {
  Image exact = background;
  // Each symbol takes at least one bit: reject impossible counts before allocating.
  if (count / 8 > in.remaining())
    throw Error(ErrorCode::kTruncated, in.what() + ": too short for its pixel count");
  auto planes = to_planes(background);
  std::vector<std::int32_t> symbols(count);
  for (auto& plane : planes) {
    huffman::read_block(in, symbols);
    std::size_t k = 0;
    for (int y = 0; y < plane.height; ++y) {
      const std::uint8_t* m = mask.row(y);
      for (int x = 0; x < plane.width; ++x)
        if (m[x]) {
          const std::int32_t r = symbols[k++];
          if (r < 0 || r > 255) throw Error(ErrorCode::kCorrupt, in.what() + ": residual out of range");
          plane.at(x, y) = static_cast<std::uint8_t>(predict(plane, x, y) + r);
        }
    }
  }
  for (std::size_t i = 0; i < mask.pixel_count(); ++i)
    if (mask.data[i])
      for (int c = 0; c < exact.channels; ++c) exact.data[i * exact.channels + c] = inverse_at(planes, i, c);
  return exact;
}

ExactPixels crop(const Image& full, const Box& box) {
  ExactPixels ex;
  ex.box = box;
  ex.pixels = Image(box.width(), box.height(), full.channels);
  for (int y = box.y0; y < box.y1; ++y)
    std::copy_n(full.row(y) + static_cast<std::size_t>(box.x0) * full.channels,
                static_cast<std::size_t>(box.width()) * full.channels, ex.pixels.row(y - box.y0));
  return ex;
}

ExactPixels read_med_huffman(ByteReader& in, const Image& mask, const MaskRuns& runs, const Image& background) {
  return crop(read_med_huffman_full(in, mask, background, runs.count), runs.box);
}

}  // namespace

extern const RoiOps kMedHuffmanOps = {write_med_huffman, read_med_huffman, nullptr};

}  // namespace codec
