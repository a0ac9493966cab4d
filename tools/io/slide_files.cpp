#include "io/slide_files.hpp"

#include "io/files.hpp"

#include <codec/error.hpp>
#include <codec/tiled.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace smearpress {

namespace fs = std::filesystem;

FileSink::FileSink(fs::path path) : path_(std::move(path)), tmp_(temporary_name(path_)) {
  remove_stale_temporaries_of(path_);  // what a killed writer of the same file left
  file_ = std::fopen(tmp_.c_str(), "wb");
  if (!file_) throw InputError(path_.string() + ": cannot write (" + std::strerror(errno) + ")");
  std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
}

FileSink::~FileSink() {
  if (!file_) return;
  std::fclose(file_);
  std::remove(tmp_.c_str());
}

void FileSink::fail(const char* what) {
  const int err = errno;
  if (file_) std::fclose(file_);
  file_ = nullptr;
  std::remove(tmp_.c_str());
  throw InputError(path_.string() + ": " + what + " (" + std::strerror(err) + "); nothing was written");
}

void FileSink::write(std::span<const std::uint8_t> bytes) {
  if (!file_) throw InputError(path_.string() + ": written after an error or commit");
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) fail("write failed");
  position_ += bytes.size();
}

void FileSink::write_at(std::uint64_t offset, std::span<const std::uint8_t> bytes) {
  if (!file_) throw InputError(path_.string() + ": written after an error or commit");
  if (offset + bytes.size() > position_) throw InputError(path_.string() + ": write_at beyond the bytes written");
  if (::fseeko(file_, static_cast<off_t>(offset), SEEK_SET) != 0) fail("seek failed");
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) fail("write failed");
  if (::fseeko(file_, static_cast<off_t>(position_), SEEK_SET) != 0) fail("seek failed");
}

void FileSink::commit() {
  if (!file_) throw InputError(path_.string() + ": committed after an error");
  if (std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0) fail("write failed");
  const int closed = std::fclose(file_);
  file_ = nullptr;
  if (closed != 0) fail("write failed");
  rename_temporary(tmp_, path_);
}

FileSource::FileSource(const fs::path& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw InputError(path.string() + ": cannot open (" + std::strerror(errno) + ")");
  struct stat st {};
  if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd_);
    throw InputError(path.string() + ": not a regular file");
  }
  size_ = static_cast<std::uint64_t>(st.st_size);
}

FileSource::~FileSource() { ::close(fd_); }

void FileSource::read(std::uint64_t offset, std::span<std::uint8_t> out) const {
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw InputError(path_.string() + ": read error (" + std::strerror(errno) + ")");
    if (n == 0) throw codec::Error(codec::ErrorCode::kTruncated, "tiled file: ends before byte " + std::to_string(offset + out.size()));
    done += static_cast<std::size_t>(n);
  }
}

bool is_tiled_file(const fs::path& path) {
  std::uint8_t prefix[10];
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  const std::size_t n = std::fread(prefix, 1, sizeof prefix, f);
  std::fclose(f);
  return codec::tiled::is_tiled({prefix, n});
}

}  // namespace smearpress
