#include "jpeg_maker.hpp"

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <stdexcept>

// clang-format off
#include <jpeglib.h>
// clang-format on

namespace test {

namespace {

struct ErrorJump {
  jpeg_error_mgr mgr{};
  std::jmp_buf jump{};
  char message[JMSG_LENGTH_MAX] = {};
};

void on_error(j_common_ptr cinfo) {
  auto* e = reinterpret_cast<ErrorJump*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, e->message);
  std::longjmp(e->jump, 1);
}

void quiet(j_common_ptr) {}

void install(ErrorJump& e, j_common_ptr cinfo) {
  cinfo->err = jpeg_std_error(&e.mgr);
  e.mgr.error_exit = on_error;
  e.mgr.output_message = quiet;
}

// Owns the output buffer of jpeg_mem_dest.
struct MemDest {
  unsigned char* buf = nullptr;
  unsigned long size = 0;
  ~MemDest() { std::free(buf); }
  std::vector<std::uint8_t> bytes() const { return {buf, buf + size}; }
};

void set_sampling(jpeg_compress_struct& ci, const JpegSpec& s) {
  for (int c = 0; c < s.components; ++c) {
    ci.comp_info[c].h_samp_factor = s.sampling[static_cast<std::size_t>(c)].first;
    ci.comp_info[c].v_samp_factor = s.sampling[static_cast<std::size_t>(c)].second;
  }
}

void encode(jpeg_compress_struct& ci, const JpegSpec& s, const codec::Image& px, MemDest& dest) {
  jpeg_mem_dest(&ci, &dest.buf, &dest.size);
  ci.image_width = static_cast<JDIMENSION>(s.width);
  ci.image_height = static_cast<JDIMENSION>(s.height);
  ci.input_components = s.components;
  ci.in_color_space = s.components == 1 ? JCS_GRAYSCALE : (s.components == 4 ? JCS_CMYK : JCS_RGB);
  jpeg_set_defaults(&ci);
  if (s.rgb) jpeg_set_colorspace(&ci, JCS_RGB);
  jpeg_set_quality(&ci, s.quality, TRUE);
  set_sampling(ci, s);
  ci.optimize_coding = s.optimize ? TRUE : FALSE;
  ci.arith_code = s.arithmetic ? TRUE : FALSE;
  ci.restart_interval = static_cast<unsigned>(s.restart_blocks);
  if (s.progressive) {
    jpeg_simple_progression(&ci);
    if (s.dc_scans_only > 0) ci.num_scans = s.dc_scans_only;
  }
  jpeg_start_compress(&ci, TRUE);
  if (!s.app1.empty())
    jpeg_write_marker(&ci, JPEG_APP0 + 1, s.app1.data(), static_cast<unsigned>(s.app1.size()));
  for (int y = 0; y < s.height; ++y) {
    JSAMPROW row = const_cast<std::uint8_t*>(px.row(y));
    jpeg_write_scanlines(&ci, &row, 1);
  }
  jpeg_finish_compress(&ci);
}

void encode_coefficients(jpeg_compress_struct& ci, const codec::jpeg::Coefficients& c, bool progressive,
                         bool optimize, MemDest& dest) {
  jpeg_mem_dest(&ci, &dest.buf, &dest.size);
  ci.image_width = static_cast<JDIMENSION>(c.width);
  ci.image_height = static_cast<JDIMENSION>(c.height);
  ci.input_components = static_cast<int>(c.components.size());
  ci.in_color_space = c.components.size() == 1 ? JCS_GRAYSCALE : JCS_YCbCr;
  jpeg_set_defaults(&ci);
  for (int t = 0; t < codec::jpeg::kMaxQuantTables; ++t) {
    unsigned int basic[64];
    for (std::size_t k = 0; k < 64; ++k) basic[k] = std::max<unsigned>(1, c.quant[static_cast<std::size_t>(t)][k]);
    jpeg_add_quant_table(&ci, t, basic, 100, FALSE);
  }
  jvirt_barray_ptr arrays[4] = {};
  for (std::size_t i = 0; i < c.components.size(); ++i) {
    const auto& comp = c.components[i];
    ci.comp_info[i].h_samp_factor = comp.h_samp;
    ci.comp_info[i].v_samp_factor = comp.v_samp;
    ci.comp_info[i].quant_tbl_no = comp.quant_index;
    const auto w = static_cast<JDIMENSION>((comp.width_in_blocks + comp.h_samp - 1) / comp.h_samp * comp.h_samp);
    const auto h = static_cast<JDIMENSION>((comp.height_in_blocks + comp.v_samp - 1) / comp.v_samp * comp.v_samp);
    arrays[i] = (*ci.mem->request_virt_barray)(reinterpret_cast<j_common_ptr>(&ci), JPOOL_IMAGE, TRUE, w, h,
                                               static_cast<JDIMENSION>(comp.v_samp));
  }
  if (progressive) jpeg_simple_progression(&ci);
  ci.optimize_coding = optimize ? TRUE : FALSE;
  (*ci.mem->realize_virt_arrays)(reinterpret_cast<j_common_ptr>(&ci));
  for (std::size_t i = 0; i < c.components.size(); ++i) {
    const auto& comp = c.components[i];
    for (int by = 0; by < comp.height_in_blocks; ++by) {
      JBLOCKARRAY row = (*ci.mem->access_virt_barray)(reinterpret_cast<j_common_ptr>(&ci), arrays[i],
                                                      static_cast<JDIMENSION>(by), 1, TRUE);
      for (int bx = 0; bx < comp.width_in_blocks; ++bx)
        std::memcpy(row[0][bx], comp.block(bx, by), sizeof(JBLOCK));
    }
  }
  jpeg_write_coefficients(&ci, arrays);
  jpeg_finish_compress(&ci);
}

}  // namespace

std::vector<std::uint8_t> make_jpeg(const JpegSpec& spec, const codec::Image& pixels) {
  jpeg_compress_struct ci;
  ErrorJump err;
  MemDest dest;
  install(err, reinterpret_cast<j_common_ptr>(&ci));
  if (setjmp(err.jump) != 0) {
    jpeg_destroy_compress(&ci);
    throw std::runtime_error(std::string("make_jpeg: ") + err.message);
  }
  jpeg_create_compress(&ci);
  encode(ci, spec, pixels, dest);
  jpeg_destroy_compress(&ci);
  return dest.bytes();
}

std::vector<std::uint8_t> write_coefficients(const codec::jpeg::Coefficients& c, bool progressive,
                                             bool optimize) {
  jpeg_compress_struct ci;
  ErrorJump err;
  MemDest dest;
  install(err, reinterpret_cast<j_common_ptr>(&ci));
  if (setjmp(err.jump) != 0) {
    jpeg_destroy_compress(&ci);
    throw std::runtime_error(std::string("write_coefficients: ") + err.message);
  }
  jpeg_create_compress(&ci);
  encode_coefficients(ci, c, progressive, optimize, dest);
  jpeg_destroy_compress(&ci);
  return dest.bytes();
}

std::vector<std::uint8_t> transcode_optimized(const std::vector<std::uint8_t>& jpeg) {
  jpeg_decompress_struct di;
  jpeg_compress_struct ci;
  ErrorJump err;  // shared by both
  MemDest dest;
  install(err, reinterpret_cast<j_common_ptr>(&di));
  install(err, reinterpret_cast<j_common_ptr>(&ci));
  if (setjmp(err.jump) != 0) {
    jpeg_destroy_compress(&ci);
    jpeg_destroy_decompress(&di);
    throw std::runtime_error(std::string("transcode: ") + err.message);
  }
  jpeg_create_decompress(&di);
  jpeg_create_compress(&ci);
  jpeg_mem_src(&di, jpeg.data(), static_cast<unsigned long>(jpeg.size()));
  jpeg_read_header(&di, TRUE);
  jvirt_barray_ptr* arrays = jpeg_read_coefficients(&di);
  jpeg_copy_critical_parameters(&di, &ci);
  ci.optimize_coding = TRUE;
  jpeg_mem_dest(&ci, &dest.buf, &dest.size);
  jpeg_write_coefficients(&ci, arrays);
  jpeg_finish_compress(&ci);
  jpeg_finish_decompress(&di);
  jpeg_destroy_compress(&ci);
  jpeg_destroy_decompress(&di);
  return dest.bytes();
}

codec::Image make_content(int w, int h, int ch, std::uint32_t seed) {
  codec::Image img(w, h, ch);
  std::mt19937 rng(seed);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < ch; ++c)
        img.row(y)[x * ch + c] = static_cast<std::uint8_t>((x * 255 / std::max(1, w - 1) * (c + 1) +
                                                            y * 255 / std::max(1, h - 1) * (3 - c % 4)) / 4 % 256);
  std::uniform_int_distribution<int> any(0, 255), px(0, w - 1), py(0, h - 1);
  const int shapes = 1 + std::min(w * h / 300, 400);
  for (int s = 0; s < shapes; ++s) {  // saturated rectangles and discs with hard edges
    const int x0 = px(rng), y0 = py(rng), rx = 1 + px(rng) % 64, ry = 1 + py(rng) % 64;
    std::uint8_t col[4];
    for (auto& v : col) v = static_cast<std::uint8_t>(any(rng) < 128 ? 0 : 255);
    col[s % ch] = static_cast<std::uint8_t>(any(rng));
    const bool disc = s % 2 == 1;
    for (int y = std::max(0, y0 - ry); y < std::min(h, y0 + ry); ++y)
      for (int x = std::max(0, x0 - rx); x < std::min(w, x0 + rx); ++x) {
        const double dx = double(x - x0) / rx, dy = double(y - y0) / ry;
        if (disc && dx * dx + dy * dy > 1) continue;
        for (int c = 0; c < ch; ++c) img.row(y)[x * ch + c] = col[c];
      }
  }
  for (auto& v : img.data) {  // noise, and some salt and pepper
    const int r = any(rng);
    if (r < 8) v = static_cast<std::uint8_t>(r < 4 ? 0 : 255);
    else if (r < 96) v = static_cast<std::uint8_t>(std::clamp(v + (any(rng) % 41) - 20, 0, 255));
  }
  return img;
}

std::vector<std::uint8_t> exif_with_orientation(int orientation, bool le) {
  std::vector<std::uint8_t> b = {'E', 'x', 'i', 'f', 0, 0};
  auto u16 = [&](unsigned v) {
    const std::uint8_t lo = static_cast<std::uint8_t>(v & 0xFF), hi = static_cast<std::uint8_t>(v >> 8);
    b.push_back(le ? lo : hi);
    b.push_back(le ? hi : lo);
  };
  auto u32 = [&](unsigned v) {
    if (le) { u16(v & 0xFFFF); u16(v >> 16); } else { u16(v >> 16); u16(v & 0xFFFF); }
  };
  b.push_back(le ? 'I' : 'M');
  b.push_back(le ? 'I' : 'M');
  u16(42);
  u32(8);  // IFD0 right after the header
  u16(1);  // one entry
  u16(0x0112);
  u16(3);
  u32(1);
  u16(static_cast<unsigned>(orientation));
  u16(0);
  u32(0);  // no next IFD
  return b;
}

}  // namespace test
