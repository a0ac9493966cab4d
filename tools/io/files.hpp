// files.hpp - the one place where smearpress reads and writes whole files: errors that name
// the file, and atomic writes (a temporary next to the target, renamed over it).
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace smearpress {

/// A problem with a file the user gave us (unreadable, not an image, ...). what() is one line.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Reads a whole file; throws InputError naming the path and the reason.
std::vector<std::uint8_t> read_file(const std::filesystem::path& path);

/// Writes `bytes` to a temporary file next to `path`, then renames it over `path`, so a reader
/// never sees a half-written file. Throws InputError on failure (the temporary is removed).
/// SIGINT and SIGTERM wait until the temporary is renamed or removed.
void write_file_atomic(const std::filesystem::path& path, std::span<const std::uint8_t> bytes);

/// A fresh temporary name next to `path` (PATH.tmp-PID-N), as write_file_atomic uses: for a
/// file written piece by piece, then renamed with rename_temporary.
std::filesystem::path temporary_name(const std::filesystem::path& path);

/// Renames a finished temporary over `path` (SIGINT and SIGTERM wait); on failure removes it and
/// throws InputError.
void rename_temporary(const std::filesystem::path& tmp, const std::filesystem::path& path);

/// Removes temporaries of write_file_atomic under `dir` (recursively) whose writing process no
/// longer runs: what a run killed mid-write (a second Ctrl-C, SIGKILL, power loss) left behind.
/// Returns how many were removed.
std::size_t remove_stale_temporaries(const std::filesystem::path& dir);

/// The same for the temporaries of one file (PATH.tmp-PID-N), without walking a folder: what a
/// killed writer of PATH left. Returns how many were removed.
std::size_t remove_stale_temporaries_of(const std::filesystem::path& path);

/// Writes a string atomically (see write_file_atomic).
void write_text_atomic(const std::filesystem::path& path, const std::string& text);

}  // namespace smearpress
