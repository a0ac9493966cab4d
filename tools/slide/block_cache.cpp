// block_cache.cpp - the decoded-block LRU cache (block_cache.hpp).
#include "slide/block_cache.hpp"

namespace smearpress::slide {

cv::Mat BlockCache::get(std::uint64_t index, std::size_t bytes, const std::function<cv::Mat()>& decode) {
  std::promise<cv::Mat> promise;
  std::shared_future<cv::Mat> block;
  std::uint64_t serial = 0;
  {
    const std::lock_guard lock(mutex_);
    if (const auto it = where_.find(index); it != where_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      block = it->second->block;
    } else {
      serial = ++next_serial_;
      block = promise.get_future().share();
      lru_.push_front({index, bytes, serial, block});
      where_[index] = lru_.begin();
      used_ += bytes;
      evict();
    }
  }
  if (serial == 0) return block.get();  // another caller decodes (or decoded) it
  try {
    promise.set_value(decode());
  } catch (...) {
    promise.set_exception(std::current_exception());
    forget(index, serial);
    throw;
  }
  return block.get();
}

// Drops least recently used blocks until the budget holds, always keeping the newest one: a
// block larger than the whole budget is still decoded once and handed out.
void BlockCache::evict() {
  while (used_ > budget_ && lru_.size() > 1) {
    used_ -= lru_.back().bytes;
    where_.erase(lru_.back().index);
    lru_.pop_back();
  }
}

void BlockCache::forget(std::uint64_t index, std::uint64_t serial) {
  const std::lock_guard lock(mutex_);
  const auto it = where_.find(index);
  if (it == where_.end() || it->second->serial != serial) return;
  used_ -= it->second->bytes;
  lru_.erase(it->second);
  where_.erase(it);
}

}  // namespace smearpress::slide
