// table.hpp - CSV output with one convention for numbers: fixed decimals, "inf" for infinity,
// an empty cell for an undefined value.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace smearpress {

/// "inf" / "-inf" for infinities, "" for NaN, otherwise fixed-point with `decimals` digits.
std::string format_number(double v, int decimals);
std::string format_number(const std::optional<double>& v, int decimals);

/// Quotes a CSV field when it holds a comma, quote or line break (RFC 4180).
std::string csv_field(const std::string& s);

/// One CSV line (with "\n") from already formatted fields.
std::string csv_line(const std::vector<std::string>& fields);

/// Splits one CSV line (RFC 4180 quoting, no embedded line breaks) into fields.
std::vector<std::string> parse_csv_line(const std::string& line);

}  // namespace smearpress
