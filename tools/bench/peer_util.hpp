// peer_util.hpp - the small checks and conversions the peer codec files share (internal).
#pragma once

#include <codec/image.hpp>
#include <cstddef>
#include <cstdint>
#include <opencv2/core/mat.hpp>

#include "bench/peers.hpp"

namespace smearpress::peers {

/// Throws PeerError naming `codec` unless `image` is a non-empty 8-bit gray or colour image.
void require_8bit(const codec::Image& image, const char* codec);

/// B,G,R <-> R,G,B in place (the swap is its own inverse).
void swap_red_blue(std::uint8_t* p, std::size_t pixels);

/// A decoded 8-bit gray or colour cv::Mat as an Image; PeerError for an empty or other Mat.
codec::Image from_mat(const cv::Mat& m, const char* codec);

/// Throws PeerError when `bytes` is empty or larger than an int can count.
void require_data(ByteSpan bytes, const char* codec);

/// Throws PeerError when `image` has other than `channels` channels.
void check_channels(const codec::Image& image, int channels, const char* codec);

}  // namespace smearpress::peers
