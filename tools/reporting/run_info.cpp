// run_info.cpp - run.json's common fields (run_info.hpp).
#include "reporting/run_info.hpp"

#include "config/config.hpp"

#include <codec/format.hpp>

#include <ctime>

namespace smearpress {

const char* smearpress_version() { return SMEARPRESS_VERSION; }

std::string now_iso8601() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

nlohmann::json run_info_head(const std::string& kind, const RunConfig& config,
                                     const std::filesystem::path& input) {
  return {{"smearpress_version", smearpress_version()},
          {"format_version", codec::kFormatVersion},
          {"kind", kind},
          {"config_name", config.name},
          {"config", to_json(config)},
          {"input", input.string()}};
}

}  // namespace smearpress
