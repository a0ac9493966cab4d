// background_wavelet.hpp - the kWaveletRans background (BKGD section): colour planes, Haar
// pyramid, LL prediction, optional dead-zone detail bands, context rANS (background_wavelet.cpp),
// integer reconstruction (background_wavelet_synth.cpp).
#pragma once

#include "byte_io.hpp"
#include "registry.hpp"
#include "plane.hpp"
#include "wavelet.hpp"

#include <codec/format.hpp>
#include <codec/image.hpp>

#include <vector>

namespace codec {

/// The coder's functions; its name and traits are in the table (registry.cpp).
extern const BackgroundOps kWaveletRansOps;

inline constexpr int kBackgroundContexts = 14;

/// How one plane is coded: its integers are scale_d * value, its levels and LL step.
struct PlaneSpec {
  int scale_d;
  int levels;
  int step;
  bool chroma;
};

/// The planes `header` codes (codec/format.hpp): the channels, or Y, Co, Cg.
std::vector<PlaneSpec> plane_specs(const Header& h);

struct WaveletBackground {
  std::vector<wavelet::QuantPlane> planes;
};

/// Transforms and quantises `image` as `header` says. Coefficients whose whole footprint lies
/// in `hidden` (non-zero = never visible in the output, e.g. blend weight 1) are replaced by
/// what costs nothing: the LL prediction, or 0 for details. `hidden` may be null.
WaveletBackground analyse_wavelet_background(const Image& image, const Header& header, const Image* hidden);

/// The decoded background (integer arithmetic throughout). With `region`, only the pixels in
/// it are computed (the rest of the image is unspecified and must not be read): the encoder
/// needs no more for the ROI coder.
Image synthesize_wavelet_background(const WaveletBackground& bg, const Header& header, const Box* region = nullptr);

void write_wavelet_background(ByteWriter& out, const WaveletBackground& bg, const Header& header);
WaveletBackground read_wavelet_background(ByteReader& in, const Header& header);

}  // namespace codec
