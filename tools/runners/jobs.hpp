// jobs.hpp - the images of a run: found under a folder, split into deterministic shards.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace smearpress {

struct ImageJob {
  std::filesystem::path file;
  std::string relative;  ///< '/'-separated path below the input folder
};

/// Image files under `dir` (recursive, sorted by relative path), skipping `exclude` if it lies
/// inside. Recognised by extension: png, jpg, jpeg, tif, tiff, bmp, webp, ppm, pgm, pnm, jp2.
std::vector<ImageJob> find_jobs(const std::filesystem::path& dir, const std::filesystem::path& exclude);

/// The class of an image: the name of its parent folder.
std::string class_of(const ImageJob& job);

/// A 1-based shard K of N.
struct Shard {
  int index = 1;
  int count = 1;
};
/// Parses "K/N" (1 <= K <= N <= 100000); throws std::invalid_argument naming the problem.
Shard parse_shard(const std::string& text);
/// Whether a file belongs to a shard: FNV-1a of its relative path, modulo N. Deterministic on
/// every machine and independent of the other files.
bool in_shard(const std::string& relative, const Shard& shard);

/// 64-bit FNV-1a of a string, and its 16 lowercase hex digits.
std::uint64_t fnv1a64(std::string_view s);
std::string hex64(std::uint64_t v);

}  // namespace smearpress
