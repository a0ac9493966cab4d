// merge.cpp - combining the output folders of `batch --shard K/N` runs (merge_batches, batch.hpp).
#include "runners/batch.hpp"

#include "io/files.hpp"
#include "reporting/run_info.hpp"
#include "reporting/table.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <ostream>
#include <set>

namespace smearpress {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The shards' rows, checked to fit together: one config, one shard count, each shard once,
// each image in one shard.
struct Shards {
  json first_info;                         // run.json of the first shard
  std::vector<Record> records;             // sorted by image
  std::map<std::string, fs::path> owner;   // image -> shard folder
};

json read_run_json(const fs::path& dir) {
  const fs::path info_path = dir / "run.json";
  std::ifstream in(info_path);
  if (!in) throw InputError(info_path.string() + ": missing (not a finished batch output folder)");
  try {
    return json::parse(in);
  } catch (const std::exception& e) {
    throw InputError(info_path.string() + ": unreadable (" + e.what() + ")");
  }
}

Shards read_shards(const std::vector<fs::path>& dirs) {
  Shards s;
  std::string fingerprint;
  int count = 0;
  std::set<int> seen;
  for (const auto& dir : dirs) {
    const json info = read_run_json(dir);
    const std::string fp = info.value("config_fingerprint", "");
    const int index = info["shard"].value("index", 0), n = info["shard"].value("count", 0);
    if (fingerprint.empty()) {
      fingerprint = fp;
      s.first_info = info;
      count = n;
    } else if (fp != fingerprint) {
      throw InputError(dir.string() + ": made with a different config than " + dirs[0].string());
    } else if (n != count) {
      throw InputError(dir.string() + ": shard count " + std::to_string(n) + " differs from " + std::to_string(count));
    }
    if (!seen.insert(index).second) throw InputError(dir.string() + ": shard " + std::to_string(index) + " given twice");
    for (auto& r : read_results_csv(dir / "results.csv")) {
      auto [it, fresh] = s.owner.emplace(r[0], dir);
      if (!fresh) throw InputError("image " + r[0] + " appears in both " + it->second.string() + " and " + dir.string());
      s.records.push_back(std::move(r));
    }
  }
  for (int k = 1; k <= count; ++k)
    if (!seen.count(k)) throw InputError("merge: shard " + std::to_string(k) + "/" + std::to_string(count) + " is missing");
  std::sort(s.records.begin(), s.records.end(), [](const Record& a, const Record& b) { return a[0] < b[0]; });
  return s;
}

// The worst panels overall are among each shard's worst; copies those that exist.
std::vector<const Record*> copy_panels(const Shards& s, const fs::path& output) {
  const auto& dumps = s.first_info["config"]["dumps"];
  const auto mode = dumps.value("panels", std::string("worst"));
  const auto n_panels = mode == "all" ? s.records.size() : static_cast<std::size_t>(dumps.value("count", 16));
  std::vector<const Record*> panels;
  for (const Record* r : worst_records(s.records, mode == "none" ? 0 : n_panels)) {
    const PanelPaths src = panel_paths(s.owner.at((*r)[0]), (*r)[0]), dst = panel_paths(output, (*r)[0]);
    if (!fs::exists(src.panel) || !fs::exists(src.thumbnail)) continue;
    for (const auto& [from, to] : {std::pair{src.panel, dst.panel}, std::pair{src.thumbnail, dst.thumbnail}}) {
      fs::create_directories(to.parent_path());
      write_file_atomic(to, read_file(from));
    }
    panels.push_back(r);
  }
  return panels;
}

}  // namespace

void merge_batches(const std::vector<fs::path>& dirs, const fs::path& output, std::ostream& log) {
  if (dirs.empty()) throw InputError("merge: no shard folders given");
  const Shards shards = read_shards(dirs);

  std::error_code ec;
  fs::create_directories(output, ec);
  if (ec) throw InputError(output.string() + ": cannot create (" + ec.message() + ")");
  fs::remove_all(output / "panels", ec);
  const auto panels = copy_panels(shards, output);

  std::size_t failed = 0;
  for (const auto& r : shards.records) failed += r[column_index("status")] == "ok" ? 0 : 1;
  json info = shards.first_info;
  info["kind"] = "merge";
  info["merged_from"] = json::array();
  for (const auto& d : dirs) info["merged_from"].push_back(d.string());
  info["shard"] = {{"index", 1}, {"count", 1}};
  info["images"] = shards.records.size();
  info["failed"] = failed;
  info["finished"] = now_iso8601();
  write_batch_outputs(output, shards.records, info, panels);
  log << "merge: " << dirs.size() << " shards, " << shards.records.size() << " images (" << failed << " failed) -> "
      << output.string() << "\n";
}

}  // namespace smearpress
