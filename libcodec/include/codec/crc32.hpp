// codec/crc32.hpp - CRC-32 (ISO-HDLC, as in zlib and PNG), as the .smz sections use it.
#pragma once

#include <cstdint>
#include <span>

namespace codec {

/// Continues a CRC-32: pass the previous result as `crc` (0 to start).
std::uint32_t crc32(std::span<const std::uint8_t> data, std::uint32_t crc = 0) noexcept;

}  // namespace codec
