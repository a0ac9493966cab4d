// tiff_source.cpp - reading rectangles of a TIFF through a pool of libtiff handles and a cache
// of decoded blocks (tiff_source.hpp).
#include "slide/tiff_source.hpp"

#include <opencv2/core.hpp>

#include <cerrno>

namespace smearpress::slide {

namespace {

std::string rect_text(const char* what, const cv::Rect& r) {
  return std::string(what) + " " + std::to_string(r.width) + "x" + std::to_string(r.height) + " at (" +
         std::to_string(r.x) + ", " + std::to_string(r.y) + ")";
}

// The decoded samples as the source returns them: sample 0 (gray), or samples 0-2 (RGB) in
// OpenCV's B, G, R order; extra samples (alpha) are dropped.
cv::Mat to_output(const cv::Mat& samples, const TiffLayout& l) {
  cv::Mat out(samples.size(), CV_8UC(l.channels));
  if (l.channels == 1) {
    const int from_to[] = {0, 0};
    cv::mixChannels(&samples, 1, &out, 1, from_to, 1);
    if (l.min_is_white) cv::bitwise_not(out, out);
  } else {
    const int from_to[] = {0, 2, 1, 1, 2, 0};
    cv::mixChannels(&samples, 1, &out, 1, from_to, 3);
  }
  return out;
}

}  // namespace

// A handle borrowed from the pool for one decode. It goes back only when the decode succeeded
// (give_back): after a failed decode libtiff's state is not trusted, and the handle is closed.
class TiffSource::Lease {
 public:
  explicit Lease(TiffSource& source) : source_(source) {
    {
      const std::lock_guard lock(source_.pool_mutex_);
      if (!source_.idle_.empty()) {
        file_ = std::move(source_.idle_.back());
        source_.idle_.pop_back();
      }
    }
    if (!file_) file_ = source_.open_handle();  // opening reads the directory: outside the lock
  }
  TiffFile& file() { return *file_; }
  void give_back() {
    const std::lock_guard lock(source_.pool_mutex_);
    source_.idle_.push_back(std::move(file_));
  }

 private:
  TiffSource& source_;
  std::unique_ptr<TiffFile> file_;
};

TiffSource::TiffSource(const std::filesystem::path& path, std::size_t cache_bytes, int directory)
    : path_(path), directory_(directory), cache_(cache_bytes) {
  auto first = open_file();
  layout_ = read_layout(*first);
  blocks_across_ = (layout_.width + layout_.block_width - 1) / layout_.block_width;
  idle_.push_back(std::move(first));
}

TiffSource::~TiffSource() = default;

std::unique_ptr<TiffFile> TiffSource::open_file() const {
  auto file = std::make_unique<TiffFile>(path_, "r");
  if (directory_ != 0 && (directory_ < 0 || TIFFSetDirectory(file->get(), static_cast<tdir_t>(directory_)) != 1))
    file->fail(codec::ErrorCode::kInvalidArgument, "no directory " + std::to_string(directory_));
  return file;
}

// A further handle on the same file. Its directory is read again, so a file changed since the
// first open fails here rather than being decoded with the first layout.
std::unique_ptr<TiffFile> TiffSource::open_handle() const {
  auto file = open_file();
  if (!(read_layout(*file) == layout_)) file->fail(codec::ErrorCode::kCorrupt, "the file changed while open");
  return file;
}

void TiffSource::read(const cv::Rect& r, cv::Mat& out) {
  if (r.width <= 0 || r.height <= 0 || r.x < 0 || r.y < 0 || r.x > layout_.width - r.width ||
      r.y > layout_.height - r.height)
    throw codec::Error(codec::ErrorCode::kInvalidArgument,
                       path_.string() + ": " + rect_text("region", r) + " is not inside the " +
                           std::to_string(layout_.width) + "x" + std::to_string(layout_.height) + " image");
  out.create(r.size(), CV_8UC(layout_.channels));
  const int bw = layout_.block_width, bh = layout_.block_height;
  try {
    for (int by = r.y / bh; by * bh < r.y + r.height; ++by)
      for (int bx = r.x / bw; bx * bw < r.x + r.width; ++bx) {
        const cv::Rect area = cv::Rect(bx * bw, by * bh, bw, bh) & cv::Rect(0, 0, layout_.width, layout_.height);
        const cv::Rect part = area & r;
        block(bx, by)(part - area.tl()).copyTo(out(part - r.tl()));
      }
  } catch (const codec::Error& e) {
    throw codec::Error(e.code(), path_.string() + ": " + rect_text("region", r) + ": " + e.what());
  }
}

// Block (bx, by), cropped to the image, from the cache or decoded.
cv::Mat TiffSource::block(int bx, int by) {
  const cv::Rect area = cv::Rect(bx * layout_.block_width, by * layout_.block_height, layout_.block_width,
                                 layout_.block_height) &
                        cv::Rect(0, 0, layout_.width, layout_.height);
  const std::uint64_t index = static_cast<std::uint64_t>(by) * blocks_across_ + bx;
  const std::size_t bytes = area.area() * static_cast<std::size_t>(layout_.channels);
  return cache_.get(index, bytes, [&] { return decode_block(area); });
}

// Decodes one tile or strip with a borrowed handle. Errors name the block, not the file: read()
// adds the file and the region.
cv::Mat TiffSource::decode_block(const cv::Rect& area) {
  Lease lease(*this);
  TIFF* tif = lease.file().get();
  const bool tiled = layout_.tiled;
  const std::uint32_t index = tiled ? TIFFComputeTile(tif, area.x, area.y, 0, 0)
                                   : static_cast<std::uint32_t>(area.y / layout_.block_height);
  // Strips: only the rows the last strip has; tiles: libtiff always decodes the full tile.
  const int rows = tiled ? layout_.block_height : area.height;
  cv::Mat samples(rows, layout_.block_width, CV_8UC(layout_.samples));
  const tmsize_t want = static_cast<tmsize_t>(samples.total() * samples.elemSize());
  const tmsize_t got = tiled ? TIFFReadEncodedTile(tif, index, samples.data, want)
                             : TIFFReadEncodedStrip(tif, index, samples.data, want);
  if (got != want) {
    const std::string& reason = lease.file().last_error();
    throw codec::Error(codec::ErrorCode::kCorrupt,
                       std::string(tiled ? "tile " : "strip ") + std::to_string(index) + " at (" +
                           std::to_string(area.x) + ", " + std::to_string(area.y) +
                           "): " + (got >= 0 || reason.empty() ? "short read" : reason));
  }
  lease.give_back();
  return to_output(samples(cv::Rect(0, 0, area.width, area.height)), layout_);
}

}  // namespace smearpress::slide
