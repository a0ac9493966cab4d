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
  switch (m) {
    case BackgroundMethod::kHaarLLHuffman: return "haar-ll-huffman";
    case BackgroundMethod::kWaveletRans: return "wavelet-rans";
    case BackgroundMethod::kHaarPivotHuffman: return "haar-pivot-huffman";
  }
  return "unknown";
}
const char* to_string(Bands b) noexcept {
  switch (b) {
    case Bands::kLL: return "ll";
    case Bands::kAll: return "all";
  }
  return "unknown";
}
const char* to_string(PivotRule p) noexcept {
  switch (p) {
    case PivotRule::kUpperLeft: return "upper-left";
    case PivotRule::kMean: return "mean";
    case PivotRule::kMedian: return "median";
  }
  return "unknown";
}
const char* to_string(BackgroundColour c) noexcept {
  switch (c) {
    case BackgroundColour::kChannels: return "channels";
    case BackgroundColour::kYCoCg: return "ycocg";
  }
  return "unknown";
}
const char* to_string(Upsample u) noexcept {
  switch (u) {
    case Upsample::kHaar: return "haar";
    case Upsample::kSmooth: return "smooth";
  }
  return "unknown";
}
const char* to_string(MaskMethod m) noexcept {
  switch (m) {
    case MaskMethod::kRunLengthGamma: return "rle-gamma";
    case MaskMethod::kRowDelta: return "row-delta";
  }
  return "unknown";
}
const char* to_string(RoiMethod m) noexcept {
  switch (m) {
    case RoiMethod::kMedHuffman: return "rct-med-huffman";
    case RoiMethod::kContextRans: return "ycocg-med-rans";
    case RoiMethod::kWeightedRans: return "ycocg-weighted-rans";
  }
  return "unknown";
}

}  // namespace codec
