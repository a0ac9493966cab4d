// dct_stream.hpp - the walk over components and kept blocks shared by the DCT coefficient coder's
// encoder, decoder and the priors generator (dct_coder.hpp documents the stream): neighbours,
// the luma / reference-component contexts, and the blocks' order.
#pragma once

#include <algorithm>
#include <codec/jpeg_blocks.hpp>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

#include "dct_block.hpp"
#include "dct_model.hpp"
#include "dct_priors.hpp"
#include "jpeg_block_view.hpp"

namespace codec::dct {

/// The luma component's block infos, for the chroma blocks' contexts.
struct LumaInfo {
  const std::vector<BlockInfo>* info = nullptr;  ///< null while coding luma itself
  const std::uint8_t* kept = nullptr;
  int w = 0, h = 0;
  int luma_h = 1, luma_v = 1, h_samp = 1, v_samp = 1;  ///< sampling of luma and of this component
};

inline int luma_context(const LumaInfo& luma, int bx, int by) {
  if (!luma.info) return kLumaBuckets - 1;
  const int x = std::min(bx * luma.luma_h / luma.h_samp, luma.w - 1);
  const int y = std::min(by * luma.luma_v / luma.v_samp, luma.h - 1);
  const std::size_t i =
      static_cast<std::size_t>(y) * static_cast<std::size_t>(luma.w) + static_cast<std::size_t>(x);
  return luma.kept[i] ? luma_bucket((*luma.info)[i].nz_inner) : kLumaBuckets - 1;
}

/// A component on the same block grid coded before this one (Cb for Cr, luma for Cb in 4:4:4),
/// whose co-located block is context; null coeffs.data if there is none.
struct RefComponent {
  jpeg::BlockView coeffs;
  const std::uint8_t* kept = nullptr;
  const std::vector<BlockInfo>* info = nullptr;
};

/// Codes the kept blocks of one component. `src` holds the component's coefficients as far as
/// known (the neighbours are read there; it covers every kept block); `dst` receives each block
/// (the decoder: the same storage as src), or is null (the encoder: blocks are copied to a
/// scratch block first). `info` receives the blocks' BlockInfo.
template <class Io>
void code_component(Io& shared_io, Model& model, int cls, const QuantSteps& quant, int w, int h,
                    const std::uint8_t* kept, const jpeg::BlockView& src,
                    const jpeg::MutableBlockView* dst, const LumaInfo& luma,
                    const RefComponent& ref, std::vector<BlockInfo>& info) {
  info.assign(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), BlockInfo{});
  Io io = shared_io;  // a local copy for speed: see EncodeIo in dct_model.hpp
  std::int16_t scratch[jpeg::kBlockSize];
  int last_dc = 0;
  auto at = [&](int x, int y) {
    return static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x);
  };
  for (int by = 0; by < h; ++by) {
    for (int bx = 0; bx < w; ++bx) {
      const std::size_t i = at(bx, by);
      if (!kept[i]) continue;
      const bool up = by > 0 && kept[at(bx, by - 1)];
      const bool left = bx > 0 && kept[at(bx - 1, by)];
      const bool up_left = up && left && kept[at(bx - 1, by - 1)];
      Neighbours nb;
      if (up) nb.above = src.block(bx, by - 1), nb.info_above = &info[at(bx, by - 1)];
      if (left) nb.left = src.block(bx - 1, by), nb.info_left = &info[at(bx - 1, by)];
      if (up_left) nb.above_left = src.block(bx - 1, by - 1);
      std::int16_t* blk = scratch;
      if (dst)
        blk = dst->block(bx, by);
      else
        std::memcpy(scratch, src.block(bx, by), sizeof scratch);
      BlockContext bc{model, cls, quant, nb, last_dc, luma_context(luma, bx, by)};
      if (ref.coeffs.data && ref.kept[i]) {
        bc.ref = ref.coeffs.block(bx, by);
        bc.luma = luma_bucket((*ref.info)[i].nz_inner);
        bc.ref_info = &(*ref.info)[i];
      }
      info[i] = code_block(io, bc, blk);
      last_dc = blk[0];
    }
  }
  shared_io = io;
}

/// Codes the kept blocks of every component of `layout` (whose coefficients are not read): luma
/// first, then the chroma components with contexts from luma, starting from `model` as it is.
/// src[c] holds component c's blocks as far as known; dst (the decoder; null for the encoder)
/// receives them and is the same storage as src.
template <class Io>
void code_views(Io& io, Model& model, const jpeg::Coefficients& layout,
                const jpeg::BlockView* src, const jpeg::MutableBlockView* dst,
                const jpeg::BlockSet& kept) {
  std::vector<BlockInfo> infos[jpeg::kMaxComponents];
  LumaInfo luma;
  for (std::size_t c = 0; c < layout.components.size(); ++c) {
    const auto& comp = layout.components[c];
    RefComponent ref;
    if (c > 0) {
      const auto& prev = layout.components[c - 1];
      if (prev.width_in_blocks == comp.width_in_blocks &&
          prev.height_in_blocks == comp.height_in_blocks)
        ref = {src[c - 1], kept[c - 1].data(), &infos[c - 1]};
    }
    luma.h_samp = comp.h_samp;
    luma.v_samp = comp.v_samp;
    code_component(io, model, c == 0 ? 0 : 1,
                   QuantSteps(layout.quant[static_cast<std::size_t>(comp.quant_index)].data()),
                   comp.width_in_blocks, comp.height_in_blocks, kept[c].data(), src[c],
                   dst ? dst + c : nullptr, luma, ref, infos[c]);
    if (c == 0)
      luma = {&infos[0],
              kept[0].data(),
              comp.width_in_blocks,
              comp.height_in_blocks,
              comp.h_samp,
              comp.v_samp,
              1,
              1};
  }
}

/// code_views over the whole grids of `coeffs`: const for the encoder, mutable for the decoder.
template <class Io, class Coeffs>
void code_all(Io& io, Model& model, Coeffs& coeffs, const jpeg::BlockSet& kept) {
  jpeg::BlockView src[jpeg::kMaxComponents];
  jpeg::MutableBlockView dst[jpeg::kMaxComponents];
  for (std::size_t c = 0; c < coeffs.components.size() && c < jpeg::kMaxComponents; ++c) {
    src[c] = jpeg::whole_grid(coeffs.components[c]);
    if constexpr (!std::is_const_v<Coeffs>)
      dst[c] = {coeffs.components[c].coeffs.data(), 0, 0, coeffs.components[c].width_in_blocks};
  }
  code_views(io, model, coeffs, src, std::is_const_v<Coeffs> ? nullptr : dst, kept);
}

}  // namespace codec::dct
