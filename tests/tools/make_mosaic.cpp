// make_mosaic.cpp - smearpress_make_mosaic: a test slide of any size from blood-smear fields,
// with its Pascal-VOC boxes, built in bounded memory (not installed).
//
//   smearpress_make_mosaic --fields DIR --annotations DIR (--width W --height H | --megapixels MP)
//                          [--tile 512] [--compression deflate|zstd|lzw|none|jpeg]
//                          [--striped ROWS] [--seed N] -o OUT.tif --boxes OUT.xml
//
// The fields (DIR/*.jpg, all of one size, each with DIR/<stem>.xml) are shuffled with the seed
// and laid on a grid row by row, cycling through all of them; the right and bottom cells are
// cropped. The output is a pyramidal tiled BigTIFF (PyramidTiffWriter), or with --striped a
// single-level striped TIFF. The XML has every box moved to its cell; a box cut by the image edge
// is clipped, and dropped when less than half of it remains.
//
// Memory: one tile (or strip band) is composed at a time from a small cache of decoded fields,
// next to the writer's band buffers. Measured with the 40 BCCD fields, tile 512, on 2 shared
// cores (/usr/bin/time -v; sizes include the pyramid):
//
//   150 MP (12248 x 12248)  deflate 1  339 MB   9.0 s  120 MB RSS   <- the default: as small as
//                           zstd 3     316 MB   9.2 s  131 MB          zstd within 7%, as fast,
//                           lzw        482 MB  13.6 s  122 MB          and every TIFF reader
//                           none       606 MB   5.1 s  120 MB          has it
//                           jpeg 90     23 MB   2.8 s  120 MB
//   1 GP (32768 x 30720)    deflate 1  2.2 GB  54 s    154 MB RSS

#include "runners/roi_eval.hpp"
#include "io/files.hpp"
#include "slide/pyramid_tiff_writer.hpp"
#include "slide/tiff_file.hpp"

#include <CLI/CLI.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <list>
#include <random>
#include <sstream>

namespace fs = std::filesystem;
using smearpress::VocBox;

namespace {

struct Options {
  fs::path fields, annotations, out, boxes;
  int width = 0, height = 0;
  double megapixels = 0;
  int tile = 512;
  std::string compression = "deflate";
  int striped = 0;  // rows per strip; 0: tiled pyramid
  unsigned seed = 1;
};

struct Field {
  fs::path image;
  std::vector<VocBox> boxes;
};

// The fields in a seeded order (Fisher-Yates on mt19937, whose output the standard fixes, so a
// seed gives the same mosaic everywhere).
std::vector<Field> load_fields(const Options& o) {
  std::vector<fs::path> images;
  for (const auto& e : fs::directory_iterator(o.fields))
    if (e.path().extension() == ".jpg") images.push_back(e.path());
  if (images.empty()) throw smearpress::InputError(o.fields.string() + ": no .jpg fields");
  std::sort(images.begin(), images.end());
  std::mt19937 rng(o.seed);
  for (std::size_t i = images.size() - 1; i > 0; --i) std::swap(images[i], images[rng() % (i + 1)]);
  std::vector<Field> fields;
  for (const auto& p : images)
    fields.push_back({p, smearpress::read_voc(o.annotations / (p.stem().string() + ".xml"))});
  return fields;
}

// Decoded fields, least recently used out: a band of tiles touches two rows of cells at most.
class FieldCache {
 public:
  FieldCache(const std::vector<Field>& fields, cv::Size cell, std::size_t capacity)
      : fields_(fields), cell_(cell), capacity_(capacity) {}
  cv::Mat get(std::size_t index) {
    for (auto it = cache_.begin(); it != cache_.end(); ++it)
      if (it->first == index) {
        cache_.splice(cache_.begin(), cache_, it);
        return it->second;
      }
    const fs::path& path = fields_[index].image;
    cv::Mat img = cv::imread(path.string(), cv::IMREAD_COLOR);
    if (img.empty()) throw smearpress::InputError(path.string() + ": cannot decode");
    if (img.size() != cell_)
      throw smearpress::InputError(path.string() + ": not " + std::to_string(cell_.width) + "x" +
                                   std::to_string(cell_.height) + " like the first field");
    cache_.emplace_front(index, img);
    if (cache_.size() > capacity_) cache_.pop_back();
    return img;
  }

 private:
  const std::vector<Field>& fields_;
  cv::Size cell_;
  std::size_t capacity_;
  std::list<std::pair<std::size_t, cv::Mat>> cache_;
};

struct Layout {
  cv::Size image, cell;
  int cols = 0;
  std::size_t fields = 0;
  std::size_t field_at(int cx, int cy) const { return (static_cast<std::size_t>(cy) * cols + cx) % fields; }
};

// The mosaic's pixels in `area`.
cv::Mat compose(const cv::Rect& area, const Layout& l, FieldCache& cache) {
  cv::Mat out(area.size(), CV_8UC3);
  for (int cy = area.y / l.cell.height; cy * l.cell.height < area.y + area.height; ++cy)
    for (int cx = area.x / l.cell.width; cx * l.cell.width < area.x + area.width; ++cx) {
      const cv::Rect cell(cx * l.cell.width, cy * l.cell.height, l.cell.width, l.cell.height);
      const cv::Rect part = cell & area;
      cache.get(l.field_at(cx, cy))(part - cell.tl()).copyTo(out(part - area.tl()));
    }
  return out;
}

void write_pyramid(const Options& o, const Layout& l, FieldCache& cache) {
  smearpress::slide::PyramidTiffOptions options;
  options.tile = o.tile;
  options.compression = smearpress::slide::parse_tiff_compression(o.compression);
  smearpress::slide::PyramidTiffWriter writer(o.out, l.image.width, l.image.height, 3, options);
  for (int y = 0; y < l.image.height; y += o.tile)
    for (int x = 0; x < l.image.width; x += o.tile) {
      const cv::Rect r = cv::Rect(x, y, o.tile, o.tile) & cv::Rect({}, l.image);
      writer.put(r, compose(r, l, cache));
    }
  writer.finish();
}

// A single-level striped TIFF (BigTIFF when the pixels pass 3.5 GB), written next to the output
// and renamed.
void write_striped(const Options& o, const Layout& l, FieldCache& cache) {
  using smearpress::slide::TiffFile;
  const auto compression = smearpress::slide::parse_tiff_compression(o.compression);
  const std::uint16_t code = compression == smearpress::slide::TiffCompression::kDeflate ? COMPRESSION_ADOBE_DEFLATE
                             : compression == smearpress::slide::TiffCompression::kZstd  ? COMPRESSION_ZSTD
                             : compression == smearpress::slide::TiffCompression::kLzw   ? COMPRESSION_LZW
                             : compression == smearpress::slide::TiffCompression::kJpeg  ? COMPRESSION_JPEG
                                                                                         : COMPRESSION_NONE;
  fs::path partial = o.out;
  partial += ".partial";
  const bool big = 3.0 * l.image.area() > 3.5e9;
  try {
    TiffFile f(partial, big ? "w8" : "w");
    TIFF* tif = f.get();
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, static_cast<std::uint32_t>(l.image.width));
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, static_cast<std::uint32_t>(l.image.height));
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 8);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 3);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, static_cast<std::uint32_t>(o.striped));
    TIFFSetField(tif, TIFFTAG_COMPRESSION, code);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, code == COMPRESSION_JPEG ? PHOTOMETRIC_YCBCR : PHOTOMETRIC_RGB);
    if (code == COMPRESSION_JPEG) TIFFSetField(tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
    for (int y = 0, strip = 0; y < l.image.height; y += o.striped, ++strip) {
      cv::Mat rows = compose(cv::Rect(0, y, l.image.width, std::min(o.striped, l.image.height - y)), l, cache);
      cv::cvtColor(rows, rows, cv::COLOR_BGR2RGB);
      const auto bytes = static_cast<tmsize_t>(rows.total() * rows.elemSize());
      if (TIFFWriteEncodedStrip(tif, static_cast<std::uint32_t>(strip), rows.data, bytes) != bytes)
        f.fail(smearpress::slide::kWriteFailed, "cannot write strip " + std::to_string(strip));
    }
    f.close_checked();
    fs::rename(partial, o.out);
  } catch (...) {
    std::error_code ec;
    fs::remove(partial, ec);
    throw;
  }
}

std::string xml_escaped(const std::string& s) {
  std::string out;
  for (const char c : s) out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : std::string(1, c);
  return out;
}

// One <object> per box moved to cell (cx, cy): the box (1-based, inclusive), clipped to its field,
// then to the image; dropped when less than half of the clipped-to-field box remains.
void add_cell_boxes(std::ostringstream& xml, const Field& field, int cx, int cy, const Layout& l) {
  const int ox = cx * l.cell.width, oy = cy * l.cell.height;
  for (const VocBox& b : field.boxes) {
    const int x0 = std::max(b.xmin, 1), y0 = std::max(b.ymin, 1);
    const int x1 = std::min(b.xmax, l.cell.width), y1 = std::min(b.ymax, l.cell.height);
    if (x1 < x0 || y1 < y0) continue;
    const int vx1 = std::min(x1 + ox, l.image.width), vy1 = std::min(y1 + oy, l.image.height);
    const long long whole = static_cast<long long>(x1 - x0 + 1) * (y1 - y0 + 1);
    const long long seen = static_cast<long long>(std::max(0, vx1 - (x0 + ox) + 1)) * std::max(0, vy1 - (y0 + oy) + 1);
    if (2 * seen < whole) continue;
    xml << "<object><name>" << xml_escaped(b.label) << "</name><truncated>" << (seen < whole ? 1 : 0)
        << "</truncated><difficult>0</difficult><bndbox><xmin>" << x0 + ox << "</xmin><ymin>" << y0 + oy
        << "</ymin><xmax>" << vx1 << "</xmax><ymax>" << vy1 << "</ymax></bndbox></object>\n";
  }
}

std::string boxes_xml(const Options& o, const Layout& l, const std::vector<Field>& fields) {
  std::ostringstream xml;
  xml << "<annotation>\n<filename>" << xml_escaped(o.out.filename().string()) << "</filename>\n<size><width>"
      << l.image.width << "</width><height>" << l.image.height << "</height><depth>3</depth></size>\n";
  for (int cy = 0; cy * l.cell.height < l.image.height; ++cy)
    for (int cx = 0; cx * l.cell.width < l.image.width; ++cx) add_cell_boxes(xml, fields[l.field_at(cx, cy)], cx, cy, l);
  xml << "</annotation>\n";
  return xml.str();
}

// The mosaic's size: --width and --height, or a near-square of --megapixels.
cv::Size mosaic_size(const Options& o) {
  if (o.megapixels > 0) {
    const double pixels = o.megapixels * 1e6;
    const int w = static_cast<int>(std::ceil(std::sqrt(pixels)));
    return {w, static_cast<int>(std::ceil(pixels / w))};
  }
  if (o.width <= 0 || o.height <= 0) throw CLI::ValidationError("give --width and --height, or --megapixels");
  return {o.width, o.height};
}

void run(const Options& o) {
  const std::vector<Field> fields = load_fields(o);
  const cv::Mat first = cv::imread(fields.front().image.string(), cv::IMREAD_COLOR);
  if (first.empty()) throw smearpress::InputError(fields.front().image.string() + ": cannot decode");
  Layout l;
  l.image = mosaic_size(o);
  l.cell = first.size();
  l.cols = (l.image.width + l.cell.width - 1) / l.cell.width;
  l.fields = fields.size();
  // Two rows of cells hold every field a tile or strip band can touch (cells are not smaller
  // than a tile here); the fields of a repeating row are shared, so usually far fewer.
  const std::size_t per_band = 2 * static_cast<std::size_t>(l.cols) + 2;
  FieldCache cache(fields, l.cell, std::min(per_band, fields.size()));
  if (o.striped > 0) write_striped(o, l, cache);
  else write_pyramid(o, l, cache);
  smearpress::write_text_atomic(o.boxes, boxes_xml(o, l, fields));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"A test slide: blood-smear fields tiled into a mosaic of any size, with its VOC boxes"};
  Options o;
  app.add_option("--fields", o.fields, "folder of the field images (*.jpg)")->required()->check(CLI::ExistingDirectory);
  app.add_option("--annotations", o.annotations, "folder of their Pascal-VOC XML")->required()->check(CLI::ExistingDirectory);
  app.add_option("--width", o.width, "mosaic width")->check(CLI::Range(1, 1 << 20));
  app.add_option("--height", o.height, "mosaic height")->check(CLI::Range(1, 1 << 20));
  app.add_option("--megapixels", o.megapixels, "near-square size instead of --width/--height")->check(CLI::Range(1e-6, 1e6));
  app.add_option("--tile", o.tile, "tile size (multiple of 16)")->check(CLI::Range(16, 4096));
  app.add_option("--compression", o.compression, "deflate, zstd, lzw, none or jpeg");
  app.add_option("--striped", o.striped, "rows per strip: a striped single-level TIFF")->check(CLI::Range(1, 1 << 16));
  app.add_option("--seed", o.seed, "shuffle seed");
  app.add_option("-o", o.out, "output TIFF")->required();
  app.add_option("--boxes", o.boxes, "output Pascal-VOC XML")->required();
  CLI11_PARSE(app, argc, argv);
  try {
    run(o);
  } catch (const CLI::Error& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "smearpress_make_mosaic: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
