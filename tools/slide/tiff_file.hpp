// tiff_file.hpp - one open libtiff handle that keeps its errors instead of printing them.
//
// libtiff's default handlers print to stderr and are process-wide. These handles use libtiff
// 4.5's per-handle handlers (TIFFOpenExt), so each handle collects its own last error and
// several handles can fail on several threads without mixing their messages. Warnings (unknown
// tags and the like) are dropped: they are about files libtiff still reads.
#pragma once

#include <codec/error.hpp>

#include <tiffio.h>

#include <filesystem>
#include <string>

namespace smearpress::slide {

/// The code of a failed write: libcodec has no I/O code, and a full disk, the usual cause, is an
/// exceeded limit.
inline constexpr codec::ErrorCode kWriteFailed = codec::ErrorCode::kLimitExceeded;

class TiffFile {
 public:
  /// Opens `path` with libtiff `mode` ("r", which never memory-maps the file (see the .cpp), "w",
  /// or "w8" for BigTIFF). Throws codec::Error naming the file and libtiff's reason.
  TiffFile(const std::filesystem::path& path, const char* mode);
  ~TiffFile();
  TiffFile(const TiffFile&) = delete;  // libtiff holds a pointer to this object
  TiffFile& operator=(const TiffFile&) = delete;

  TIFF* get() const { return tif_; }
  const std::filesystem::path& path() const { return path_; }

  /// Throws codec::Error(code) "<file>: <what>: <libtiff's last error>", adding strerror(err)
  /// when err is not 0: writers clear errno before a call and pass it after a failure, so a full
  /// disk says so (libtiff's own message does not).
  [[noreturn]] void fail(codec::ErrorCode code, const std::string& what, int err = 0);

  /// Flushes what libtiff buffers, then the operating system's buffers, and closes; throws
  /// codec::Error on a write error. The destructor closes without checking.
  void close_checked();

  /// libtiff's last error message on this handle ("" if none).
  const std::string& last_error() const { return error_; }
  /// Records one libtiff error message (called by the handler; public for it only).
  void record(std::string message) { error_ = std::move(message); }

 private:
  std::filesystem::path path_;
  TIFF* tif_ = nullptr;
  std::string error_;
};

/// libtiff's name of a compression scheme in lower case ("deflate", "lzw", "jpeg", "zstd", ...),
/// or "compression N" for one it does not know.
std::string compression_name(std::uint16_t compression);

}  // namespace smearpress::slide
