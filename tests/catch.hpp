// catch.hpp - one include for Catch2 v2 (Debian 12) and v3.
#pragma once

#include <string>

#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
using Catch::Approx;
namespace test {
inline auto contains_text(const std::string& s) { return Catch::Matchers::ContainsSubstring(s); }
}  // namespace test
#else
#include <catch2/catch.hpp>
namespace test {
inline auto contains_text(const std::string& s) { return Catch::Matchers::Contains(s); }
}  // namespace test
#endif
