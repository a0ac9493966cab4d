// container.hpp - signature, version and CRC-checked sections of a .smz file
// (specification in codec/format.hpp).
#pragma once

#include <codec/format.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace codec {

inline constexpr const char* kSectionOrder[] = {"HEAD", "MASK", "ROIP", "BKGD"};
inline constexpr std::size_t kSectionCount = 4;

struct Section {
  std::string tag;
  std::size_t offset = 0;  ///< of the tag within the file
  std::span<const std::uint8_t> payload;
  std::uint32_t crc = 0;
};

/// Serialises signature, `version` and the four sections (payloads in kSectionOrder order).
std::vector<std::uint8_t> write_container(std::span<const std::vector<std::uint8_t>> payloads,
                                          std::uint16_t version);

/// Splits a file into its sections, checking signature, version, order, lengths and CRCs and
/// that nothing follows the last section. Payload spans point into `bytes`.
/// `version` receives the file's version (kMinFormatVersion..kFormatVersion).
std::vector<Section> read_container(std::span<const std::uint8_t> bytes, std::uint16_t& version);

/// Throws Error(kCorrupt) when `h` uses a feature that `version` does not have.
void check_version_features(const Header& h, std::uint16_t version);

std::vector<std::uint8_t> write_header(const Header& h);

/// Parses and validates HEAD against the documented limits.
Header read_header(std::span<const std::uint8_t> payload);

/// Empty when the header's values are within limits and go together, else what is wrong.
std::string check_header(const Header& h);

}  // namespace codec
