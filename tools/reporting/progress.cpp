#include "reporting/progress.hpp"

#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace smearpress {

using Clock = std::chrono::steady_clock;

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

Progress::Progress(std::ostream& out, std::size_t total, bool terminal, std::string what)
    : out_(out), total_(total), terminal_(terminal), what_(std::move(what)), start_(Clock::now()),
      last_draw_(start_) {}

bool Progress::stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

void Progress::tick(const std::string& failure) {
  std::lock_guard lock(mutex_);
  ++done_;
  if (!failure.empty()) {
    ++failed_;
    if (terminal_) out_ << "\r\033[K";
    out_ << "  error: " << failure << "\n";
    draw(true);
    return;
  }
  draw(false);
}

void Progress::note(const std::string& line) {
  std::lock_guard lock(mutex_);
  if (terminal_) out_ << "\r\033[K";
  out_ << "  " << line << "\n";
  if (terminal_) draw(true);
}

void Progress::finish() {
  std::lock_guard lock(mutex_);
  if (terminal_ || last_done_drawn_ != done_ || done_ == 0) draw(true);
  if (terminal_) out_ << "\n";
  out_.flush();
}

void Progress::draw(bool force) {
  const auto now = Clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double since_draw = std::chrono::duration<double>(now - last_draw_).count();
  if (!force) {
    if (terminal_ && since_draw < 0.1 && done_ != total_) return;
    if (!terminal_) {
      const std::size_t step = total_ >= 20 ? total_ / 20 : 1;
      if (done_ != total_ && done_ - last_done_drawn_ < step && since_draw < 30) return;
    }
  }
  last_draw_ = now;
  last_done_drawn_ = done_;
  const double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done_) / rate : NAN;
  const double frac = total_ ? static_cast<double>(done_) / static_cast<double>(total_) : 1.0;
  char stats[160];
  std::snprintf(stats, sizeof stats, "%zu/%zu %s (%.0f%%), %.1f/s, elapsed %s, ETA %s%s", done_, total_,
                what_.c_str(), 100 * frac, rate, format_duration(elapsed).c_str(),
                done_ == total_ ? "0:00" : format_duration(eta).c_str(),
                failed_ ? (", " + std::to_string(failed_) + " failed").c_str() : "");
  if (terminal_) {
    constexpr int kWidth = 28;
    const int filled = static_cast<int>(frac * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, '.');
    out_ << "\r\033[K[" << bar << "] " << stats << std::flush;
  } else {
    out_ << "  " << stats << "\n" << std::flush;
  }
}

}  // namespace smearpress
