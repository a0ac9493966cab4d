// ordered_parallel.hpp - work on items 0..n-1 on worker threads, results consumed in order on the
// calling thread: how a slide's tiles are encoded or decoded in parallel and still written in
// row-major order. At most `window` items are done but not yet consumed, which bounds memory.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace smearpress::detail {

/// Runs work(i) for every i in [0, n) on `threads` threads (the calling thread alone when 1) and
/// consume(i, result) on the calling thread for i = 0, 1, ... in order. The first exception,
/// from either, stops the workers and is rethrown once they have stopped.
template <class Work, class Consume>
void ordered_parallel(std::uint32_t n, int threads, Work work, Consume consume) {
  using Result = decltype(work(std::uint32_t{0}));
  if (threads <= 1 || n <= 1) {
    for (std::uint32_t i = 0; i < n; ++i) {
      Result r = work(i);
      consume(i, r);
    }
    return;
  }
  const std::uint32_t window = static_cast<std::uint32_t>(2 * threads);
  std::mutex m;
  std::condition_variable changed;
  std::map<std::uint32_t, Result> done;
  std::uint32_t next_claim = 0, next_consume = 0;
  std::exception_ptr error;
  auto worker = [&] {
    for (;;) {
      std::uint32_t i;
      {
        std::unique_lock lock(m);
        changed.wait(lock, [&] { return error || next_claim >= n || next_claim < next_consume + window; });
        if (error || next_claim >= n) return;
        i = next_claim++;
      }
      try {
        Result r = work(i);
        std::lock_guard lock(m);
        done.emplace(i, std::move(r));
      } catch (...) {
        std::lock_guard lock(m);
        if (!error) error = std::current_exception();
      }
      changed.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < std::min<int>(threads, static_cast<int>(n)); ++t) pool.emplace_back(worker);
  while (next_consume < n) {
    std::optional<Result> r;
    {
      std::unique_lock lock(m);
      changed.wait(lock, [&] { return error || done.count(next_consume) != 0; });
      if (error) break;
      auto it = done.find(next_consume);
      r.emplace(std::move(it->second));
      done.erase(it);
    }
    bool failed = false;
    try {
      consume(next_consume, *r);
    } catch (...) {
      failed = true;
      std::lock_guard lock(m);
      error = std::current_exception();
    }
    {
      std::lock_guard lock(m);
      ++next_consume;
    }
    changed.notify_all();
    if (failed) break;
  }
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace smearpress::detail
