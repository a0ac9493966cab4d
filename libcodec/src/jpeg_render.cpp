#include "jpeg_render.hpp"

#include "jpeg_idct.hpp"
#include "jpeg_layout.hpp"
#include "jpeg_upsample.hpp"

#include <codec/error.hpp>
#include <codec/format.hpp>
#include <codec/jpeg_portable.hpp>

#include <algorithm>
#include <string>

namespace codec::jpeg {

namespace {

constexpr int kMaxJpegDimension = 65500;  // libjpeg's JPEG_MAX_DIMENSION

[[noreturn]] void bad(const std::string& what) {
  throw Error(ErrorCode::kInvalidArgument, "JPEG coefficients: " + what);
}

// YCbCr -> RGB with libjpeg's tables (SCALEBITS 16, constants rounded to 16 fractional bits).
struct ColourTables {
  std::array<int, 256> cr_r{}, cb_b{}, cr_g{}, cb_g{};
  constexpr ColourTables() {
    for (int i = 0; i < 256; ++i) {
      const int x = i - 128;
      const auto u = static_cast<std::size_t>(i);
      cr_r[u] = (91881 * x + 32768) >> 16;   // FIX(1.40200)
      cb_b[u] = (116130 * x + 32768) >> 16;  // FIX(1.77200)
      cr_g[u] = -46802 * x;                  // -FIX(0.71414)
      cb_g[u] = -22554 * x + 32768;          // -FIX(0.34414), plus ONE_HALF
    }
  }
};
constexpr ColourTables kColour;

inline std::uint8_t clamp255(int v) {
  return static_cast<std::uint8_t>(v < 0 ? 0 : (v > 255 ? 255 : v));
}

void ycc_to_bgr(const std::uint8_t* y, const std::uint8_t* cb, const std::uint8_t* cr, int n,
                std::uint8_t* out) {
  for (int i = 0; i < n; ++i, out += 3) {
    const int yy = y[i];
    const std::size_t b = cb[i], r = cr[i];
    out[0] = clamp255(yy + kColour.cb_b[b]);
    out[1] = clamp255(yy + ((kColour.cb_g[b] + kColour.cr_g[r]) >> 16));
    out[2] = clamp255(yy + kColour.cr_r[r]);
  }
}

// Everything one rendering needs: the components' geometry, and (in the scratch) their planes
// and row buffers.
class Renderer {
 public:
  // `views` (one per component) hold every block decode_block() is asked for.
  Renderer(const Coefficients& c, const BlockView* views, RenderScratch* scratch)
      : c_(c), views_(views), s_(scratch != nullptr ? *scratch : own_), planes_(s_.planes), rows_(s_.rows),
        tmp_(s_.tmp) {
    check_shape(c);
    for (const auto& comp : c.components) {
      geom_.push_back(component_geometry(c, comp));
      quant_.push_back(idct_quant(c.quant[static_cast<std::size_t>(comp.quant_index)]));
    }
    if (planes_.size() < c.components.size()) planes_.resize(c.components.size());
    if (rows_.size() < c.components.size()) rows_.resize(c.components.size());
  }

  // Holds (uninitialised) the block rectangle [bx0, bx0 + bw) x [by0, by0 + bh) of component ci.
  void allocate(std::size_t ci, int bx0, int by0, int bw, int bh) {
    Plane& p = planes_[ci];
    p.bx0 = bx0;
    p.by0 = by0;
    p.stride = bw * 8;
    p.px.resize(static_cast<std::size_t>(bw) * 64 * static_cast<std::size_t>(bh));
  }

  // IDCT of block (bx, by) of component ci into its plane (which must hold it).
  void decode_block(std::size_t ci, int bx, int by) {
    Plane& p = planes_[ci];
    std::uint8_t* dst = p.px.data() + static_cast<std::size_t>((by - p.by0) * 8) * p.stride +
                        static_cast<std::size_t>((bx - p.bx0) * 8);
    idct_islow(views_[ci].block(bx, by), quant_[ci], dst, p.stride);
  }

  // Pixels [xa, xb) of output row y, written to out (channels() bytes per pixel).
  void emit(int y, int xa, int xb, std::uint8_t* out) {
    const int n = xb - xa;
    if (c_.components.size() == 1) {
      const std::uint8_t* g = upsample_run(geom_[0], planes_[0], y, xa, xb, rows_[0], tmp_);
      std::copy(g, g + n, out);
      return;
    }
    const std::uint8_t* ycc[3];
    for (std::size_t ci = 0; ci < 3; ++ci)
      ycc[ci] = upsample_run(geom_[ci], planes_[ci], y, xa, xb, rows_[ci], tmp_);
    ycc_to_bgr(ycc[0], ycc[1], ycc[2], n, out);
  }

  const Geometry& geometry(std::size_t ci) const { return geom_[ci]; }
  int channels() const { return c_.components.size() == 1 ? 1 : 3; }

 private:
  const Coefficients& c_;
  const BlockView* views_;
  RenderScratch own_;
  RenderScratch& s_;
  std::vector<Plane>& planes_;
  std::vector<std::vector<std::uint8_t>>& rows_;
  std::vector<int>& tmp_;
  std::vector<Geometry> geom_;
  std::vector<IdctQuant> quant_;
};

// Calls f(y, xa, xb) for every run [xa, xb) of the mask, row by row.
template <class F>
void for_each_run(const MaskRuns& runs, F&& f) {
  for (int y = runs.box.y0; y < runs.box.y1; ++y)
    for (std::uint32_t k = runs.row_begin[static_cast<std::size_t>(y)];
         k < runs.row_begin[static_cast<std::size_t>(y) + 1]; ++k)
      f(y, runs.runs[k].first, runs.runs[k].second);
}

// The whole grids of `c`, which check_layout has accepted.
std::vector<BlockView> whole_grids(const Coefficients& c) {
  std::vector<BlockView> v;
  for (const auto& comp : c.components) v.push_back(whole_grid(comp));
  return v;
}

void check_mask(const Coefficients& c, const Image& mask) {
  if (mask.width != c.width || mask.height != c.height || mask.channels != 1 ||
      mask.data.size() != mask.byte_count())
    bad("mask is " + std::to_string(mask.width) + "x" + std::to_string(mask.height) + "x" +
        std::to_string(mask.channels) + ", image is " + std::to_string(c.width) + "x" +
        std::to_string(c.height));
}

}  // namespace

void check_shape(const Coefficients& c) {
  if (c.width < 1 || c.height < 1 || c.width > kMaxJpegDimension || c.height > kMaxJpegDimension)
    bad("image size " + std::to_string(c.width) + "x" + std::to_string(c.height));
  if (static_cast<std::uint64_t>(c.width) * static_cast<std::uint64_t>(c.height) > kMaxPixels)
    throw Error(ErrorCode::kLimitExceeded, "JPEG coefficients: more than " + std::to_string(kMaxPixels) + " pixels");
  const std::size_t n = c.components.size();
  if (!((n == 1 && c.color == ColorSpace::gray) || (n == 3 && c.color == ColorSpace::ycbcr)))
    bad(std::to_string(n) + " components for the colour space");
  for (const auto& comp : c.components)
    if (comp.h_samp < 1 || comp.h_samp > kMaxSampling || comp.v_samp < 1 || comp.v_samp > kMaxSampling)
      bad("sampling factor outside 1.." + std::to_string(kMaxSampling));
  const int mh = c.max_h(), mv = c.max_v();
  for (const auto& comp : c.components) {
    if (comp.width_in_blocks != blocks_for(c.width, comp.h_samp, mh) ||
        comp.height_in_blocks != blocks_for(c.height, comp.v_samp, mv))
      bad("block grid does not match the image size and sampling");
    if (comp.quant_index < 0 || comp.quant_index >= kMaxQuantTables) bad("quant_index");
  }
}

void check_layout(const Coefficients& c) {
  check_shape(c);
  for (const auto& comp : c.components)
    if (comp.coeffs.size() != comp.block_count() * kBlockSize) bad("coefficient count");
}

Image render(const Coefficients& coeffs, RenderScratch* scratch) {
  return render_region(coeffs, 0, 0, coeffs.width, coeffs.height, scratch);
}

Image render_region(const Coefficients& coeffs, int x0, int y0, int w, int h, RenderScratch* scratch) {
  check_layout(coeffs);
  const std::vector<BlockView> views = whole_grids(coeffs);
  Renderer r(coeffs, views.data(), scratch);
  if (x0 < 0 || y0 < 0 || w < 1 || h < 1 || x0 > coeffs.width - w || y0 > coeffs.height - h)
    bad("region outside the image");
  for (std::size_t ci = 0; ci < coeffs.components.size(); ++ci) {
    const Geometry& g = r.geometry(ci);
    const auto [sx0, sx1] = sample_span(g.hmode, x0, x0 + w - 1, g.dw);
    const auto [sy0, sy1] = sample_span(g.vmode, y0, y0 + h - 1, g.dh);
    const int bx0 = sx0 / 8, bx1 = sx1 / 8, by0 = sy0 / 8, by1 = sy1 / 8;
    r.allocate(ci, bx0, by0, bx1 - bx0 + 1, by1 - by0 + 1);
    for (int by = by0; by <= by1; ++by)
      for (int bx = bx0; bx <= bx1; ++bx) r.decode_block(ci, bx, by);
  }
  Image out = Image::uninitialized(w, h, r.channels());
  for (int y = 0; y < h; ++y) r.emit(y0 + y, x0, x0 + w, out.row(y));
  return out;
}

Image render_masked(const Coefficients& coeffs, const Image& mask, RenderScratch* scratch) {
  Image out(coeffs.width, coeffs.height, coeffs.components.size() == 1 ? 1 : 3);
  render_masked_into(coeffs, mask, out, scratch);
  return out;
}

void render_masked_into(const Coefficients& coeffs, const Image& mask, Image& out, RenderScratch* scratch) {
  if (out.width != coeffs.width || out.height != coeffs.height)
    bad("output image is not " + std::to_string(coeffs.width) + "x" + std::to_string(coeffs.height));
  check_layout(coeffs);
  check_mask(coeffs, mask);
  const MaskRuns runs = mask_runs(mask);
  const std::vector<BlockView> views = whole_grids(coeffs);
  render_runs_box(coeffs, views.data(), runs, needed_blocks(coeffs, runs), out, 0, 0, scratch);
}

void render_masked_box(const Coefficients& coeffs, const Image& mask, const BlockSet& need, Image& out, int ox,
                       int oy, RenderScratch* scratch) {
  check_layout(coeffs);
  check_mask(coeffs, mask);
  const std::vector<BlockView> views = whole_grids(coeffs);
  render_runs_box(coeffs, views.data(), mask_runs(mask), need, out, ox, oy, scratch);
}

void render_runs_box(const Coefficients& layout, const BlockView* views, const MaskRuns& runs, const BlockSet& need,
                     Image& out, int ox, int oy, RenderScratch* scratch) {
  Renderer r(layout, views, scratch);
  if (out.channels != r.channels() || out.data.size() != out.byte_count() || need.size() != layout.components.size())
    bad("output image or block set does not fit the coefficients");
  for (std::size_t ci = 0; ci < layout.components.size(); ++ci) {
    const Component& comp = layout.components[ci];
    if (need[ci].size() != comp.block_count()) bad("block set does not fit the coefficients");
    const BlockRect rect = flagged_rect(need[ci], comp.width_in_blocks);
    if (rect.empty()) continue;
    r.allocate(ci, rect.x0, rect.y0, rect.x1 - rect.x0, rect.y1 - rect.y0);
    for (int by = rect.y0; by < rect.y1; ++by)
      for (int bx = rect.x0; bx < rect.x1; ++bx)
        if (need[ci][static_cast<std::size_t>(by) * comp.width_in_blocks + bx]) r.decode_block(ci, bx, by);
  }
  const int ch = r.channels();
  for_each_run(runs, [&](int y, int xa, int xb) {
    if (y < oy || y - oy >= out.height || xa < ox || xb - ox > out.width) bad("output image does not cover the mask");
    r.emit(y, xa, xb, out.row(y - oy) + (xa - ox) * ch);
  });
}

std::optional<BlockRef> find_nonportable_block(const Coefficients& c) {
  check_layout(c);
  return find_nonportable_block(c, all_blocks(c));
}

std::optional<BlockRef> find_nonportable_block(const Coefficients& c, const BlockSet& among) {
  check_layout(c);
  if (among.size() != c.components.size()) bad("block set does not fit the coefficients");
  for (std::size_t ci = 0; ci < c.components.size(); ++ci) {
    const Component& comp = c.components[ci];
    if (among[ci].size() != comp.block_count()) bad("block set does not fit the coefficients");
    const IdctQuant q = idct_quant(c.quant[static_cast<std::size_t>(comp.quant_index)]);
    for (int by = 0; by < comp.height_in_blocks; ++by)
      for (int bx = 0; bx < comp.width_in_blocks; ++bx)
        if (among[ci][static_cast<std::size_t>(by) * comp.width_in_blocks + bx] &&
            !idct_block_portable(comp.block(bx, by), q))
          return BlockRef{static_cast<int>(ci), bx, by};
  }
  return std::nullopt;
}

BlockSet needed_blocks(const Coefficients& layout, const Image& mask) {
  check_layout(layout);
  check_mask(layout, mask);
  return needed_blocks(layout, mask_runs(mask));
}

BlockSet needed_blocks(const Coefficients& layout, const MaskRuns& runs) {
  check_shape(layout);
  BlockSet need(layout.components.size());
  std::vector<Geometry> geom;
  for (std::size_t ci = 0; ci < layout.components.size(); ++ci) {
    need[ci].assign(layout.components[ci].block_count(), 0);
    geom.push_back(component_geometry(layout, layout.components[ci]));
  }
  for_each_run(runs, [&](int y, int xa, int xb) {
    for (std::size_t ci = 0; ci < need.size(); ++ci) {
      const Geometry& g = geom[ci];
      const int wb = layout.components[ci].width_in_blocks;
      const auto [sx0, sx1] = sample_span(g.hmode, xa, xb - 1, g.dw);
      const auto [sy0, sy1] = sample_span(g.vmode, y, y, g.dh);
      for (int sy : {sy0, sy1}) {
        std::uint8_t* row = need[ci].data() + static_cast<std::size_t>(sy / 8) * wb;
        std::fill(row + sx0 / 8, row + sx1 / 8 + 1, std::uint8_t{1});
      }
    }
  });
  return need;
}

}  // namespace codec::jpeg
