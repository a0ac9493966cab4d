// jobs.cpp - finding and sharding the images of a run (jobs.hpp).
#include "runners/jobs.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>
#include <stdexcept>

namespace smearpress {

namespace fs = std::filesystem;

namespace {

bool is_image_extension(std::string ext) {
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  // Images, and the slide formats OpenSlide reads (a TIFF slide is a .tif already).
  static const std::set<std::string> known = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp",
                                              ".ppm", ".pgm", ".pnm", ".jp2", ".svs", ".ndpi", ".scn",
                                              ".mrxs", ".bif", ".vms", ".svslide"};
  return known.count(ext) > 0;
}

bool is_inside(const fs::path& child, const fs::path& parent) {
  auto c = child.begin(), p = parent.begin();
  for (; p != parent.end(); ++p, ++c)
    if (c == child.end() || *c != *p) return false;
  return true;
}

}  // namespace

std::uint64_t fnv1a64(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

std::string hex64(std::uint64_t v) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::vector<ImageJob> find_jobs(const fs::path& dir, const fs::path& exclude) {
  std::vector<ImageJob> out;
  const fs::path ex = fs::weakly_canonical(exclude);
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied);
       it != fs::recursive_directory_iterator(); ++it) {
    std::error_code ec;
    if (it->is_directory(ec) && is_inside(fs::weakly_canonical(it->path()), ex)) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && is_image_extension(it->path().extension().string()))
      out.push_back({it->path(), it->path().lexically_relative(dir).generic_string()});
  }
  std::sort(out.begin(), out.end(), [](const ImageJob& a, const ImageJob& b) { return a.relative < b.relative; });
  return out;
}

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  Shard s;
  try {
    if (slash == std::string::npos) throw std::invalid_argument("");
    std::size_t a = 0, b = 0;
    s.index = std::stoi(text.substr(0, slash), &a);
    s.count = std::stoi(text.substr(slash + 1), &b);
    if (a != slash || b != text.size() - slash - 1) throw std::invalid_argument("");
  } catch (const std::exception&) {
    throw std::invalid_argument("--shard must be K/N, e.g. 2/8; got '" + text + "'");
  }
  if (s.count < 1 || s.count > 100000 || s.index < 1 || s.index > s.count)
    throw std::invalid_argument("--shard K/N needs 1 <= K <= N <= 100000; got '" + text + "'");
  return s;
}

bool in_shard(const std::string& relative, const Shard& shard) {
  return fnv1a64(relative) % static_cast<std::uint64_t>(shard.count) ==
         static_cast<std::uint64_t>(shard.index - 1);
}

std::string class_of(const ImageJob& job) { return job.file.parent_path().filename().string(); }

}  // namespace smearpress
