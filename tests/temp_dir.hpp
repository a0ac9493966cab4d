// temp_dir.hpp - fresh folders for tests under the system temporary folder, each removed when the
// test program ends (ctest runs each test case in a process of its own), so that repeated runs
// leave nothing behind.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace test {

namespace detail {

struct MadeFolders {
  std::vector<std::filesystem::path> paths;
  ~MadeFolders() {
    std::error_code ec;
    for (const auto& p : paths) std::filesystem::remove_all(p, ec);
  }
};

inline MadeFolders& made_folders() {
  static MadeFolders folders;  // one for the program: an inline function's statics are shared
  return folders;
}

}  // namespace detail

/// A fresh empty folder `smearpress_<name>_<pid>` under the system temporary folder, removed when
/// the program ends. The pid keeps test programs running at once apart.
inline std::filesystem::path temp_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("smearpress_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  detail::made_folders().paths.push_back(dir);
  return dir;
}

}  // namespace test
