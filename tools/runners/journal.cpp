// journal.cpp - the batch journal (journal.hpp).
#include "runners/journal.hpp"

#include "config/config.hpp"
#include "io/files.hpp"
#include "reporting/table.hpp"

#include <codec/crc32.hpp>

#include <fstream>
#include <sstream>

namespace smearpress {

namespace fs = std::filesystem;

namespace {

constexpr const char* kMagic = "smearpress-journal 1 ";

std::string hex32(std::uint32_t v) {
  char buf[12];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

std::uint32_t line_crc(const std::string& s) {
  return codec::crc32({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
}

}  // namespace

FileStamp stamp_of(const fs::path& p) {
  std::error_code ec;
  FileStamp s;
  s.size = fs::file_size(p, ec);
  if (ec) s.size = 0;
  auto t = fs::last_write_time(p, ec);
  s.mtime = ec ? 0 : static_cast<long long>(t.time_since_epoch().count());
  return s;
}

std::map<std::string, JournalEntry> Journal::load(const fs::path& path, const std::string& fingerprint) {
  std::map<std::string, JournalEntry> out;
  std::ifstream in(path);
  if (!in) return out;
  std::string line;
  if (!std::getline(in, line) || line.rfind(kMagic, 0) != 0) return out;
  if (line.substr(std::string(kMagic).size()) != fingerprint)
    throw ConfigError(path.string() + ": made with a different config; resume with the same config, "
                      "or run without --resume (or into another --output) to start afresh");
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string crc_hex;
    JournalEntry e;
    if (!(ls >> crc_hex >> e.size >> e.mtime)) continue;
    const auto body_at = line.find(' ');
    if (body_at == std::string::npos) continue;
    if (crc_hex != hex32(line_crc(line.substr(body_at + 1)))) continue;  // torn line
    std::string rest;
    std::getline(ls >> std::ws, rest);
    e.record = parse_csv_line(rest);
    if (e.record.size() != result_columns().size()) continue;
    out[e.record[0]] = std::move(e);
  }
  return out;
}

Journal::Journal(const fs::path& path, const std::string& fingerprint, bool append) {
  file_ = std::fopen(path.c_str(), append ? "a" : "w");
  if (!file_) throw InputError(path.string() + ": cannot write the journal");
  if (!append || std::ftell(file_) == 0) {
    std::fprintf(file_, "%s%s\n", kMagic, fingerprint.c_str());
    std::fflush(file_);
  }
}

Journal::~Journal() {
  if (file_) std::fclose(file_);
}

void Journal::append(const FileStamp& stamp, const Record& record) {
  std::string line = csv_line(record);
  line.pop_back();  // the newline
  const std::string body = std::to_string(stamp.size) + " " + std::to_string(stamp.mtime) + " " + line;
  std::lock_guard lock(mutex_);
  std::fprintf(file_, "%s %s\n", hex32(line_crc(body)).c_str(), body.c_str());
  std::fflush(file_);
}

}  // namespace smearpress
