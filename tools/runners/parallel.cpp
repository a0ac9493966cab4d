// parallel.cpp - worker threads and signal handling (parallel.hpp).
#include "runners/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <thread>
#include <unistd.h>
#include <vector>

namespace smearpress {

namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_signal(int) {
  if (g_stop.exchange(true)) std::_Exit(130);  // second signal: leave now
  static const char msg[] =
      "\nsmearpress: interrupted; finishing the images in progress (again to abort now)\n";
  [[maybe_unused]] auto n = ::write(STDERR_FILENO, msg, sizeof msg - 1);
}

}  // namespace

struct SignalScope::Impl {
  struct sigaction old_int {};
  struct sigaction old_term {};
};

SignalScope::SignalScope() : impl_(new Impl) {
  g_stop = false;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &impl_->old_int);
  sigaction(SIGTERM, &sa, &impl_->old_term);
}

SignalScope::~SignalScope() {
  sigaction(SIGINT, &impl_->old_int, nullptr);
  sigaction(SIGTERM, &impl_->old_term, nullptr);
  delete impl_;
}

bool SignalScope::stop_requested() { return g_stop; }

unsigned worker_count(int jobs, std::size_t n) {
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const unsigned want = jobs > 0 ? static_cast<unsigned>(jobs) : hw;
  return static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(want, n)));
}

unsigned run_parallel(std::size_t n, int jobs, const std::function<void(std::size_t)>& work) {
  const unsigned threads = worker_count(jobs, n);
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; !g_stop && (i = next++) < n;) work(i);
  };
  std::vector<std::thread> pool;
  for (unsigned j = 1; j < threads; ++j) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  return threads;
}

}  // namespace smearpress
