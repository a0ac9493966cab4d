// kernels.hpp - the few innermost loops of decoding, written to vectorise. On x86-64 with GCC
// each is compiled twice (AVX2 and baseline) and the CPU picks at load time.
#pragma once

#include <cstddef>
#include <cstdint>

namespace codec::kernels {

/// c[i] += d[i].
void add_rows(std::int32_t* c, const std::int32_t* d, int n);

/// YCoCg rows at scale 2^f to interleaved B,G,R bytes: G = Y + Cg, R = Y - Cg + Co,
/// B = Y - Cg - Co, each rounded half away from zero and clamped to 0..255.
void ycocg_to_bgr(const std::int32_t* y, const std::int32_t* co, const std::int32_t* cg, int n, int f,
                  std::uint8_t* bgr);

/// One channel's row at scale 2^f to bytes (rounded, clamped), written every `stride` bytes.
void channel_to_u8(const std::int32_t* v, int n, int f, std::uint8_t* out, int stride);

}  // namespace codec::kernels
