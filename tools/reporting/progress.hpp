// progress.hpp - progress of a long run: a bar with rate and ETA on a terminal, plain periodic
// lines otherwise (logs, CI, Slurm). Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <string>

namespace smearpress {

class Progress {
 public:
  /// `terminal`: redraw one line in place; otherwise print a line every 5% or 30 s.
  Progress(std::ostream& out, std::size_t total, bool terminal, std::string what = "images");

  /// One item finished; `failure` is printed on its own line when not empty.
  void tick(const std::string& failure = {});
  /// Prints `line` on its own line (above the progress line on a terminal).
  void note(const std::string& line);
  /// Prints the final line.
  void finish();

  /// True when standard error is a terminal.
  static bool stderr_is_terminal();

 private:
  void draw(bool force);

  std::ostream& out_;
  std::size_t total_;
  bool terminal_;
  std::string what_;
  std::size_t done_ = 0;
  std::size_t failed_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  std::size_t last_done_drawn_ = 0;
  std::mutex mutex_;
};

/// "1:05" or "1:02:03".
std::string format_duration(double seconds);

}  // namespace smearpress
