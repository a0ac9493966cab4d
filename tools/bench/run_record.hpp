// run_record.hpp - the bench's run record (BenchResult::run): versions, date, input, config,
// machine and the peers' libraries. Internal.
#pragma once

#include <nlohmann/json.hpp>

#include "bench/bench.hpp"

namespace smearpress::bench {

/// {"smearpress_version", "format_version", "date" (now), "input", "config_file", "config",
/// "repeats", "threads", "machine": {"nproc", "cpu", "os"}, "libraries"}, in that order.
nlohmann::ordered_json run_record(const BenchOptions& opt);

}  // namespace smearpress::bench
