// rd.cpp - the --rd curves: their parameters, one untimed encode per point and image, the points.
#include "bench/rd.hpp"

#include <codec/metrics.hpp>
#include <limits>
#include <smearpress/pipeline.hpp>
#include <stdexcept>

#include "bench/peers.hpp"
#include "config/config.hpp"

namespace smearpress {

std::vector<int> rd_quant_steps() { return {20, 30, 45, 60, 90, 120, 180}; }
std::vector<int> rd_jpeg_qualities() { return {5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95}; }
std::vector<double> rd_jp2_ratios() { return {10, 20, 40, 80, 160, 320, 640, 1280}; }

namespace bench {

RdCurves::RdCurves(const RunConfig& config) {
  for (int step : rd_quant_steps()) {
    RunConfig c = config;
    set_config_key(c, "codec.quant_step", step, "bench");
    settings_.push_back(c.settings);
  }
  for (int s : rd_quant_steps())
    series_.push_back({"smearpress", static_cast<double>(s), 0, {}, {}});
  for (int q : rd_jpeg_qualities()) series_.push_back({"jpeg", static_cast<double>(q), 0, {}, {}});
  for (double ratio : rd_jp2_ratios()) series_.push_back({"jp2", ratio, 0, {}, {}});
}

void RdCurves::add(const codec::Image& img, std::span<const std::uint8_t> source_file,
                   const Regions& reg) {
  std::size_t p = 0;
  for (const Settings& s : settings_) {
    const Compressed c = compress(img, s, source_file);
    const Reconstruction rec = reconstruct(c.encoded.bytes);
    series_[p].bytes += c.encoded.bytes.size();
    series_[p].bg.add(codec::mse_where(img, rec.image, reg.selector, 0), reg.bg_samples);
    series_[p].all.add(codec::mse(img, rec.image), reg.all_samples);
    ++p;
  }
  // One point of a peer's curve: its bytes and its decoded pixels.
  const auto add_peer_point = [&](const peers::Bytes& b, const codec::Image& d, const char* what) {
    if (d.channels != img.channels || d.width != img.width || d.height != img.height)
      throw std::runtime_error(std::string(what) + ": decoded a different shape");
    series_[p].bytes += b.size();
    series_[p].bg.add(codec::mse_where(img, d, reg.selector, 0), reg.bg_samples);
    series_[p].all.add(codec::mse(img, d), reg.all_samples);
    ++p;
  };
  for (int q : rd_jpeg_qualities()) {
    const peers::Bytes b = peers::jpeg_encode(img, q);
    add_peer_point(b, peers::jpeg_decode(b), "jpeg");
  }
  for (double ratio : rd_jp2_ratios()) {
    const peers::Bytes b = peers::jp2_encode(img, {false, ratio});
    add_peer_point(b, peers::jp2_decode(b), "jpeg 2000");
  }
}

std::vector<RdPoint> RdCurves::points() const {
  std::vector<RdPoint> out;
  for (const auto& s : series_)
    out.push_back({s.codec, s.parameter, s.bytes, s.bg.psnr(),
                   s.all.psnr().value_or(std::numeric_limits<double>::quiet_NaN())});
  return out;
}

}  // namespace bench

}  // namespace smearpress
