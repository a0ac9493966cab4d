#include "background_ll_huffman.hpp"

#include "haar.hpp"
#include "huffman_coder.hpp"
#include "quantizer.hpp"

#include <codec/error.hpp>

#include <string>
#include <tuple>

namespace codec {

BackgroundBands analyse_background(const Image& image, int levels, int quant_step) {
  BackgroundBands b;
  std::tie(b.band_width, b.band_height) = haar::band_size(image.width, image.height, levels);
  for (int c = 0; c < image.channels; ++c) {
    Plane<double> ll = haar::forward_ll(extract_channel<double>(image, c), levels);
    std::vector<std::int32_t> q(ll.px.size());
    for (std::size_t i = 0; i < q.size(); ++i) q[i] = quantize(ll.px[i], quant_step);
    b.q.push_back(std::move(q));
  }
  return b;
}

Image synthesize_background(const BackgroundBands& bands, const Header& header) {
  const int w = static_cast<int>(header.width), h = static_cast<int>(header.height);
  Image out(w, h, header.channels);
  haar::Pyramid p;
  for (int l = 0, lw = w, lh = h; l < header.levels; ++l) {
    p.sizes.emplace_back(lw, lh);
    lw = (lw + 1) / 2;
    lh = (lh + 1) / 2;
  }
  for (int c = 0; c < header.channels; ++c) {
    p.ll = Plane<double>(bands.band_width, bands.band_height);
    const auto& q = bands.q[static_cast<std::size_t>(c)];
    for (std::size_t i = 0; i < q.size(); ++i) p.ll.px[i] = dequantize(q[i], header.quant_step);
    Plane<double> rec = haar::inverse(p);
    std::uint8_t* d = out.data.data() + c;
    for (std::size_t i = 0; i < rec.px.size(); ++i, d += header.channels) *d = to_u8(rec.px[i]);
  }
  return out;
}

std::uint64_t write_background(ByteWriter& out, const BackgroundBands& bands) {
  std::uint64_t bits = 0;
  for (const auto& q : bands.q) bits += huffman::write_block(out, q);
  return bits;
}

BackgroundBands read_background(ByteReader& in, const Header& header, std::uint64_t& ll_bits) {
  BackgroundBands b;
  std::tie(b.band_width, b.band_height) = haar::band_size(
      static_cast<int>(header.width), static_cast<int>(header.height), header.levels);
  ll_bits = 0;
  const auto n = static_cast<std::size_t>(b.band_width) * static_cast<std::size_t>(b.band_height);
  // Every symbol takes at least one bit: reject a payload too short before allocating.
  if (n * header.channels / 8 > in.remaining())
    throw Error(ErrorCode::kTruncated, in.what() + ": too short for " +
                                           std::to_string(n * header.channels) + " LL samples");
  for (int c = 0; c < header.channels; ++c) {
    std::vector<std::int32_t> q(n);
    ll_bits += huffman::read_block(in, q);
    b.q.push_back(std::move(q));
  }
  return b;
}

namespace {

std::uint64_t encode_ll(ByteWriter& out, const Image& image, const Header& header, const Image*, const Box&,
                        Image& background) {
  const BackgroundBands bands = analyse_background(image, header.levels, header.quant_step);
  background = synthesize_background(bands, header);
  return write_background(out, bands);
}

Image decode_ll(ByteReader& in, Header& header) {
  std::uint64_t ll_bits = 0;
  return synthesize_background(read_background(in, header, ll_bits), header);
}

std::uint64_t ll_bits(ByteReader& in, Header& header) { return huffman::skip_blocks(in, header.channels); }

}  // namespace

extern const BackgroundOps kHaarLLHuffmanOps = {encode_ll, decode_ll, ll_bits};

}  // namespace codec
