// tiff_file.cpp - libtiff handles with per-handle error messages (tiff_file.hpp).
#include "slide/tiff_file.hpp"

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <unistd.h>

namespace smearpress::slide {

namespace {

// Far above what a valid directory of a slide needs (its tile offset arrays are a few MB); a
// hostile entry count fails here instead of allocating gigabytes.
constexpr tmsize_t kMaxLibtiffAllocation = tmsize_t{64} << 20;

int record_error(TIFF*, void* user, const char* module, const char* fmt, va_list args) {
  char text[512];
  std::vsnprintf(text, sizeof text, fmt, args);
  // libtiff messages may carry newlines (e.g. a file name); the report is one line.
  for (char* c = text; *c; ++c)
    if (*c == '\n' || *c == '\r') *c = ' ';
  std::string message = text;
  if (module && *module && message.find(module) == std::string::npos)
    message = std::string(module) + ": " + message;
  static_cast<TiffFile*>(user)->record(std::move(message));
  return 1;  // handled: libtiff's process-wide handlers (and their stderr output) are skipped
}

int drop_warning(TIFF*, void*, const char*, const char*, va_list) { return 1; }

}  // namespace

TiffFile::TiffFile(const std::filesystem::path& path, const char* mode) : path_(path) {
  std::unique_ptr<TIFFOpenOptions, void (*)(TIFFOpenOptions*)> options(TIFFOpenOptionsAlloc(),
                                                                       TIFFOpenOptionsFree);
  if (!options) throw codec::Error(codec::ErrorCode::kLimitExceeded, path.string() + ": out of memory");
  TIFFOpenOptionsSetMaxSingleMemAlloc(options.get(), kMaxLibtiffAllocation);
  TIFFOpenOptionsSetErrorHandlerExtR(options.get(), record_error, this);
  TIFFOpenOptionsSetWarningHandlerExtR(options.get(), drop_warning, this);
  // Reading without memory mapping ("m"): pages of a mapped slide count in the resident set as
  // they are touched, so a whole-slide pass would show the file's size as memory in use.
  std::string how = mode;
  if (how.find('r') != std::string::npos) how += 'm';
  errno = 0;
  tif_ = TIFFOpenExt(path.c_str(), how.c_str(), options.get());
  if (!tif_) {
    if (how[0] == 'r') fail(codec::ErrorCode::kCorrupt, "cannot read as TIFF", errno);
    fail(kWriteFailed, "cannot create", errno);
  }
}

TiffFile::~TiffFile() {
  if (tif_) TIFFClose(tif_);
}

void TiffFile::fail(codec::ErrorCode code, const std::string& what, int err) {
  // libtiff often names the file in its messages too; the report names it once, first.
  std::string reason = error_;
  const std::string named = path_.string() + ": ";
  for (auto at = reason.find(named); at != std::string::npos; at = reason.find(named)) reason.erase(at, named.size());
  std::string message = path_.string() + ": " + what;
  if (!reason.empty()) message += ": " + reason;
  const std::string system = err != 0 ? std::strerror(err) : "";
  if (!system.empty() && reason.find(system) == std::string::npos) message += " (" + system + ")";
  throw codec::Error(code, message);
}

void TiffFile::close_checked() {
  errno = 0;
  if (TIFFFlush(tif_) != 1) fail(kWriteFailed, "write failed", errno);
  if (::fsync(TIFFFileno(tif_)) != 0) fail(kWriteFailed, "write failed", errno);
  TIFFClose(tif_);
  tif_ = nullptr;
}

std::string compression_name(std::uint16_t compression) {
  switch (compression) {
    case COMPRESSION_NONE: return "none";
    case COMPRESSION_LZW: return "lzw";
    case COMPRESSION_ADOBE_DEFLATE:
    case COMPRESSION_DEFLATE: return "deflate";
    case COMPRESSION_JPEG: return "jpeg";
    case COMPRESSION_OJPEG: return "old-style jpeg";
    case COMPRESSION_PACKBITS: return "packbits";
    case COMPRESSION_ZSTD: return "zstd";
    case COMPRESSION_WEBP: return "webp";
    case COMPRESSION_LZMA: return "lzma";
    default: return "compression " + std::to_string(compression);
  }
}

}  // namespace smearpress::slide
