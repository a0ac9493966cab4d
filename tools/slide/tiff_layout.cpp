// tiff_layout.cpp - checking a TIFF's first directory before decoding it (tiff_layout.hpp).
#include "slide/tiff_layout.hpp"

namespace smearpress::slide {

namespace {

using codec::ErrorCode;

// The value of a tag that must be present; a missing one is an error naming it.
std::uint32_t required_u32(TiffFile& f, ttag_t tag, const char* name) {
  std::uint32_t v = 0;
  if (TIFFGetField(f.get(), tag, &v) != 1) f.fail(ErrorCode::kCorrupt, std::string("no ") + name + " tag");
  return v;
}

std::uint16_t defaulted_u16(TiffFile& f, ttag_t tag) {
  std::uint16_t v = 0;
  TIFFGetFieldDefaulted(f.get(), tag, &v);
  return v;
}

int checked_side(TiffFile& f, std::uint32_t v, const char* what) {
  if (v == 0 || v > static_cast<std::uint32_t>(kMaxTiffSide))
    f.fail(ErrorCode::kLimitExceeded, std::string(what) + " " + std::to_string(v) + " is outside 1.." +
                                          std::to_string(kMaxTiffSide));
  return static_cast<int>(v);
}

// Samples: 8-bit unsigned integers, contiguous; sets samples and channels.
void read_samples(TiffFile& f, TiffLayout& l) {
  const std::uint16_t bits = defaulted_u16(f, TIFFTAG_BITSPERSAMPLE);
  if (bits != 8) f.fail(ErrorCode::kUnsupported, std::to_string(bits) + " bits per sample, only 8 is supported");
  const std::uint16_t format = defaulted_u16(f, TIFFTAG_SAMPLEFORMAT);
  if (format != SAMPLEFORMAT_UINT)
    f.fail(ErrorCode::kUnsupported, "sample format " + std::to_string(format) + ", only unsigned integers are supported");
  l.samples = defaulted_u16(f, TIFFTAG_SAMPLESPERPIXEL);
  if (l.samples < 1) f.fail(ErrorCode::kCorrupt, "0 samples per pixel");
  if (l.samples > 1 && defaulted_u16(f, TIFFTAG_PLANARCONFIG) != PLANARCONFIG_CONTIG)
    f.fail(ErrorCode::kUnsupported, "separate colour planes (PlanarConfiguration 2) are not supported");
}

// Photometric interpretation: gray (either polarity), RGB, or YCbCr inside JPEG, which libjpeg
// converts to RGB once JPEGCOLORMODE is set. Palette, CMYK, Lab and the rest are refused.
void read_colour(TiffFile& f, TiffLayout& l) {
  std::uint16_t photometric = 0;
  if (TIFFGetField(f.get(), TIFFTAG_PHOTOMETRIC, &photometric) != 1)
    f.fail(ErrorCode::kCorrupt, "no PhotometricInterpretation tag");
  l.compression = defaulted_u16(f, TIFFTAG_COMPRESSION);
  const bool jpeg = l.compression == COMPRESSION_JPEG;
  if (photometric == PHOTOMETRIC_MINISBLACK || photometric == PHOTOMETRIC_MINISWHITE) {
    l.channels = 1;
    l.min_is_white = photometric == PHOTOMETRIC_MINISWHITE;
  } else if (photometric == PHOTOMETRIC_RGB || (photometric == PHOTOMETRIC_YCBCR && jpeg)) {
    l.channels = 3;
  } else {
    f.fail(ErrorCode::kUnsupported, "photometric interpretation " + std::to_string(photometric) +
                                        (photometric == PHOTOMETRIC_YCBCR ? " (YCbCr) without JPEG" : "") +
                                        " is not supported (gray or RGB only)");
  }
  if (l.samples < l.channels)
    f.fail(ErrorCode::kCorrupt, std::to_string(l.samples) + " samples per pixel for a colour image");
  if (photometric == PHOTOMETRIC_YCBCR && l.samples != 3)
    f.fail(ErrorCode::kUnsupported, "YCbCr JPEG with extra samples is not supported");
  if (jpeg && TIFFSetField(f.get(), TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB) != 1)
    f.fail(ErrorCode::kUnsupported, "cannot convert JPEG tiles to RGB");
  if (!TIFFIsCODECConfigured(l.compression))
    f.fail(ErrorCode::kUnsupported, compression_name(l.compression) + " is not supported by this libtiff");
}

// Tiles or strips, and the size libtiff will decode them to, which must be what we compute.
void read_blocks(TiffFile& f, TiffLayout& l) {
  TIFF* tif = f.get();
  l.tiled = TIFFIsTiled(tif) != 0;
  if (l.tiled) {
    const std::uint32_t tw = required_u32(f, TIFFTAG_TILEWIDTH, "TileWidth");
    const std::uint32_t th = required_u32(f, TIFFTAG_TILELENGTH, "TileLength");
    if (tw == 0 || th == 0 || tw % 16 || th % 16 || tw > kMaxTiffSide || th > kMaxTiffSide)
      f.fail(ErrorCode::kCorrupt, "tile size " + std::to_string(tw) + "x" + std::to_string(th) +
                                      " is not a positive multiple of 16");
    l.block_width = static_cast<int>(tw);
    l.block_height = static_cast<int>(th);
  } else {
    std::uint32_t rows = 0;
    TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &rows);
    if (rows == 0) f.fail(ErrorCode::kCorrupt, "0 rows per strip");
    l.block_width = l.width;
    l.block_height = rows > static_cast<std::uint32_t>(l.height) ? l.height : static_cast<int>(rows);
  }
  const double bytes = static_cast<double>(l.block_width) * l.block_height * l.samples;
  if (bytes > static_cast<double>(kMaxBlockBytes))
    f.fail(ErrorCode::kLimitExceeded, std::string(l.tiled ? "a tile" : "a strip") + " decodes to " +
                                          std::to_string(static_cast<long long>(bytes) >> 20) +
                                          " MB, above the limit of " + std::to_string(kMaxBlockBytes >> 20) +
                                          (l.tiled ? " MB" : " MB (rewrite the file tiled)"));
  const tmsize_t libtiff_bytes = l.tiled ? TIFFTileSize(tif) : TIFFStripSize(tif);
  if (libtiff_bytes != static_cast<tmsize_t>(l.block_bytes()))
    f.fail(ErrorCode::kUnsupported, "unexpected layout (libtiff decodes " + std::to_string(libtiff_bytes) +
                                        " bytes per block, not " + std::to_string(l.block_bytes()) + ")");
}

}  // namespace

TiffLayout read_layout(TiffFile& f) {
  TiffLayout l;
  l.bigtiff = TIFFIsBigTIFF(f.get()) != 0;
  l.width = checked_side(f, required_u32(f, TIFFTAG_IMAGEWIDTH, "ImageWidth"), "width");
  l.height = checked_side(f, required_u32(f, TIFFTAG_IMAGELENGTH, "ImageLength"), "height");
  read_samples(f, l);
  read_colour(f, l);
  read_blocks(f, l);
  return l;
}

std::string describe(const TiffLayout& l) {
  std::string s = l.bigtiff ? "BigTIFF, " : "TIFF, ";
  s += l.tiled ? "tiled " + std::to_string(l.block_width) + "x" + std::to_string(l.block_height)
               : "striped " + std::to_string(l.block_height) + (l.block_height == 1 ? " row" : " rows");
  s += ", " + compression_name(l.compression) + ", " + std::to_string(l.samples) +
       (l.samples == 1 ? " sample" : " samples");
  return s;
}

}  // namespace smearpress::slide
