// block_cache.hpp - decoded tiles or strips kept for reuse, least recently used first out,
// within a byte budget. Thread-safe: the first caller of a block decodes it, outside the lock;
// others asking for the same block meanwhile wait for that result instead of decoding it again.
#pragma once

#include <opencv2/core.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <list>
#include <mutex>
#include <unordered_map>

namespace smearpress::slide {

class BlockCache {
 public:
  explicit BlockCache(std::size_t budget_bytes) : budget_(budget_bytes) {}

  /// Block `index` (of `bytes` bytes once decoded), from the cache or made by `decode`. An
  /// exception from `decode` reaches every caller waiting for it, and the block is not kept.
  cv::Mat get(std::uint64_t index, std::size_t bytes, const std::function<cv::Mat()>& decode);

 private:
  struct Entry {
    std::uint64_t index;
    std::size_t bytes;
    std::uint64_t serial;  // tells a failed decode's entry from a later retry of the same block
    std::shared_future<cv::Mat> block;
  };
  void evict();
  void forget(std::uint64_t index, std::uint64_t serial);

  const std::size_t budget_;
  std::mutex mutex_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::uint64_t, std::list<Entry>::iterator> where_;
  std::size_t used_ = 0;
  std::uint64_t next_serial_ = 0;
};

}  // namespace smearpress::slide
