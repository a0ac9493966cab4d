// roi_med_huffman.hpp - the kMedHuffman ROI pixel coder: the reversible (B-G, G, R-G) planes,
// each predicted by MED from the composite of exact pixels and background, one Huffman symbol
// block per plane. The layout is specified in codec/format.hpp.
#pragma once

#include "registry.hpp"

namespace codec {

/// The coder's functions; its name and traits are in the table (registry.cpp).
extern const RoiOps kMedHuffmanOps;

}  // namespace codec
