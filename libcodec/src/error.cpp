#include <codec/error.hpp>
#include <codec/format.hpp>

namespace codec {

const char* to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid argument";
    case ErrorCode::kTruncated: return "truncated";
    case ErrorCode::kCorrupt: return "corrupt";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kLimitExceeded: return "limit exceeded";
  }
  return "unknown";
}

const char* to_string(BackgroundMethod m) noexcept {
  return m == BackgroundMethod::kHaarLLHuffman ? "haar-ll-huffman" : "unknown";
}
const char* to_string(MaskMethod m) noexcept {
  return m == MaskMethod::kRunLengthGamma ? "rle-gamma" : "unknown";
}
const char* to_string(RoiMethod m) noexcept {
  return m == RoiMethod::kMedHuffman ? "rct-med-huffman" : "unknown";
}

}  // namespace codec
