// files.cpp - reading whole files and writing them atomically (files.hpp).
#include "io/files.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <pthread.h>
#include <unistd.h>

namespace smearpress {

namespace fs = std::filesystem;

std::vector<std::uint8_t> read_file(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw InputError(path.string() + ": is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open (" + std::strerror(errno) + ")");
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
  if (in.bad()) throw InputError(path.string() + ": read error");
  return bytes;
}

namespace {

// Holds off SIGINT and SIGTERM on this thread while it lives, so that a temporary file is either
// renamed or removed before an interrupting signal can end the process; a signal that arrives
// meanwhile is delivered afterwards (or to another thread, in a batch).
class SignalsDeferred {
 public:
  SignalsDeferred() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, &old_);
  }
  ~SignalsDeferred() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  SignalsDeferred(const SignalsDeferred&) = delete;
  SignalsDeferred& operator=(const SignalsDeferred&) = delete;

 private:
  sigset_t old_;
};

}  // namespace

fs::path temporary_name(const fs::path& path) {
  static std::atomic<unsigned> counter{0};
  fs::path tmp = path;
  tmp += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  return tmp;
}

void rename_temporary(const fs::path& tmp, const fs::path& path) {
  const SignalsDeferred deferred;
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    throw InputError(path.string() + ": cannot replace (" + ec.message() + ")");
  }
}

void write_file_atomic(const fs::path& path, std::span<const std::uint8_t> bytes) {
  const SignalsDeferred deferred;
  const fs::path tmp = temporary_name(path);
  {
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) throw InputError(path.string() + ": cannot write (" + std::strerror(errno) + ")");
    const bool ok = (bytes.empty() || std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size()) &&
                    std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
    const int err = errno;
    if (std::fclose(f) != 0 || !ok) {
      std::remove(tmp.c_str());
      throw InputError(path.string() + ": write failed (" + std::strerror(ok ? errno : err) + ")");
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    throw InputError(path.string() + ": cannot replace (" + ec.message() + ")");
  }
}

namespace {

// True for NAME.tmp-PID-N (write_file_atomic's temporaries) whose process no longer runs.
bool stale_temporary(const std::string& name) {
  const auto at = name.rfind(".tmp-");
  if (at == std::string::npos) return false;
  const std::string rest = name.substr(at + 5);
  const auto dash = rest.find('-');
  if (dash == 0 || dash == std::string::npos || dash + 1 == rest.size() ||
      rest.find_first_not_of("0123456789-") != std::string::npos)
    return false;
  const long pid = std::strtol(rest.substr(0, dash).c_str(), nullptr, 10);
  return pid > 0 && pid != ::getpid() && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

}  // namespace

std::size_t remove_stale_temporaries(const fs::path& dir) {
  std::size_t removed = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || !stale_temporary(it->path().filename().string())) continue;
    std::error_code rm;
    if (fs::remove(it->path(), rm)) ++removed;
  }
  return removed;
}

std::size_t remove_stale_temporaries_of(const fs::path& path) {
  std::size_t removed = 0;
  std::error_code ec;
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  const std::string prefix = path.filename().string() + ".tmp-";
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0 || !stale_temporary(name)) continue;
    std::error_code rm;
    if (fs::remove(it->path(), rm)) ++removed;
  }
  return removed;
}

void write_text_atomic(const fs::path& path, const std::string& text) {
  write_file_atomic(path, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

}  // namespace smearpress
