#include "../catch.hpp"

#include "runners/batch.hpp"
#include "reporting/results.hpp"
#include "reporting/table.hpp"

#include <algorithm>

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
  rows[2].image = "b/broken.png"; rows[2].cls = "b"; rows[2].ok = false; rows[2].error = "empty\nfile";
  std::vector<Record> records;
  for (const auto& r : rows) records.push_back(to_record(r));

  const std::string results = csv_text(result_columns(), records);
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
  REQUIRE(row0[column_index("status")] == "ok");
  REQUIRE(row0[column_index("cr_file")] == "3.0000");  // 300 raw bytes / 100
  REQUIRE(row0[column_index("cr_seed")] == "8.0000");  // 2400 raw bits / 300
  std::getline(rs, line);
  std::getline(rs, line);
  const auto row2 = parse_csv_line(line);
  REQUIRE(row2[column_index("status")] == "error");
  REQUIRE(row2[column_index("error")] == "empty file");  // one line
  REQUIRE(row2[column_index("psnr")].empty());
  REQUIRE_FALSE(std::getline(rs, line));

  std::istringstream ss(summary_csv(summarise(records)));
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

  const std::string md = summary_markdown(summarise(records));
  REQUIRE(md.find("| a | 2 | 0 |") != std::string::npos);
  REQUIRE(md.find("| **ALL** | 3 | 1 |") != std::string::npos);
}

TEST_CASE("cells read back as numbers with the same conventions", "[table]") {
  REQUIRE(cell_value("1.5") == 1.5);
  REQUIRE(std::isinf(*cell_value("inf")));
  REQUIRE_FALSE(cell_value("").has_value());
  REQUIRE_FALSE(cell_value("1.5x").has_value());
}

TEST_CASE("worst records are the lowest PSNR, ties by path", "[batch]") {
  std::vector<Record> recs;
  for (auto [name, psnr] : {std::pair{"c", "30"}, std::pair{"a", "25"}, std::pair{"b", "25"}, std::pair{"d", "inf"}}) {
    Record r(result_columns().size());
    r[0] = name;
    r[column_index("status")] = "ok";
    r[column_index("psnr")] = psnr;
    recs.push_back(r);
  }
  Record failed(result_columns().size());
  failed[0] = "e";
  failed[column_index("status")] = "error";
  recs.push_back(failed);
  const auto w = worst_records(recs, 3);
  REQUIRE(w.size() == 3);
  REQUIRE((*w[0])[0] == "a");
  REQUIRE((*w[1])[0] == "b");
  REQUIRE((*w[2])[0] == "c");
  REQUIRE(worst_records(recs, 100).size() == 4);  // error rows never
}

TEST_CASE("shards partition the files deterministically", "[batch]") {
  REQUIRE(parse_shard("3/8").index == 3);
  REQUIRE(parse_shard("3/8").count == 8);
  REQUIRE_THROWS_AS(parse_shard("0/8"), std::invalid_argument);
  REQUIRE_THROWS_AS(parse_shard("9/8"), std::invalid_argument);
  REQUIRE_THROWS_AS(parse_shard("3"), std::invalid_argument);
  REQUIRE_THROWS_AS(parse_shard("a/b"), std::invalid_argument);
  REQUIRE_THROWS_AS(parse_shard("1/2x"), std::invalid_argument);
  const int n = 5;
  std::vector<int> sizes(n, 0);
  for (int i = 0; i < 1000; ++i) {
    const std::string rel = "class" + std::to_string(i % 8) + "/img_" + std::to_string(i) + ".jpg";
    int owners = 0;
    for (int k = 1; k <= n; ++k)
      if (in_shard(rel, Shard{k, n})) {
        ++owners;
        ++sizes[static_cast<std::size_t>(k - 1)];
      }
    REQUIRE(owners == 1);
  }
  for (int s : sizes) REQUIRE((s > 150 && s < 250));  // roughly 1/5 each
  REQUIRE(in_shard("x/y.png", Shard{1, 1}));
}
