// needed_blocks and render_masked: the blocks a set of pixels depends on are enough to render
// them exactly.
#include "../catch.hpp"

#include "../test_util.hpp"
#include "jpeg_maker.hpp"
#include "jpeg_render.hpp"
#include "jpeg_source.hpp"

#include <codec/error.hpp>

#include <numeric>

namespace cj = codec::jpeg;

namespace {

using Sampling = std::array<std::pair<int, int>, 4>;

cj::Coefficients make(int w, int h, const Sampling& s, int comps, std::uint32_t seed) {
  test::JpegSpec sp;
  sp.width = w;
  sp.height = h;
  sp.sampling = s;
  sp.components = comps;
  const auto r = smearpress::read_jpeg_coefficients(test::make_jpeg(sp, test::make_content(w, h, comps, seed)));
  REQUIRE(r.source.has_value());
  return r.source->coefficients;
}

// Zeroes every block `keep` does not name, as a coder keeping only those would.
cj::Coefficients keep_only(cj::Coefficients c, const cj::BlockSet& keep) {
  for (std::size_t ci = 0; ci < c.components.size(); ++ci)
    for (std::size_t b = 0; b < keep[ci].size(); ++b)
      if (!keep[ci][b]) std::fill_n(c.components[ci].coeffs.begin() + static_cast<std::ptrdiff_t>(b * 64), 64, 0);
  return c;
}

std::size_t count(const cj::BlockSet& s) {
  std::size_t n = 0;
  for (const auto& v : s) n += static_cast<std::size_t>(std::accumulate(v.begin(), v.end(), 0));
  return n;
}

// Pixels of a and b where mask is set: the number of differing samples.
long differing(const codec::Image& a, const codec::Image& b, const codec::Image& mask) {
  long n = 0;
  for (int y = 0; y < a.height; ++y)
    for (int x = 0; x < a.width; ++x)
      if (mask.row(y)[x] != 0)
        for (int k = 0; k < a.channels; ++k) n += a.row(y)[x * a.channels + k] != b.row(y)[x * b.channels + k];
  return n;
}

// The needed blocks of `c` stored as the decoder stores them: each component's rectangle of
// needed blocks, with a layout that has no coefficients.
struct KeptStore {
  cj::Coefficients layout;
  cj::KeptCoefficients kept;
  std::vector<cj::BlockView> views;
};
KeptStore store_rects(const cj::Coefficients& c, const cj::BlockSet& need) {
  KeptStore s{c, {}, {}};
  s.kept.parts.resize(c.components.size());
  for (std::size_t k = 0; k < c.components.size(); ++k) {
    s.layout.components[k].coeffs.clear();
    auto& part = s.kept.parts[k];
    part.rect = cj::flagged_rect(need[k], c.components[k].width_in_blocks);
    for (int by = part.rect.y0; by < part.rect.y1; ++by)
      for (int bx = part.rect.x0; bx < part.rect.x1; ++bx) {
        const std::int16_t* b = c.components[k].block(bx, by);
        part.coeffs.insert(part.coeffs.end(), b, b + cj::kBlockSize);
      }
  }
  for (const auto& part : s.kept.parts) s.views.push_back(part.view());
  return s;
}

}  // namespace

TEST_CASE("the needed blocks alone render every mask pixel exactly", "[jpeg][needed]") {
  const auto [samp, comps] = GENERATE(std::pair{Sampling{{{2, 2}, {1, 1}, {1, 1}, {1, 1}}}, 3},
                                      std::pair{Sampling{{{2, 1}, {1, 1}, {1, 1}, {1, 1}}}, 3},
                                      std::pair{Sampling{{{1, 2}, {1, 1}, {1, 1}, {1, 1}}}, 3},
                                      std::pair{Sampling{{{1, 1}, {1, 1}, {1, 1}, {1, 1}}}, 3},
                                      std::pair{Sampling{{{1, 1}, {2, 2}, {1, 2}, {1, 1}}}, 3},
                                      std::pair{Sampling{{{1, 1}, {1, 1}, {1, 1}, {1, 1}}}, 1});
  const auto [w, h] = GENERATE(std::pair{3, 3}, std::pair{5, 2}, std::pair{37, 29}, std::pair{120, 90});
  const int kind = GENERATE(0, 1, 2, 3);  // disc, sparse speckle, dense speckle, one pixel
  const cj::Coefficients c = make(w, h, samp, comps, static_cast<std::uint32_t>(w + kind));
  codec::Image mask = kind == 0 ? test::make_disc_mask(w, h, 0.2, 0.3)
                                : test::make_random_mask(w, h, kind == 1 ? 0.002 : 0.1, static_cast<std::uint32_t>(h));
  if (kind == 3) {
    mask = codec::Image(w, h, 1);
    mask.row(h / 2)[w / 2] = 255;
  }
  INFO(w << "x" << h << " mask kind " << kind << ", Y " << samp[0].first << "x" << samp[0].second);
  const codec::Image full = cj::render(c);
  const cj::BlockSet need = cj::needed_blocks(c, mask);
  const cj::Coefficients kept = keep_only(c, need);
  REQUIRE(differing(cj::render(kept), full, mask) == 0);
  const codec::Image masked = cj::render_masked(kept, mask);
  REQUIRE(differing(masked, full, mask) == 0);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      if (mask.row(y)[x] == 0)
        for (int k = 0; k < masked.channels; ++k) REQUIRE(masked.row(y)[x * masked.channels + k] == 0);
  // The decoder's path: only the needed blocks' rectangles stored, the mask as runs.
  const KeptStore store = store_rects(c, need);
  codec::Image from_rects(w, h, masked.channels);
  cj::render_runs_box(store.layout, store.views.data(), codec::mask_runs(mask), need, from_rects, 0, 0);
  REQUIRE(from_rects.data == masked.data);
}

TEST_CASE("needed_blocks is tight: one pixel needs its block and the chroma its filter reads", "[jpeg][needed]") {
  const cj::Coefficients c = make(64, 64, Sampling{{{2, 2}, {1, 1}, {1, 1}, {1, 1}}}, 3, 1);
  codec::Image mask(64, 64, 1);
  mask.row(5)[5] = 1;  // chroma sample (2, 2), filter reads (3, *) and rows 1..2: one block each
  REQUIRE(count(cj::needed_blocks(c, mask)) == 3);
  mask.row(5)[5] = 0;
  mask.row(16)[16] = 1;  // chroma (8, 8), even: reads column 7 and row 7 -> 2 x 2 chroma blocks
  const cj::BlockSet need = cj::needed_blocks(c, mask);
  REQUIRE(count(need) == 1 + 4 + 4);
  REQUIRE(need[0][2 * 8 + 2] == 1);
  REQUIRE(cj::needed_blocks(c, codec::Image(64, 64, 1))[0].size() == 64);
  REQUIRE(count(cj::needed_blocks(c, codec::Image(64, 64, 1))) == 0);
  REQUIRE_THROWS_AS(cj::needed_blocks(c, codec::Image(63, 64, 1)), codec::Error);
}
