#include "../catch.hpp"

#include "batch.hpp"
#include "table.hpp"

#include <cmath>
#include <limits>
#include <sstream>

using namespace smearpress;

TEST_CASE("numbers format with one convention", "[table]") {
  REQUIRE(format_number(1.23456, 2) == "1.23");
  REQUIRE(format_number(std::numeric_limits<double>::infinity(), 2) == "inf");
  REQUIRE(format_number(-std::numeric_limits<double>::infinity(), 2) == "-inf");
  REQUIRE(format_number(std::nan(""), 2).empty());
  REQUIRE(format_number(std::optional<double>{}, 2).empty());
}

TEST_CASE("CSV fields are quoted when needed and parse back", "[table]") {
  const std::vector<std::string> f = {"plain", "with,comma", "with \"quote\"", ""};
  const auto line = csv_line(f);
  REQUIRE(line == "plain,\"with,comma\",\"with \"\"quote\"\"\",\n");
  REQUIRE(parse_csv_line(line) == f);
}

TEST_CASE("summary.csv counts failures and averages ok rows per class", "[table][batch]") {
  std::vector<ResultRow> rows(3);
  rows[0].image = "a/1.png"; rows[0].cls = "a"; rows[0].ok = true; rows[0].width = 10; rows[0].height = 10;
  rows[0].channels = 3; rows[0].stats.file_bytes = 100; rows[0].stats.ll_bits = 300; rows[0].quality.psnr = 30;
  rows[1] = rows[0];
  rows[1].image = "a/2.png"; rows[1].stats.file_bytes = 50; rows[1].quality.psnr = 40;
  rows[2].image = "b/broken.png"; rows[2].cls = "b"; rows[2].ok = false; rows[2].error = "empty file";

  const std::string results = results_csv(rows);
  std::istringstream rs(results);
  std::string line;
  std::getline(rs, line);
  const auto header = parse_csv_line(line);
  REQUIRE(header == result_columns());
  for (const char* col : {"image", "class", "status", "error", "width", "height", "raw_bytes", "file_bytes",
                          "ll_bits", "cr_seed", "cr_file", "mse", "psnr", "ssim", "psnr_roi", "psnr_bg",
                          "roi_fraction", "encode_ms", "decode_ms"})
    REQUIRE(std::find(header.begin(), header.end(), col) != header.end());
  std::getline(rs, line);
  const auto row0 = parse_csv_line(line);
  auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  REQUIRE(row0[col("status")] == "ok");
  REQUIRE(row0[col("cr_file")] == "3.0000");  // 300 raw bytes / 100
  REQUIRE(row0[col("cr_seed")] == "8.0000");  // 2400 raw bits / 300
  std::getline(rs, line);
  std::getline(rs, line);
  const auto row2 = parse_csv_line(line);
  REQUIRE(row2[col("status")] == "error");
  REQUIRE(row2[col("error")] == "empty file");
  REQUIRE(row2[col("psnr")].empty());

  std::istringstream ss(summary_csv(rows));
  std::getline(ss, line);
  const auto sh = parse_csv_line(line);
  auto scol = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(sh.begin(), sh.end(), name) - sh.begin());
  };
  std::getline(ss, line);
  const auto a = parse_csv_line(line);
  REQUIRE(a[0] == "a");
  REQUIRE(a[scol("count")] == "2");
  REQUIRE(a[scol("failed")] == "0");
  REQUIRE(std::stod(a[scol("psnr")]) == Approx(35.0));
  REQUIRE(std::stod(a[scol("file_bytes")]) == Approx(75.0));
  std::getline(ss, line);
  const auto b = parse_csv_line(line);
  REQUIRE(b[0] == "b");
  REQUIRE(b[scol("failed")] == "1");
  REQUIRE(b[scol("psnr")].empty());
  std::getline(ss, line);
  const auto all = parse_csv_line(line);
  REQUIRE(all[0] == "ALL");
  REQUIRE(all[scol("count")] == "3");
  REQUIRE(all[scol("failed")] == "1");
}
