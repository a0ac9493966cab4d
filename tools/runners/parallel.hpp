// parallel.hpp - running the items of a dataset on worker threads, and stopping cleanly on
// SIGINT/SIGTERM.
#pragma once

#include <cstddef>
#include <functional>
#include <stdexcept>

namespace smearpress {

/// Thrown by long single jobs (a slide) that stopped because SIGINT/SIGTERM asked them to, after
/// cleaning up; the command line exits with status 130.
struct Interrupted : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// While alive, SIGINT/SIGTERM ask running work to stop (a second signal exits at once).
class SignalScope {
 public:
  SignalScope();
  ~SignalScope();
  SignalScope(const SignalScope&) = delete;
  SignalScope& operator=(const SignalScope&) = delete;
  /// True once a signal arrived.
  static bool stop_requested();

 private:
  struct Impl;
  Impl* impl_;
};

/// The threads run_parallel uses for `n` items and `jobs` (0 = all cores): at least 1, at most n.
unsigned worker_count(int jobs, std::size_t n);

/// Runs `work(i)` for i in [0, n) on worker_count(jobs, n) threads, each item once, stopping
/// early when SIGINT/SIGTERM arrives while a SignalScope is alive. Returns the threads used.
unsigned run_parallel(std::size_t n, int jobs, const std::function<void(std::size_t)>& work);

}  // namespace smearpress
