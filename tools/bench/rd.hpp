// rd.hpp - the --rd curves: size against background PSNR for smearpress (at rd_quant_steps()),
// JPEG (rd_jpeg_qualities()) and JPEG 2000 9/7 (rd_jp2_ratios()), pooled over images. Internal.
#pragma once

#include <codec/image.hpp>
#include <cstdint>
#include <smearpress/settings.hpp>
#include <span>
#include <string>
#include <vector>

#include "bench/bench.hpp"
#include "bench/pooling.hpp"
#include "config/run_config.hpp"

namespace smearpress::bench {

class RdCurves {
 public:
  /// smearpress's settings for every quant step, so that a value the config rejects fails before
  /// any work: throws ConfigError.
  explicit RdCurves(const RunConfig& config);

  /// Encodes and decodes `img` once per point, untimed, and pools its sizes and errors over
  /// `reg`. smearpress also gets `source_file`, the file `img` was decoded from (see compress).
  /// Throws what smearpress or a peer throws, or std::runtime_error for a decoded image of
  /// another shape.
  void add(const codec::Image& img, std::span<const std::uint8_t> source_file, const Regions& reg);

  /// The points in order: smearpress, jpeg, jp2, each by parameter as listed.
  std::vector<RdPoint> points() const;

 private:
  struct Series {
    std::string codec;
    double parameter = 0;
    std::uint64_t bytes = 0;
    ErrorPool bg, all;
  };
  std::vector<Settings> settings_;  // smearpress's, one per quant step
  std::vector<Series> series_;
};

}  // namespace smearpress::bench
