// codec/error.hpp - the one error type of libcodec.
#pragma once

#include <stdexcept>
#include <string>

namespace codec {

/// What went wrong, coarsely; the message says exactly what.
enum class ErrorCode {
  kInvalidArgument,  ///< the caller passed something unusable (bad parameters, size mismatch)
  kTruncated,        ///< the byte stream ends before the data it announces
  kCorrupt,          ///< the bytes are inconsistent: bad CRC, impossible value, malformed code
  kUnsupported,      ///< a valid file from a newer or different format version / method
  kLimitExceeded,    ///< a dimension, count or size is above the documented limits
};

/// Returns a short lowercase name, e.g. "truncated".
const char* to_string(ErrorCode code) noexcept;

/// Thrown by every libcodec function on failure. what() is one line, without a trailing newline.
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace codec
