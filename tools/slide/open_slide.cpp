// open_slide.cpp - the reader for a slide file (open_slide.hpp).
#include "slide/open_slide.hpp"

#include "slide/openslide_source.hpp"
#include "slide/tiff_source.hpp"

#include <openslide/openslide.h>

#include <array>
#include <cstring>
#include <fstream>

namespace smearpress::slide {

bool looks_like_tiff(std::span<const std::uint8_t> head) {
  if (head.size() < 4) return false;
  const bool intel = head[0] == 'I' && head[1] == 'I' && head[3] == 0 && (head[2] == 42 || head[2] == 43);
  const bool motorola = head[0] == 'M' && head[1] == 'M' && head[2] == 0 && (head[3] == 42 || head[3] == 43);
  return intel || motorola;
}

bool looks_like_tiff(const std::filesystem::path& path) {
  std::array<char, 4> head{};
  std::ifstream in(path, std::ios::binary);
  if (!in.read(head.data(), head.size())) return false;
  std::array<std::uint8_t, 4> bytes{};
  std::memcpy(bytes.data(), head.data(), head.size());
  return looks_like_tiff(bytes);
}

std::unique_ptr<RegionSource> open_region_source(const std::filesystem::path& path) {
  // An SVS or NDPI is a TIFF too, but only OpenSlide knows its vendor's layout; a plain pyramidal
  // TIFF ("generic-tiff") is read more directly, and with our checks, by libtiff.
  const char* vendor = openslide_detect_vendor(path.c_str());
  if (vendor && std::strcmp(vendor, "generic-tiff") != 0) return std::make_unique<OpenSlideSource>(path);
  if (looks_like_tiff(path)) return std::make_unique<TiffSource>(path);
  return nullptr;
}

}  // namespace smearpress::slide
