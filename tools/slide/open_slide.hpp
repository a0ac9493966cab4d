// open_slide.hpp - choosing the reader of a slide file: OpenSlide for the vendor formats, libtiff
// for plain (BigTIFF) TIFFs, nothing for the ordinary images the pipeline loads whole.
#pragma once

#include <smearpress/region_source.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

namespace smearpress::slide {

/// Whether `head` (a file's first bytes, 4 are enough) starts with a TIFF or BigTIFF signature:
/// "II*\0", "MM\0*", "II+\0" or "MM\0+".
bool looks_like_tiff(std::span<const std::uint8_t> head);
/// The same for a file's first bytes; false when it cannot be read.
bool looks_like_tiff(const std::filesystem::path& path);

/// A vendor format OpenSlide recognises (other than its generic-tiff driver) -> OpenSlideSource;
/// a TIFF -> TiffSource; anything else -> nullptr (the caller loads the image whole). Throws
/// codec::Error naming the file when it is one of those but cannot be opened.
std::unique_ptr<RegionSource> open_region_source(const std::filesystem::path& path);

}  // namespace smearpress::slide
