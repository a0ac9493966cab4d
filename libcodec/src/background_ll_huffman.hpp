// background_ll_huffman.hpp - the kHaarLLHuffman background (the paper's): quantized Haar LL
// bands, one Huffman symbol block per channel (BKGD section).
#pragma once

#include "byte_io.hpp"
#include "registry.hpp"

#include <codec/format.hpp>
#include <codec/image.hpp>

#include <cstdint>
#include <vector>

namespace codec {

/// The coder's functions; its name and traits are in the table (registry.cpp).
extern const BackgroundOps kHaarLLHuffmanOps;

/// The quantized LL band of every channel, raster order.
struct BackgroundBands {
  int band_width = 0;
  int band_height = 0;
  std::vector<std::vector<std::int32_t>> q;  ///< one vector per channel
};

/// Forward DWT (`levels` levels) of each channel and quantization of the LL band.
BackgroundBands analyse_background(const Image& image, int levels, int quant_step);

/// Dequantization and inverse DWT with zero detail bands, cropped to the header's size.
Image synthesize_background(const BackgroundBands& bands, const Header& header);

/// Writes the BKGD payload; returns the Huffman payload bits (the paper's "LL bits").
std::uint64_t write_background(ByteWriter& out, const BackgroundBands& bands);

/// Reads the BKGD payload for `header`; sets `ll_bits` to the Huffman payload bits.
BackgroundBands read_background(ByteReader& in, const Header& header, std::uint64_t& ll_bits);

}  // namespace codec
