// dct_coder.cpp - the DCT coefficient coder's entry points: layout checks, the version byte and
// the end-of-stream checks (dct_coder.hpp); the walk over the blocks is dct_stream.hpp.
#include "dct_coder.hpp"

#include <algorithm>
#include <codec/error.hpp>
#include <codec/format.hpp>
#include <memory>
#include <string>
#include <vector>

#include "bool_coder.hpp"
#include "dct_model.hpp"
#include "dct_priors.hpp"
#include "dct_stream.hpp"
#include "jpeg_layout.hpp"
#include "jpeg_render.hpp"

namespace codec::dct {
namespace {

[[noreturn]] void invalid(const std::string& what) {
  throw Error(ErrorCode::kInvalidArgument, "dct coefficients: " + what);
}

/// Checks that the layout is one libjpeg could produce for an 8-bit gray / YCbCr JPEG within the
/// format's pixel limits (jpeg::check_shape), that its quant tables have no zero step, and that
/// `kept` has one flag per block.
void check_layout(const jpeg::Coefficients& c, const jpeg::BlockSet& kept) {
  jpeg::check_shape(c);
  if (kept.size() != c.components.size()) invalid("block set has a different component count");
  for (std::size_t i = 0; i < c.components.size(); ++i) {
    const jpeg::Component& comp = c.components[i];
    const auto& q = c.quant[static_cast<std::size_t>(comp.quant_index)];
    if (std::any_of(q.begin(), q.end(), [](std::uint16_t v) { return v == 0; }))
      invalid("quant table has a zero step");
    if (kept[i].size() != comp.block_count())
      invalid("block set size does not match component " + std::to_string(i));
  }
}

void check_values(const jpeg::Component& comp) {
  if (comp.coeffs.size() != comp.block_count() * jpeg::kBlockSize)
    invalid("coefficient array size does not match the block grid");
  // A branch-free range first (it vectorises: this runs over every coefficient of the image),
  // the search for the culprit only when it fails.
  std::int16_t lo = 0, hi = 0;
  for (std::int16_t v : comp.coeffs) lo = std::min(lo, v), hi = std::max(hi, v);
  if (lo >= -kMaxCoefficient && hi <= kMaxCoefficient) return;
  for (std::int16_t v : comp.coeffs)
    if (v < -kMaxCoefficient || v > kMaxCoefficient)
      invalid("coefficient " + std::to_string(v) + " beyond +-" + std::to_string(kMaxCoefficient));
}

// The model every stream starts from, kept per thread between streams: building it (about
// 700 KB) for each stream would cost more than a small image's coding. After a stream it is
// returned to the starting state by restoring the fine contexts the stream touched (TouchLog)
// and every coarse one (coarse_spans). A nested use on the same thread (there is none) gets a
// model of its own.
struct ModelState {
  Model model;
  TouchLog touched;
  std::unique_ptr<Model> start;  // the coarse contexts' starting values
  bool in_use = false;
  ModelState() : start(std::make_unique<Model>()) {
    set_priors(*start);
    model = *start;
    touched.reserve(8192);
  }
};

class PooledModel {
 public:
  PooledModel() {
    thread_local std::unique_ptr<ModelState> cached;
    if (!cached) cached = std::make_unique<ModelState>();
    if (cached->in_use) {
      own_ = std::make_unique<ModelState>();
      state_ = own_.get();
    } else {
      state_ = cached.get();
    }
    state_->in_use = true;
  }
  ~PooledModel() {
    for (AdaptiveBit* p : state_->touched) *p = AdaptiveBit{};
    state_->touched.clear();
    const auto from = coarse_spans(*state_->start), to = coarse_spans(state_->model);
    for (std::size_t i = 0; i < from.size(); ++i)
      std::copy_n(from[i].bits, from[i].count, to[i].bits);
    state_->in_use = false;
  }
  PooledModel(const PooledModel&) = delete;
  PooledModel& operator=(const PooledModel&) = delete;

  Model& model() { return state_->model; }
  TouchLog& touched() { return state_->touched; }

 private:
  std::unique_ptr<ModelState> own_;
  ModelState* state_ = nullptr;
};

}  // namespace

std::vector<std::uint8_t> encode_coefficients(const jpeg::Coefficients& coeffs,
                                              const jpeg::BlockSet& kept) {
  check_layout(coeffs, kept);
  for (const auto& comp : coeffs.components) check_values(comp);
  bool_coder::Encoder enc;
  PooledModel model;
  EncodeIo io{&enc, &model.touched()};
  code_all(io, model.model(), coeffs, kept);
  std::vector<std::uint8_t> body = enc.finish();
  std::vector<std::uint8_t> out;
  out.reserve(body.size() + 1);
  out.push_back(kDctStreamVersion);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

namespace {

// The stream's checks around code_views (the layout is checked by the caller).
void decode_views(std::span<const std::uint8_t> stream, const jpeg::Coefficients& layout,
                  const jpeg::BlockView* src, const jpeg::MutableBlockView* dst,
                  const jpeg::BlockSet& kept) {
  if (stream.empty()) throw Error(ErrorCode::kTruncated, "dct coefficients: empty stream");
  if (stream[0] != kDctStreamVersion)
    throw Error(ErrorCode::kUnsupported,
                "dct coefficients: stream version " + std::to_string(stream[0]));
  PooledModel model;
  DecodeIo io{bool_coder::Decoder(stream.subspan(1)), &model.touched()};
  code_views(io, model.model(), layout, src, dst, kept);
  const bool_coder::Decoder& dec = io.dec;
  if (dec.overread() > 0) throw Error(ErrorCode::kTruncated, "dct coefficients: stream ends early");
  if (dec.remaining() > 0)
    throw Error(ErrorCode::kCorrupt, "dct coefficients: trailing bytes after the stream");
}

}  // namespace

void decode_coefficients(std::span<const std::uint8_t> stream, jpeg::Coefficients& coeffs,
                         const jpeg::BlockSet& kept) {
  check_layout(coeffs, kept);
  jpeg::BlockView src[jpeg::kMaxComponents];
  jpeg::MutableBlockView dst[jpeg::kMaxComponents];
  for (std::size_t c = 0; c < coeffs.components.size(); ++c) {
    auto& comp = coeffs.components[c];
    comp.coeffs.assign(comp.block_count() * jpeg::kBlockSize, 0);
    src[c] = jpeg::whole_grid(comp);
    dst[c] = {comp.coeffs.data(), 0, 0, comp.width_in_blocks};
  }
  decode_views(stream, coeffs, src, dst, kept);
}

void decode_kept_coefficients(std::span<const std::uint8_t> stream,
                              const jpeg::Coefficients& layout, const jpeg::BlockSet& kept,
                              jpeg::KeptCoefficients& out) {
  check_layout(layout, kept);
  jpeg::BlockView src[jpeg::kMaxComponents];
  jpeg::MutableBlockView dst[jpeg::kMaxComponents];
  out.parts.resize(layout.components.size());
  for (std::size_t c = 0; c < layout.components.size(); ++c) {
    auto& part = out.parts[c];
    part.rect = jpeg::flagged_rect(kept[c], layout.components[c].width_in_blocks);
    const auto blocks = static_cast<std::size_t>(part.rect.x1 - part.rect.x0) *
                        static_cast<std::size_t>(part.rect.y1 - part.rect.y0);
    part.coeffs.assign(blocks * jpeg::kBlockSize, 0);
    dst[c] = part.mutable_view();
    src[c] = part.view();
  }
  decode_views(stream, layout, src, dst, kept);
}

}  // namespace codec::dct
