// journal.hpp - the resumable record of a batch's finished images.
// OUTPUT/progress.journal records every finished image as it finishes, so an interrupted run
// can resume. Line 1: "smearpress-journal 1 <config fingerprint>". Then one line per image:
// "<crc32 hex> <size> <mtime ns> <CSV record>", the CRC covering everything after it. A line
// cut short by a crash fails its CRC and is ignored.

#pragma once

#include "reporting/results.hpp"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>

namespace smearpress {

struct JournalEntry {
  std::uintmax_t size = 0;
  long long mtime = 0;
  Record record;
};

struct FileStamp {
  std::uintmax_t size = 0;
  long long mtime = 0;
};

/// The size and modification time of a file: an unchanged stamp means an unchanged file.
FileStamp stamp_of(const std::filesystem::path& p);

/// OUTPUT/progress.journal, appended to by the workers of a batch (thread-safe).
class Journal {
 public:
  /// The entries of an existing journal made with `fingerprint`, by image; empty when there is
  /// none. Throws ConfigError when it was made with another config.
  static std::map<std::string, JournalEntry> load(const std::filesystem::path& path, const std::string& fingerprint);

  /// Opens the journal, fresh or (`append`) continuing an existing one.
  Journal(const std::filesystem::path& path, const std::string& fingerprint, bool append);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  /// Records one finished image.
  void append(const FileStamp& stamp, const Record& record);

 private:
  std::FILE* file_ = nullptr;
  std::mutex mutex_;
};

}  // namespace smearpress
