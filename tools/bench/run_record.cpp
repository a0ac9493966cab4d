// run_record.cpp - the bench's run record, with the machine it ran on (/proc/cpuinfo, uname).
#include "bench/run_record.hpp"

#include <sys/utsname.h>

#include <algorithm>
#include <codec/format.hpp>
#include <fstream>
#include <string>
#include <thread>

#include "bench/peers.hpp"
#include "config/config.hpp"
#include "reporting/run_info.hpp"

namespace smearpress::bench {

namespace {

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) != 0) continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) break;
    std::string v = line.substr(colon + 1);
    v.erase(0, v.find_first_not_of(" \t"));
    return v;
  }
  return "unknown";
}

nlohmann::ordered_json machine_info() {
  nlohmann::ordered_json m;
  m["nproc"] = std::max(1u, std::thread::hardware_concurrency());
  m["cpu"] = cpu_model();
  utsname u{};
  if (uname(&u) == 0) m["os"] = std::string(u.sysname) + " " + u.release + " " + u.machine;
  return m;
}

}  // namespace

nlohmann::ordered_json run_record(const BenchOptions& opt) {
  nlohmann::ordered_json libs = nlohmann::ordered_json::object();
  for (const auto& [name, version] : peers::library_versions()) libs[name] = version;
  return {{"smearpress_version", smearpress_version()},
          {"format_version", codec::kFormatVersion},
          {"date", now_iso8601()},
          {"input", opt.input.string()},
          {"config_file", opt.config_file.empty() ? nlohmann::ordered_json(nullptr)
                                                  : nlohmann::ordered_json(opt.config_file)},
          {"config", nlohmann::ordered_json(to_json(opt.config))},
          {"repeats", opt.repeats},
          {"threads", 1},
          {"machine", machine_info()},
          {"libraries", libs}};
}

}  // namespace smearpress::bench
