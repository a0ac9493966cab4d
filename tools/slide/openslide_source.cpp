// openslide_source.cpp - level-0 regions of a vendor slide through OpenSlide (openslide_source.hpp).
#include "slide/openslide_source.hpp"

#include "slide/tiff_layout.hpp"

#include <codec/error.hpp>
#include <openslide/openslide.h>

#include <charconv>
#include <vector>

namespace smearpress::slide {

namespace {

// A property's value as a number in [lo, hi], or `fallback` when it is absent or malformed (the
// properties are the file's bytes, like everything else in it).
int int_property(openslide_t* osr, const char* name, int lo, int hi, int fallback) {
  const char* text = openslide_get_property_value(osr, name);
  if (!text) return fallback;
  const std::string_view s(text);
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size() && v >= lo && v <= hi ? v : fallback;
}

// openslide.background-color is "RRGGBB" in hex; anything else leaves white.
std::array<std::uint8_t, 3> background_bgr(openslide_t* osr) {
  const char* text = openslide_get_property_value(osr, OPENSLIDE_PROPERTY_NAME_BACKGROUND_COLOR);
  std::uint32_t rgb = 0;
  if (!text) return {255, 255, 255};
  const std::string_view s(text);
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), rgb, 16);
  if (s.size() != 6 || ec != std::errc() || end != s.data() + s.size()) return {255, 255, 255};
  return {static_cast<std::uint8_t>(rgb), static_cast<std::uint8_t>(rgb >> 8), static_cast<std::uint8_t>(rgb >> 16)};
}

// One of OpenSlide's premultiplied ARGB pixels as B, G, R: opaque ones as they are, transparent
// ones as the background, partly transparent ones divided by their alpha (rounded).
void to_bgr(std::uint32_t argb, std::uint8_t* out, const std::array<std::uint8_t, 3>& background) {
  const std::uint32_t a = argb >> 24;
  if (a == 0) {
    out[0] = background[0], out[1] = background[1], out[2] = background[2];
    return;
  }
  for (int c = 0; c < 3; ++c) {
    const std::uint32_t v = (argb >> (8 * c)) & 0xFF;
    const std::uint32_t straight = a == 255 ? v : (v * 255 + a / 2) / a;
    out[c] = static_cast<std::uint8_t>(straight > 255 ? 255 : straight);
  }
}

}  // namespace

OpenSlideSource::OpenSlideSource(const std::filesystem::path& path) : path_(path) {
  slide_ = openslide_open(path.c_str());
  if (!slide_) fail("not a slide OpenSlide can read");
  if (openslide_get_error(slide_)) fail("cannot open");
  const char* vendor = openslide_get_property_value(slide_, OPENSLIDE_PROPERTY_NAME_VENDOR);
  vendor_ = vendor ? vendor : "unknown vendor";
  std::int64_t w = -1, h = -1;
  openslide_get_level0_dimensions(slide_, &w, &h);
  if (w <= 0 || h <= 0 || w > kMaxTiffSide || h > kMaxTiffSide)
    throw codec::Error(codec::ErrorCode::kLimitExceeded,
                       path.string() + ": level 0 is " + std::to_string(w) + "x" + std::to_string(h) +
                           ", outside 1.." + std::to_string(kMaxTiffSide) + " a side");
  width_ = static_cast<int>(w);
  height_ = static_cast<int>(h);
  levels_ = openslide_get_level_count(slide_);
  block_.width = int_property(slide_, "openslide.level[0].tile-width", 16, 8192, 512);
  block_.height = int_property(slide_, "openslide.level[0].tile-height", 16, 8192, 512);
  background_ = background_bgr(slide_);
}

OpenSlideSource::~OpenSlideSource() {
  if (slide_) openslide_close(slide_);
}

void OpenSlideSource::fail(const std::string& what) const {
  const char* reason = slide_ ? openslide_get_error(slide_) : nullptr;
  throw codec::Error(codec::ErrorCode::kCorrupt, path_.string() + ": " + what + (reason ? std::string(": ") + reason : ""));
}

void OpenSlideSource::read(const cv::Rect& r, cv::Mat& out) {
  const std::string where = "region " + std::to_string(r.width) + "x" + std::to_string(r.height) + " at (" +
                            std::to_string(r.x) + ", " + std::to_string(r.y) + ")";
  if (r.width <= 0 || r.height <= 0 || r.x < 0 || r.y < 0 || r.x > width_ - r.width || r.y > height_ - r.height)
    throw codec::Error(codec::ErrorCode::kInvalidArgument, path_.string() + ": " + where + " is not inside the " +
                                                               std::to_string(width_) + "x" + std::to_string(height_) +
                                                               " image");
  std::vector<std::uint32_t> argb(static_cast<std::size_t>(r.width) * r.height);
  openslide_read_region(slide_, argb.data(), r.x, r.y, 0, r.width, r.height);
  if (openslide_get_error(slide_)) fail(where);
  out.create(r.size(), CV_8UC3);
  for (int y = 0; y < r.height; ++y) {
    const std::uint32_t* in = argb.data() + static_cast<std::size_t>(y) * r.width;
    std::uint8_t* row = out.ptr<std::uint8_t>(y);
    for (int x = 0; x < r.width; ++x) to_bgr(in[x], row + 3 * x, background_);
  }
}

std::string OpenSlideSource::describe() const {
  return "OpenSlide " + vendor_ + ", " + std::to_string(levels_) + (levels_ == 1 ? " level" : " levels");
}

}  // namespace smearpress::slide
