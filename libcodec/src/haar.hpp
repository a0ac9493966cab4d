// haar.hpp - the orthonormal 2-D Haar DWT (one or more levels) on double planes.
//
// One level maps each 2x2 block  a b  to  LL = (a + b + c + d) / 2   HL = (a - b + c - d) / 2
//                                c d      LH = (a + b - c - d) / 2   HH = (a - b - c + d) / 2
// An odd width or height is first extended by repeating the last column or row, so a W x H plane
// gives bands of ceil(W/2) x ceil(H/2); the inverse crops back to W x H.
#pragma once

#include "plane.hpp"

#include <vector>

namespace codec::haar {

struct Details {
  Plane<double> hl, lh, hh;  ///< horizontal, vertical and diagonal detail of one level
};

struct Pyramid {
  Plane<double> ll;              ///< the approximation band of the coarsest level
  std::vector<Details> details;  ///< details[0] is the finest level
  std::vector<std::pair<int, int>> sizes;  ///< input size of each level, sizes[0] = the image's
};

/// `levels` >= 1 levels of the transform.
Pyramid forward(const Plane<double>& in, int levels);

/// Exact inverse of forward() (up to floating-point rounding). Empty detail planes count as zero.
Plane<double> inverse(const Pyramid& p);

/// The LL band after `levels` levels, without computing the details.
Plane<double> forward_ll(const Plane<double>& in, int levels);

/// Size of a band after `levels` levels of a W x H plane: ceil(W / 2^levels) etc.
std::pair<int, int> band_size(int width, int height, int levels);

}  // namespace codec::haar
