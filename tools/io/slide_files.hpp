// slide_files.hpp - tiled .smz files on disk: written piece by piece into a temporary that is
// renamed over the target only when complete, and read by ranges (pread) without loading them.
#pragma once

#include <smearpress/slide.hpp>

#include <cstdio>
#include <filesystem>

namespace smearpress {

/// A ByteSink into PATH.tmp-PID-N (files.hpp): commit() makes it PATH; destroyed without
/// commit() (an error, a signal), it removes the temporary. A killed process leaves a temporary
/// that the next FileSink of the same path (and remove_stale_temporaries()) removes. Write errors (a full disk) throw InputError naming
/// the file.
class FileSink final : public ByteSink {
 public:
  explicit FileSink(std::filesystem::path path);
  ~FileSink() override;
  FileSink(const FileSink&) = delete;
  FileSink& operator=(const FileSink&) = delete;

  void write(std::span<const std::uint8_t> bytes) override;
  void write_at(std::uint64_t offset, std::span<const std::uint8_t> bytes) override;
  std::uint64_t position() const override { return position_; }
  /// Flushes, syncs and renames the temporary over the target.
  void commit();

 private:
  [[noreturn]] void fail(const char* what);

  std::filesystem::path path_, tmp_;
  std::FILE* file_ = nullptr;
  std::uint64_t position_ = 0;
};

/// A ByteSource over a file, read with pread (safe from several threads).
class FileSource final : public ByteSource {
 public:
  explicit FileSource(const std::filesystem::path& path);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  std::uint64_t size() const override { return size_; }
  void read(std::uint64_t offset, std::span<std::uint8_t> out) const override;

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

/// True when the file at `path` starts as a tiled .smz does (codec/tiled.hpp).
bool is_tiled_file(const std::filesystem::path& path);

}  // namespace smearpress
