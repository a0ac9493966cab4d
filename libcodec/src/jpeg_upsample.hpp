// jpeg_upsample.hpp - libjpeg-turbo's upsampling of one component's samples to output
// resolution (stage 2 of jpeg_render.hpp's model), run by run.
#pragma once

#include <codec/image.hpp>
#include <codec/jpeg_blocks.hpp>

#include <cstdint>
#include <utility>
#include <vector>

namespace codec::jpeg {

/// How one axis of a component maps to output coordinates.
enum class Upsample : std::uint8_t {
  kNone,   ///< same resolution: output x reads sample x
  kFancy,  ///< 2x, triangle filter: sample x/2 (weight 3) and its neighbour toward x (weight 1)
  kBox,    ///< 2x, replication: sample x/2
};

struct Geometry {
  int dw = 0;  ///< real samples per row: ceil(width * h_samp / max_h)
  int dh = 0;  ///< real sample rows: ceil(height * v_samp / max_v)
  Upsample hmode = Upsample::kNone;
  Upsample vmode = Upsample::kNone;
};

/// The geometry and upsampling libjpeg-turbo 2.1 chooses for `comp` (do_fancy_upsampling on).
Geometry component_geometry(const Coefficients& c, const Component& comp);

/// The samples [first, last] (edge-clamped to [0, n)) that output coordinates [a, b] read along
/// an axis upsampled by `mode`.
std::pair<int, int> sample_span(Upsample mode, int a, int b, int n);

/// IDCT output of a rectangle of one component's blocks: block (bx0, by0) at the top left,
/// stride bytes per sample row.
struct Plane {
  int bx0 = 0;
  int by0 = 0;
  int stride = 0;
  std::vector<std::uint8_t, DefaultInitAllocator<std::uint8_t>> px;

  /// Sample (sx, sy) of the component, which must be inside the rectangle.
  const std::uint8_t* at(int sx, int sy) const {
    return px.data() + static_cast<std::size_t>(sy - by0 * 8) * stride + (sx - bx0 * 8);
  }
};

/// The component's values at output pixels [xa, xb) of row y: a pointer to xb - xa values, either
/// into the plane or into `buf` (resized as needed); `tmp` is scratch. The plane must hold every
/// sample sample_span() names for the run.
const std::uint8_t* upsample_run(const Geometry& g, const Plane& p, int y, int xa, int xb,
                                 std::vector<std::uint8_t>& buf, std::vector<int>& tmp);

}  // namespace codec::jpeg
